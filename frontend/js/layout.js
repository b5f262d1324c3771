// Graph -> ELK JSON -> positions. DOM-free: runs in the page, in a worker or under node --test.
import { formatValue } from "./format.js";
import { badgeSum, formatWire } from "./tensor.js";

export const OUTPUT_NODE = "__output";
export const OUTPUT_EDGE = "__output_edge";

// Graphs above this many nodes are laid out without wire labels and with a faster ELK setting.
export const LABEL_LIMIT = 150;

// Big-graph ELK settings: orthogonal routing and Brandes-Koepf placement take most of ELK's time
// at 1,000 nodes (and spread the drawing wide); straight polylines and simple placement are ~1.6x faster.
const FAST_OPTIONS = { "elk.edgeRouting": "POLYLINE", "elk.layered.nodePlacement.strategy": "SIMPLE" };

/** Nodes that take one operand twice (`x * x`): they keep a port per argument, so both wires show. */
export const repeatedTargets = (trace) => {
  const seen = new Set();
  const out = new Set();
  for (const e of trace.edges) {
    const key = `${e.source}>${e.target}`;
    if (seen.has(key)) out.add(e.target);
    seen.add(key);
  }
  return out;
};

const CHAR = 7.6;
export const NEURON_SIZE = 60;
export const SERIES_WIDTH = 140;
export const SERIES_HEIGHT = 92;
// How far each card of a series' deck sits behind the one in front of it.
export const DECK_OFFSET = 4;

/** Drawn size of a node: input/const pills sized to their text, gates as circles. */
export const nodeSize = (node) => {
  if (node.kind === "input") {
    const text = node.label ?? node.id;
    return { width: Math.max(34, text.length * 9.5 + 22), height: 30, shape: "pill" };
  }
  if (node.kind === "const") {
    const text = formatValue(node.value);
    return { width: Math.max(28, text.length * CHAR + 16), height: 24, shape: "pill" };
  }
  // An n-ary Σ gate: as tall as its terms need, so each wire lands on a port of its own.
  if (node.kind === "group" && node.chain)
    return { width: 46, height: Math.max(46, (node.terms ?? 0) * 14), shape: node.terms > 4 ? "bus" : "circle" };
  // A collapsed series (view/series.js): a deck of cards with its name, count, value and gradient.
  if (node.kind === "group" && node.series)
    return { width: Math.max(SERIES_WIDTH, (node.label ?? "").length * 9 + 40), height: SERIES_HEIGHT, shape: "deck" };
  if (node.kind === "group") return { width: NEURON_SIZE, height: NEURON_SIZE, shape: "circle" }; // a collapsed unit
  if (node.kind === "stub") {
    const text = node.leafKind === "const" ? formatValue(node.value) : (node.label ?? "");
    return { width: Math.max(26, text.length * 8.5 + 14), height: 22, shape: "pill" };
  }
  const symbol = node.symbol ?? node.op ?? "?";
  const d = Math.max(40, symbol.length * 9 + 18);
  return { width: d, height: d, shape: "circle" };
};

// Room under a branch node for its running gradient sum, e.g. `∂ = 1 + (-4) = -3 + …`.
export const BADGE_HEIGHT = 30;

// Room under a tensor node for its shape, e.g. `4×3`.
export const SHAPE_TAG_HEIGHT = 16;
export const shapeTagHeight = (node) => (node.shape?.length ? SHAPE_TAG_HEIGHT : 0);

/**
 * The box ELK places for each node: the drawn shape at its top centre, plus room for the
 * branch-sum badge under nodes that feed several wires. Returns Map id -> {width, height, shape}.
 */
export const nodeBoxes = (trace) => {
  const out = new Map();
  for (const e of trace.edges) out.set(e.source, [...(out.get(e.source) ?? []), e.grad]);
  // A leaf drawn as stubs has no wires of its own, but its gradient still sums all of theirs.
  for (const n of trace.nodes) if (n.kind === "stub") out.set(n.of, [...(out.get(n.of) ?? []), n.grad]);
  const boxes = new Map();
  for (const node of trace.nodes) {
    const size = nodeSize(node);
    // A wire into a collapsed series stands for several edges: the badge sums all of them.
    const drawn = out.get(node.id) ?? [];
    const more = Math.max(0, (node.arrivals ?? 0) - drawn.length);
    const grads = more ? [...drawn, ...Array(more).fill(node.grad)] : drawn;
    let width = size.width;
    let height = size.height + shapeTagHeight(node);
    // Room for the running sum: in a big graph only at leaves (their stubs' sums), where it is short.
    if (grads.length > 1 && (trace.nodes.length <= LABEL_LIMIT || node.kind !== "op")) {
      const text = `∂ = ${badgeSum(grads, node.grad, grads.length + 1)}`;
      width = Math.max(width, text.length * 8.4 + 16);
      height += BADGE_HEIGHT;
    }
    boxes.set(node.id, {
      width,
      height,
      shape: { x: (width - size.width) / 2, y: 0, width: size.width, height: size.height, kind: size.shape },
    });
  }
  return boxes;
};

/** y offset of input port i of n on a node of height h: spread symmetrically around the centre. */
export const inputPortY = (h, i, n) => {
  if (n <= 1) return h / 2;
  const spread = Math.min(16, (h * 0.8) / (n - 1));
  return h / 2 + (i - (n - 1) / 2) * spread;
};

/** Label box for an edge, wide enough for its final value and gradient as the wire shows them. */
export const labelFor = (edge, value, grad) => {
  const chars = Math.max(formatWire(value).length, formatWire(grad).length, 2);
  return {
    id: `${edge}.label`,
    text: edge,
    width: chars * CHAR + 10,
    height: 36,
    layoutOptions: { "elk.edgeLabels.inline": "true" },
  };
};

/** ELK options every layout shares (layered, left to right, labels on the wires), plus `extra`. */
export const elkOptions = (extra) => ({
  "elk.algorithm": "layered",
  "elk.direction": "RIGHT",
  "elk.spacing.edgeLabel": "0",
  "elk.layered.spacing.edgeNodeBetweenLayers": "12",
  "elk.padding": "[top=24,left=24,bottom=24,right=24]",
  ...extra,
});

/**
 * Converts an API trace to an ELK graph. Inputs sit in the first layer, a virtual output
 * node in the last; every edge gets its own ports so `x * x` draws two wires. Big graphs
 * (`fast`, default above LABEL_LIMIT nodes) attach wires to the nodes themselves, except at
 * nodes that take one operand twice, and use FAST_OPTIONS.
 */
export const toElkGraph = (trace, options = {}) => {
  const labels = options.labels ?? trace.nodes.length <= LABEL_LIMIT;
  const fast = options.fast ?? trace.nodes.length > LABEL_LIMIT;
  // Model-order crossing minimisation keeps the typed order (x above y) but is slow on big graphs.
  const small = trace.nodes.length <= 60;
  const byId = new Map(trace.nodes.map((n) => [n.id, n]));
  const arity = new Map();
  for (const e of trace.edges) arity.set(e.target, Math.max(arity.get(e.target) ?? 0, e.index + 1));
  const ported = fast ? repeatedTargets(trace) : null; // null: every node has ports
  const hasPorts = (id) => !ported || ported.has(id);
  const boxes = nodeBoxes(trace);
  const children = trace.nodes.map((node) => {
    const { width, height, shape } = boxes.get(node.id);
    const layoutOptions = { "elk.alignment": "CENTER" };
    // Inputs start the drawing, unless `pinInput` says otherwise (a network's weights sit by their layer).
    if (node.kind === "input" && (options.pinInput?.(node) ?? true))
      layoutOptions["elk.layered.layering.layerConstraint"] = "FIRST";
    if (!hasPorts(node.id)) return { id: node.id, width, height, layoutOptions };
    const n = arity.get(node.id) ?? 0;
    const ports = [{ id: `${node.id}.out`, x: width, y: shape.height / 2, width: 0, height: 0 }];
    for (let i = 0; i < n; i += 1) {
      ports.push({ id: `${node.id}.in${i}`, x: 0, y: inputPortY(shape.height, i, n), width: 0, height: 0 });
    }
    layoutOptions["elk.portConstraints"] = "FIXED_POS";
    return { id: node.id, width, height, ports, layoutOptions };
  });
  const output = {
    id: OUTPUT_NODE,
    width: 28,
    height: 30,
    layoutOptions: { "elk.layered.layering.layerConstraint": "LAST" },
  };
  if (!fast) {
    output.ports = [{ id: `${OUTPUT_NODE}.in0`, x: 0, y: 15, width: 0, height: 0 }];
    output.layoutOptions["elk.portConstraints"] = "FIXED_POS";
  }
  children.push(output);
  const source = (id) => (hasPorts(id) ? `${id}.out` : id);
  const edges = trace.edges.map((e) => {
    const target = hasPorts(e.target) ? `${e.target}.in${e.index}` : e.target;
    const edge = { id: e.id, sources: [source(e.source)], targets: [target] };
    if (labels) edge.labels = [labelFor(e.id, byId.get(e.source)?.value, e.grad)];
    return edge;
  });
  const out = byId.get(trace.output.node);
  const outEdge = {
    id: OUTPUT_EDGE,
    sources: [source(trace.output.node)],
    targets: [fast ? OUTPUT_NODE : `${OUTPUT_NODE}.in0`],
  };
  if (labels) outEdge.labels = [labelFor(OUTPUT_EDGE, out?.value, out?.grad)];
  edges.push(outEdge);
  return {
    id: "root",
    boxes,
    layoutOptions: elkOptions({
      "elk.edgeRouting": "ORTHOGONAL",
      "elk.spacing.nodeNode": labels ? "30" : "14",
      "elk.layered.spacing.nodeNodeBetweenLayers": labels ? "22" : "40",
      "elk.spacing.edgeEdge": "10",
      "elk.layered.spacing.edgeEdgeBetweenLayers": "10",
      "elk.layered.considerModelOrder.strategy": small ? "NODES_AND_EDGES" : "NONE",
      "elk.layered.thoroughness": small ? "7" : "1",
      ...(fast ? FAST_OPTIONS : {}),
    }),
    children,
    edges,
  };
};

/** Reads ELK's result into plain positions: nodes {x, y, width, height}, edges {points, label}. */
export const positionsFromElk = (result, boxes = new Map()) => {
  const nodes = new Map();
  for (const c of result.children ?? []) {
    const shape = boxes.get(c.id)?.shape ?? { x: 0, y: 0, width: c.width, height: c.height, kind: "box" };
    nodes.set(c.id, { x: c.x, y: c.y, width: c.width, height: c.height, shape });
  }
  const edges = new Map();
  for (const e of result.edges ?? []) {
    const points = [];
    for (const s of e.sections ?? []) {
      points.push(s.startPoint, ...(s.bendPoints ?? []), s.endPoint);
    }
    const l = e.labels?.[0];
    edges.set(e.id, {
      points: points.map((p) => ({ x: p.x, y: p.y })),
      label: l && l.x !== undefined ? { x: l.x, y: l.y, width: l.width, height: l.height } : null,
    });
  }
  return { width: result.width ?? 0, height: result.height ?? 0, nodes, edges };
};

/** Where a wire's value and gradient go: the label box ELK reserved, else the longest horizontal run. */
export const labelAnchor = (edge) => {
  if (edge.label) return { x: edge.label.x + edge.label.width / 2, y: edge.label.y + edge.label.height / 2 };
  let best = null;
  for (let i = 1; i < edge.points.length; i += 1) {
    const a = edge.points[i - 1];
    const b = edge.points[i];
    const len = Math.abs(b.x - a.x);
    if (Math.abs(a.y - b.y) < 0.5 && (!best || len > best.len)) best = { len, x: (a.x + b.x) / 2, y: a.y };
  }
  const p = edge.points[0] ?? { x: 0, y: 0 };
  return best ? { x: best.x, y: best.y } : { x: p.x, y: p.y };
};

/** Lays out a trace with an ELK instance (anything with `layout(graph) -> Promise`). */
export const layoutTrace = async (elk, trace, options = {}) => {
  const { boxes, ...graph } = toElkGraph(trace, options);
  return positionsFromElk(await elk.layout(graph), boxes);
};
