// Network diagram layout (DOM-free): a grouped view -> ELK compound graph (expanded units as frames) -> positions.
import {
  nodeSize,
  inputPortY,
  labelFor,
  elkOptions,
  BADGE_HEIGHT,
  OUTPUT_NODE,
  OUTPUT_EDGE,
  layoutTrace,
} from "./layout.js";
import { formatValue, formatSum } from "./format.js";

export const FRAME_PREFIX = "frame:";
// Room under a node for its value (green) and gradient (red) when no labelled wire carries them.
export const CAPTION_HEIGHT = 40;
const CAPTION_CHAR = 8.2;

/** The expanded group a view node is drawn inside, or null (collapsed units and x[i] sit at the top level). */
export const frameOf = (view, node) =>
  node.kind !== "group" && node.group && view.expanded.has(node.group) ? node.group : null;

/**
 * Which view edges carry wire labels: those inside one expanded unit (its w·x + b chain) and the
 * output wire. Wires between columns stay bare: a fully connected layer would be unreadable.
 */
export const labelledEdges = (view) => {
  const byId = new Map(view.trace.nodes.map((n) => [n.id, n]));
  const out = new Set();
  for (const e of view.trace.edges) {
    const frame = frameOf(view, byId.get(e.source));
    if (frame && frame === frameOf(view, byId.get(e.target))) out.add(e.id);
  }
  return out;
};

/**
 * Box of each view node: its shape, a caption (value and gradient under the node) when none
 * of its outgoing wires is labelled, and the branch-sum badge when it feeds several wires.
 * Returns Map id -> {width, height, shape, caption, badge}.
 */
export const networkBoxes = (view, labelled = labelledEdges(view)) => {
  const outs = new Map();
  for (const e of view.trace.edges) outs.set(e.source, [...(outs.get(e.source) ?? []), e]);
  const boxes = new Map();
  for (const node of view.trace.nodes) {
    const size = nodeSize(node);
    const edges = outs.get(node.id) ?? [];
    const caption = node.id !== view.trace.output.node && !edges.some((e) => labelled.has(e.id));
    const badge = edges.length > 1;
    let width = size.width;
    let height = size.height;
    if (caption) {
      width = Math.max(
        width,
        Math.max(formatValue(node.value).length, formatValue(node.grad).length) * CAPTION_CHAR + 10,
      );
      height += CAPTION_HEIGHT;
    }
    if (badge) {
      width = Math.max(
        width,
        `∂ = ${formatSum(
          edges.map((e) => e.grad),
          node.grad,
        )} + …`.length *
          CAPTION_CHAR +
          16,
      );
      height += BADGE_HEIGHT;
    }
    const shape = { x: (width - size.width) / 2, y: 0, width: size.width, height: size.height, kind: size.shape };
    boxes.set(node.id, { width, height, shape, caption, badge });
  }
  return boxes;
};

/** The ELK graph of a grouped view: expanded units become compound nodes (frames) holding their gates. */
export const toElkNetwork = (view) => {
  const { trace } = view;
  const byId = new Map(trace.nodes.map((n) => [n.id, n]));
  const labelled = labelledEdges(view);
  const boxes = networkBoxes(view, labelled);
  const arity = new Map();
  for (const e of trace.edges) arity.set(e.target, Math.max(arity.get(e.target) ?? 0, e.index + 1));
  const root = [];
  const frames = new Map();
  for (const node of trace.nodes) {
    const { width, height, shape } = boxes.get(node.id);
    const ports = [{ id: `${node.id}.out`, x: width, y: shape.height / 2, width: 0, height: 0 }];
    const n = arity.get(node.id) ?? 0;
    for (let i = 0; i < n; i += 1)
      ports.push({ id: `${node.id}.in${i}`, x: 0, y: inputPortY(shape.height, i, n), width: 0, height: 0 });
    const layoutOptions = { "elk.portConstraints": "FIXED_POS" };
    const frame = frameOf(view, node);
    if (node.kind === "input" && !frame) layoutOptions["elk.layered.layering.layerConstraint"] = "FIRST";
    const child = { id: node.id, width, height, ports, layoutOptions };
    if (!frame) {
      root.push(child);
      continue;
    }
    if (!frames.has(frame)) {
      const elkFrame = {
        id: `${FRAME_PREFIX}${frame}`,
        children: [],
        edges: [],
        layoutOptions: { "elk.padding": "[top=40,left=14,bottom=12,right=14]" },
      };
      frames.set(frame, elkFrame);
      root.push(elkFrame);
    }
    frames.get(frame).children.push(child);
  }
  root.push({
    id: OUTPUT_NODE,
    width: 28,
    height: 30,
    ports: [{ id: `${OUTPUT_NODE}.in0`, x: 0, y: 15, width: 0, height: 0 }],
    layoutOptions: { "elk.portConstraints": "FIXED_POS", "elk.layered.layering.layerConstraint": "LAST" },
  });
  const rootEdges = [];
  for (const e of trace.edges) {
    const edge = { id: e.id, sources: [`${e.source}.out`], targets: [`${e.target}.in${e.index}`] };
    if (labelled.has(e.id)) {
      edge.labels = [labelFor(e.id, byId.get(e.source)?.value, e.grad)];
      frames.get(frameOf(view, byId.get(e.source))).edges.push(edge);
    } else rootEdges.push(edge);
  }
  const out = byId.get(trace.output.node);
  rootEdges.push({
    id: OUTPUT_EDGE,
    sources: [`${trace.output.node}.out`],
    targets: [`${OUTPUT_NODE}.in0`],
    labels: [labelFor(OUTPUT_EDGE, out?.value, out?.grad)],
  });
  return {
    id: "root",
    boxes,
    layoutOptions: elkOptions({
      "elk.hierarchyHandling": "INCLUDE_CHILDREN",
      "elk.edgeRouting": "POLYLINE",
      "elk.spacing.nodeNode": "22",
      "elk.layered.spacing.nodeNodeBetweenLayers": "60",
      "elk.spacing.edgeEdge": "8",
      "elk.layered.spacing.edgeEdgeBetweenLayers": "8",
      "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
      "elk.layered.thoroughness": trace.nodes.length <= 120 ? "7" : "1",
    }),
    children: root,
    edges: rootEdges,
  };
};

/**
 * Reads ELK's nested result into absolute positions: nodes, edges (points, label), and the
 * frames of expanded groups as `groups` (Map group name -> {x, y, width, height}).
 */
export const positionsFromNetwork = (result, boxes = new Map()) => {
  const nodes = new Map();
  const edges = new Map();
  const groups = new Map();
  const offsets = new Map([["root", { x: 0, y: 0 }]]);
  const stack = [{ node: result, x: 0, y: 0 }];
  const allEdges = [];
  while (stack.length) {
    const { node, x, y } = stack.pop();
    offsets.set(node.id, { x, y });
    allEdges.push(...(node.edges ?? []));
    for (const c of node.children ?? []) {
      const cx = x + (c.x ?? 0);
      const cy = y + (c.y ?? 0);
      if (c.id.startsWith(FRAME_PREFIX)) {
        groups.set(c.id.slice(FRAME_PREFIX.length), { x: cx, y: cy, width: c.width, height: c.height });
        stack.push({ node: c, x: cx, y: cy });
      } else {
        const box = boxes.get(c.id);
        const shape = box?.shape ?? { x: 0, y: 0, width: c.width, height: c.height, kind: "box" };
        nodes.set(c.id, { x: cx, y: cy, width: c.width, height: c.height, shape, caption: box?.caption ?? false });
      }
    }
  }
  for (const e of allEdges) {
    const o = offsets.get(e.container) ?? { x: 0, y: 0 };
    const points = [];
    for (const s of e.sections ?? []) points.push(s.startPoint, ...(s.bendPoints ?? []), s.endPoint);
    const l = e.labels?.[0];
    // Wires between columns are drawn straight, port to port, as in the classic network diagram.
    const straight = !l && points.length > 2 && e.id !== OUTPUT_EDGE;
    edges.set(e.id, {
      points: (straight ? [points[0], points[points.length - 1]] : points).map((p) => ({ x: p.x + o.x, y: p.y + o.y })),
      label: l && l.x !== undefined ? { x: l.x + o.x, y: l.y + o.y, width: l.width, height: l.height } : null,
    });
  }
  return { width: result.width ?? 0, height: result.height ?? 0, nodes, edges, groups };
};

/** Lays out a view: grouped views as a network diagram, everything else as layout.js does. */
export const layoutView = async (elk, view, options = {}) => {
  if (view.identity) return layoutTrace(elk, view.trace, { pinInput: view.pinInput, ...options });
  const { boxes, ...graph } = toElkNetwork(view);
  return positionsFromNetwork(await elk.layout(graph), boxes);
};
