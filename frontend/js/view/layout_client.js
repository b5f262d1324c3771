// Lays out a display: ELK (in its worker) for graphs a person reads whole, the fast layered layout
// (in a module worker of its own) for big ones. DOM-free apart from the Worker it is handed.
import { nodeBoxes } from "../layout.js";
import { layoutView } from "../layout_network.js";
import { layoutFast } from "./layout_fast.js";
import { COMB_MIN_TERMS } from "./layout_comb.js";

// Up to this many drawn nodes ELK lays out (orthogonal wires, labels placed); above it ELK takes
// seconds (3-7 s at 2,000 nodes here), so the fast layout does.
export const ELK_LIMIT = 220;

/**
 * A function (trace, boxes, {aspect}) -> Promise(positions) running layout_fast in `worker`
 * (a Worker on view/layout_worker.js), or on this thread when there is none.
 */
export const fastLayoutIn = (worker) => {
  if (!worker) return async (trace, boxes, options) => layoutFast(trace, boxes, options);
  let next = 0;
  const waiting = new Map();
  worker.onmessage = (event) => {
    const { id, positions, error } = event.data;
    const w = waiting.get(id);
    waiting.delete(id);
    if (!w) return;
    if (error) w.reject(new Error(error));
    else w.resolve(positions);
  };
  return (trace, boxes, { aspect } = {}) =>
    new Promise((resolve, reject) => {
      const id = (next += 1);
      waiting.set(id, { resolve, reject });
      worker.postMessage({
        id,
        trace: { nodes: trace.nodes, edges: trace.edges, output: trace.output },
        boxes,
        aspect,
      });
    });
};

/**
 * Positions for a display (view/display.js): `elk` has layout(graph) -> Promise, `fast` is a
 * fastLayoutIn function. Units and chains the user opened are frames in ELK's drawing.
 */
export const layoutDisplay = async (display, { elk, fast, expanded = [], pinInput, aspect = 1.6 }) => {
  const { trace } = display;
  // A long sum is drawn as a comb, which only the fast layout knows.
  const comb = trace.nodes.some((n) => n.chain && n.terms > COMB_MIN_TERMS);
  if (trace.nodes.length > ELK_LIMIT || !elk || comb) {
    const lean = {
      nodes: trace.nodes.map(({ id, kind, group, label, chain, terms }) => ({ id, kind, group, label, chain, terms })),
      edges: trace.edges.map(({ id, source, target, index }) => ({ id, source, target, index })),
      output: trace.output,
    };
    return withFrames(await fast(lean, nodeBoxes(trace), { aspect }), trace, new Set(expanded));
  }
  const open = new Set(expanded);
  const framed = trace.nodes.some((n) => n.group && open.has(n.group) && n.kind !== "group");
  return layoutView(elk, { identity: !framed, trace, expanded: open, pinInput });
};

// Room a frame keeps around its members, and above them for its title and Collapse toggle.
const FRAME_PAD = 16;
const FRAME_TITLE = 40;

/**
 * The fast layout's positions with a frame (`groups`, as ELK's compound layout gives them) round
 * the drawn members of each expanded group: the box that holds them all. The drawing moves down
 * to make room for the frames' titles.
 */
export const withFrames = (positions, trace, open) => {
  const boxes = new Map();
  for (const n of trace.nodes) {
    const b = n.kind !== "group" && n.group && open.has(n.group) ? positions.nodes.get(n.id) : null;
    if (!b) continue;
    const f = boxes.get(n.group);
    if (!f) boxes.set(n.group, { x0: b.x, y0: b.y, x1: b.x + b.width, y1: b.y + b.height });
    else
      Object.assign(f, {
        x0: Math.min(f.x0, b.x),
        y0: Math.min(f.y0, b.y),
        x1: Math.max(f.x1, b.x + b.width),
        y1: Math.max(f.y1, b.y + b.height),
      });
  }
  if (boxes.size === 0) return positions;
  const dy = FRAME_TITLE;
  const nodes = new Map();
  for (const [id, b] of positions.nodes) nodes.set(id, { ...b, y: b.y + dy });
  const edges = new Map();
  for (const [id, e] of positions.edges)
    edges.set(id, {
      ...e,
      points: e.points.map((p) => ({ x: p.x, y: p.y + dy })),
      label: e.label ? { ...e.label, y: e.label.y + dy } : e.label,
    });
  const groups = new Map(
    [...boxes].map(([name, f]) => [
      name,
      {
        x: Math.max(0, f.x0 - FRAME_PAD),
        y: f.y0 + dy - FRAME_TITLE,
        width: f.x1 - Math.max(0, f.x0 - FRAME_PAD) + FRAME_PAD,
        height: f.y1 - f.y0 + FRAME_TITLE + FRAME_PAD,
      },
    ]),
  );
  const right = Math.max(positions.width, ...[...groups.values()].map((f) => f.x + f.width));
  const bottom = Math.max(positions.height + dy, ...[...groups.values()].map((f) => f.y + f.height));
  return { ...positions, width: right, height: bottom, nodes, edges, groups };
};
