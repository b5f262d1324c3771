// A layered left-to-right layout for big graphs (pure, DOM-free, linear time per sweep; runs in
// the layout worker). ELK and d3-dag take 3-7 s at 2,000 nodes here (they insert a dummy node per
// layer a long wire spans); this one layers gates as soon as possible, puts every leaf and stub
// in the layer before its consumer, orders layers by barycentre sweeps, and wraps a long thin
// drawing into rows so the whole graph has roughly the viewport's shape.
import { inputPortY, OUTPUT_NODE, OUTPUT_EDGE } from "../layout.js";
import { combGates, combShape, placeComb } from "./layout_comb.js";

const NODE_GAP = 30; // between nodes of one layer: room for a gate's name and its wires' numbers
const LAYER_GAP = 72; // between layers: room for a wire's value and gradient
const LABEL_BOX = { width: 64, height: 36 }; // where a wire's value (above) and gradient (below) go
const LEAF_GAP = 56; // between a leaf column and its gates: room for the wire's numbers
const ROW_GAP = 64; // between wrapped rows
const PAD = 24;
const OUTPUT_BOX = { width: 28, height: 30 };
const SWEEPS = 3;

const isLeaf = (n) => n.kind === "input" || n.kind === "const" || n.kind === "stub";

/**
 * Layers: gates as soon as possible (1 + the latest gate they read), leaves in the layer before
 * their first consumer, unwired leaves in layer 0, the output marker after everything.
 */
export const assignLayers = (trace) => {
  const layer = new Map();
  const inputs = new Map(trace.nodes.map((n) => [n.id, []]));
  const consumers = new Map(trace.nodes.map((n) => [n.id, []]));
  for (const e of trace.edges) {
    inputs.get(e.target)?.push(e.source);
    consumers.get(e.source)?.push(e.target);
  }
  const byId = new Map(trace.nodes.map((n) => [n.id, n]));
  // Gates in dependency order (trace order is topological for gates; groups may sit anywhere).
  const gates = trace.nodes.filter((n) => !isLeaf(n));
  const pending = new Map(gates.map((n) => [n.id, inputs.get(n.id).filter((s) => !isLeaf(byId.get(s))).length]));
  const queue = gates.filter((n) => pending.get(n.id) === 0).map((n) => n.id);
  for (let i = 0; i < queue.length; i += 1) {
    const id = queue[i];
    let l = 1;
    for (const s of inputs.get(id)) if (layer.has(s)) l = Math.max(l, layer.get(s) + 1);
    layer.set(id, l);
    for (const c of consumers.get(id)) {
      if (!pending.has(c)) continue;
      pending.set(c, pending.get(c) - 1);
      if (pending.get(c) === 0) queue.push(c);
    }
  }
  for (const n of gates) if (!layer.has(n.id)) layer.set(n.id, 1); // a cycle cannot happen; stay total anyway
  for (const n of trace.nodes) {
    if (!isLeaf(n)) continue;
    const used = consumers.get(n.id).map((c) => layer.get(c) ?? 1);
    layer.set(n.id, used.length ? Math.max(0, Math.min(...used) - 1) : 0);
  }
  let last = 0;
  for (const l of layer.values()) last = Math.max(last, l);
  layer.set(OUTPUT_NODE, last + 1);
  return { layer, inputs, consumers, count: last + 2 };
};

// Places one layer's nodes in `order` as near their wanted centres as the gaps allow.
const place = (order, want, height) => {
  const y = new Map();
  let cursor = -Infinity;
  for (const id of order) {
    const h = height(id);
    const top = Math.max(want.get(id) - h / 2, cursor);
    y.set(id, top + h / 2);
    cursor = top + h + NODE_GAP;
  }
  // Shift the block so it is, on average, where its nodes want to be.
  let shift = 0;
  for (const id of order) shift += want.get(id) - y.get(id);
  shift /= Math.max(order.length, 1);
  for (const id of order) y.set(id, y.get(id) + shift);
  return y;
};

/** Orders and places every layer by barycentre sweeps; returns Map id -> centre y. */
const placeLayers = (layers, neighbours, height) => {
  let y = new Map();
  for (const order of layers) {
    let cursor = 0;
    for (const id of order) {
      y.set(id, cursor + height(id) / 2);
      cursor += height(id) + NODE_GAP;
    }
  }
  const sweep = (list, pick) => {
    for (const order of list) {
      const want = new Map();
      for (const id of order) {
        const ys = pick(id)
          .filter((n) => y.has(n))
          .map((n) => y.get(n));
        want.set(id, ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : y.get(id));
      }
      const sorted = [...order].sort((a, b) => want.get(a) - want.get(b));
      order.splice(0, order.length, ...sorted);
      const placed = place(order, want, height);
      for (const [id, v] of placed) y.set(id, v);
    }
  };
  for (let i = 0; i < SWEEPS; i += 1) {
    sweep(layers, neighbours.before);
    sweep([...layers].reverse(), neighbours.after);
  }
  sweep(layers, (id) => [...neighbours.before(id), ...neighbours.after(id)]);
  return y;
};

/** How many rows to wrap `widths` (per layer) into so that the drawing's aspect nears `aspect`. */
export const chooseRows = (widths, rowHeight, aspect) => {
  const total = widths.reduce((a, b) => a + b, 0);
  if (total / rowHeight <= aspect * 3) return 1;
  let best = 1;
  let bestScore = Infinity;
  for (let r = 1; r <= widths.length; r += 1) {
    const ratio = total / r / (r * rowHeight + (r - 1) * ROW_GAP);
    const score = Math.abs(Math.log(ratio / aspect));
    if (score < bestScore) {
      best = r;
      bestScore = score;
    }
    if (ratio < aspect) break;
  }
  return best;
};

/**
 * Lays out a display trace with the boxes of layout.nodeBoxes. Returns the same positions as
 * layout.positionsFromElk: {width, height, nodes: Map id -> {x, y, width, height, shape},
 * edges: Map id -> {points, label: null}}; `aspect` is the viewport's width / height.
 * Columns alternate: the leaves and stubs a layer reads, then that layer's gates, so a stub sits
 * right beside its consumer and never pushes a gate out of line.
 */
export const layoutFast = (trace, boxes, { aspect = 1.6 } = {}) => {
  const { layer, inputs, consumers, count } = assignLayers(trace);
  const byId = new Map(trace.nodes.map((n) => [n.id, n]));
  const edgeById = new Map(trace.edges.map((e) => [e.id, e]));
  // Long sums as combs: the gate's box holds its leaves' grid, so those leaves leave the columns.
  const combs = combGates(trace);
  const combBoxes = new Map();
  const inComb = new Set();
  for (const [id, comb] of combs) {
    const widest = Math.max(...[...comb.leaves].map((leafId) => boxes.get(leafId).width));
    const shape = combShape(comb.terms.length, widest, { aspect, others: comb.others.length });
    combBoxes.set(id, {
      comb,
      shape,
      box: {
        width: shape.width,
        height: shape.height,
        shape: {
          x: 0,
          y: 0,
          width: shape.width,
          height: shape.height,
          kind: "comb",
          teeth: shape.teeth,
          top: shape.top,
        },
      },
    });
    for (const leafId of comb.leaves) inComb.add(leafId);
  }
  const size = (id) => (id === OUTPUT_NODE ? OUTPUT_BOX : (combBoxes.get(id)?.box ?? boxes.get(id)));
  const leaf = (id) => id !== OUTPUT_NODE && isLeaf(byId.get(id));
  // Column of a node: gates of layer l at 2l, leaves read by layer l at 2l - 1, unwired leaves at 0.
  const column = new Map();
  for (const n of trace.nodes) {
    if (inComb.has(n.id)) continue;
    const l = layer.get(n.id);
    column.set(n.id, leaf(n.id) ? (consumers.get(n.id).length ? 2 * l + 1 : 0) : 2 * l);
  }
  column.set(OUTPUT_NODE, 2 * (count - 1));
  const columns = Array.from({ length: 2 * count - 1 }, () => []);
  for (const [id, c] of column) columns[c].push(id);
  const out = trace.output.node;
  const gateBefore = (id) => (id === OUTPUT_NODE ? [out] : (inputs.get(id) ?? []).filter((s) => !leaf(s)));
  const gateAfter = (id) => (id === out ? [...consumers.get(id), OUTPUT_NODE] : (consumers.get(id) ?? []));
  const gap = (c) => (c % 2 === 1 ? LEAF_GAP : LAYER_GAP); // a leaf column sits close to the gates it feeds
  const widths = columns.map((ids, c) => (ids.length ? Math.max(...ids.map((id) => size(id).width)) + gap(c) : 0));
  const heights = columns.map((ids) => ids.reduce((s, id) => s + size(id).height + NODE_GAP, 0));
  const rows = chooseRows(widths, Math.max(...heights, 1), aspect);
  const total = widths.reduce((a, b) => a + b, 0);
  // Rows break only before a leaf column, so stubs stay in the row of their consumer.
  const rowOf = [];
  let acc = 0;
  let row = 0;
  for (let c = 0; c < columns.length; c += 1) {
    if (c % 2 === 1 && row < rows - 1 && acc > (total * (row + 1)) / rows) row += 1;
    rowOf.push(row);
    acc += widths[c];
  }
  const sameRow = (a, b) => rowOf[column.get(a)] === rowOf[column.get(b)];
  const nodes = new Map();
  const rowBottom = [];
  let top = PAD;
  let width = 0;
  const arity = new Map();
  const outEdges = new Map();
  for (const e of trace.edges) {
    arity.set(e.target, Math.max(arity.get(e.target) ?? 0, e.index + 1));
    if (!outEdges.has(e.source)) outEdges.set(e.source, []);
    outEdges.get(e.source).push(e);
  }
  for (let r = 0; r < rows; r += 1) {
    const cols = [];
    for (let c = 0; c < columns.length; c += 1) if (rowOf[c] === r) cols.push(c);
    const gateLayers = cols.filter((c) => c % 2 === 0).map((c) => columns[c]);
    const y = placeLayers(
      gateLayers,
      {
        before: (id) => gateBefore(id).filter((n) => sameRow(n, id)),
        after: (id) => gateAfter(id).filter((n) => sameRow(n, id)),
      },
      (id) => size(id).height,
    );
    // Leaves follow the port they feed.
    for (const c of cols.filter((k) => k % 2 === 1)) {
      const want = new Map();
      for (const id of columns[c]) {
        const edge = (outEdges.get(id) ?? []).find((e) => layer.get(e.target) === (c + 1) / 2);
        const target = edge ? edge.target : consumers.get(id)[0];
        const b = size(target);
        const ty =
          (y.get(target) ?? 0) -
          b.height / 2 +
          (b.shape?.y ?? 0) +
          inputPortY(b.shape?.height ?? b.height, edge?.index ?? 0, arity.get(target) ?? 1);
        want.set(id, ty - (size(id).shape?.height ?? size(id).height) / 2 + size(id).height / 2);
      }
      columns[c].sort((a, b) => want.get(a) - want.get(b));
      for (const [id, v] of place(columns[c], want, (k) => size(k).height)) y.set(id, v);
    }
    if (r === 0 && columns[0].length) {
      const want = new Map(columns[0].map((id, i) => [id, i * 44]));
      for (const [id, v] of place(columns[0], want, (k) => size(k).height)) y.set(id, v);
    }
    let minY = Infinity;
    let maxY = -Infinity;
    for (const c of cols) {
      for (const id of columns[c]) {
        minY = Math.min(minY, y.get(id) - size(id).height / 2);
        maxY = Math.max(maxY, y.get(id) + size(id).height / 2);
      }
    }
    let x = PAD;
    for (const c of cols) {
      if (!columns[c].length) continue;
      const w = widths[c] - gap(c);
      for (const id of columns[c]) {
        const b = size(id);
        const shape = b.shape ?? { x: 0, y: 0, width: b.width, height: b.height, kind: "box" };
        // Leaves align right (against their consumer), gates centre in their column.
        const left = c % 2 === 1 ? x + w - b.width : x + (w - b.width) / 2;
        nodes.set(id, { x: left, y: top + (y.get(id) - minY) - b.height / 2, width: b.width, height: b.height, shape });
      }
      x += widths[c];
    }
    width = Math.max(width, x + PAD);
    top += Number.isFinite(maxY) ? maxY - minY : 0;
    rowBottom.push(top);
    top += ROW_GAP;
  }
  // The combs' leaves and ports, now that their gates are placed.
  const combPorts = new Map();
  for (const [id, { comb, shape }] of combBoxes) {
    const placed = placeComb(comb, shape, nodes.get(id), edgeById, (k) => boxes.get(k));
    for (const [leafId, at] of placed.leaves) {
      const b = boxes.get(leafId);
      const s = b.shape ?? { x: 0, y: 0, width: b.width, height: b.height, kind: "box" };
      nodes.set(leafId, { x: at.x, y: at.y, width: b.width, height: b.height, shape: s });
    }
    for (const [edgeId, port] of placed.ports) combPorts.set(edgeId, port);
  }
  const edges = new Map();
  const portY = (node, i, n) => node.y + node.shape.y + inputPortY(node.shape.height, i, n);
  const route = (id, from, to, ty) => {
    const a = nodes.get(from);
    const b = nodes.get(to);
    const start = { x: a.x + a.shape.x + a.shape.width, y: a.y + a.shape.y + a.shape.height / 2 };
    const end = { x: b.x + b.shape.x, y: ty };
    if (!sameRow(from, to) || end.x <= start.x) {
      // Into the gap under the source's row, back along it, and down to the target.
      const gapY = rowBottom[rowOf[column.get(from)]] + ROW_GAP / 2;
      const out = start.x + 12;
      const into = end.x - 12;
      edges.set(id, {
        points: [start, { x: out, y: start.y }, { x: out, y: gapY }, { x: into, y: gapY }, { x: into, y: end.y }, end],
        label: labelAt((out + into) / 2, gapY),
        wrap: true,
      });
      return;
    }
    const bend = Math.max(start.x + 8, end.x - 18);
    // A gate's wire carries its numbers just after the gate, clear of the stubs by the next one.
    const cx = leaf(from) ? (start.x + bend) / 2 : Math.min(start.x + LAYER_GAP / 2, (start.x + bend) / 2);
    edges.set(id, {
      points: [start, { x: bend, y: start.y }, { x: bend, y: end.y }, end],
      label: labelAt(cx, start.y),
    });
  };
  const labelAt = (x, y) => ({ x: x - LABEL_BOX.width / 2, y: y - LABEL_BOX.height / 2, ...LABEL_BOX });
  for (const e of trace.edges) {
    const port = combPorts.get(e.id);
    if (port && inComb.has(e.source)) {
      // A comb's term: straight from its leaf into its tooth, numbers on the way.
      const a = nodes.get(e.source);
      const start = { x: a.x + a.shape.x + a.shape.width, y: port.y };
      edges.set(e.id, { points: [start, port], label: labelAt((start.x + port.x) / 2, port.y) });
    } else route(e.id, e.source, e.target, port?.y ?? portY(nodes.get(e.target), e.index, arity.get(e.target) ?? 1));
  }
  const marker = nodes.get(OUTPUT_NODE);
  route(OUTPUT_EDGE, out, OUTPUT_NODE, marker.y + marker.height / 2);
  return { width, height: top - ROW_GAP + PAD, nodes, edges, rows };
};
