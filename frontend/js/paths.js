// Forward mode and the sum over paths, from a trace's per-edge local derivatives (pure, DOM-free).
import { toNumber } from "./format.js";

/** Each scalar edge's local derivative ∂target/∂source, from the backward steps (null where unknown). */
export const edgeLocals = (index) => {
  const locals = new Map(index.trace.edges.map((e) => [e.id, null]));
  for (const step of index.trace.steps) {
    for (const c of step.contributions ?? []) {
      if (c.local !== null && c.local !== undefined && !Array.isArray(c.local)) locals.set(c.edge, toNumber(c.local));
    }
  }
  return locals;
};

/** Whether forward mode can run on this trace: every value is a scalar (tangents are per input element). */
export const forwardModeApplies = (index) => index.trace.nodes.every((n) => !Array.isArray(n.value));

/**
 * Forward mode for one input: the tangent ẋ = 1 on `inputId`, 0 on every other input, then at
 * each forward step a gate's tangent is Σ over its input edges of local × the source's tangent —
 * the same local derivatives the backward pass uses, multiplied left to right. Returns, after
 * forward step `k` (default: all), { tangents: Map node -> number, edgeTangents: Map edge ->
 * local × source tangent, terms: Map node -> [edge tangents], current: the step's node | null }.
 * A gate that does not reach the output has no local derivatives in the trace: its tangent is null.
 */
export const forwardTangents = (index, inputId, k = Infinity) => {
  const locals = edgeLocals(index);
  const tangents = new Map();
  const edgeTangents = new Map();
  const terms = new Map();
  for (const n of index.trace.nodes) if (n.kind !== "op") tangents.set(n.id, n.id === inputId ? 1 : 0);
  const forward = index.trace.steps.filter((s) => s.phase === "forward");
  let current = null;
  forward.slice(0, Math.min(k, forward.length)).forEach((step) => {
    const parts = [];
    let sum = 0;
    let known = true;
    for (const e of index.inEdges.get(step.node) ?? []) {
      const local = locals.get(e.id);
      const dot = tangents.get(e.source);
      if (local === null || dot === null || dot === undefined) {
        known = false;
        continue;
      }
      const t = local * dot;
      edgeTangents.set(e.id, t);
      parts.push(t);
      sum += t;
    }
    tangents.set(step.node, known ? sum : null);
    terms.set(step.node, parts);
    current = step.node;
  });
  return { tangents, edgeTangents, terms, current };
};

/**
 * Every path from `nodeId` to the output, each with its edges and the product of their local
 * derivatives; their sum is the node's gradient (the chain rule summed over paths). At most
 * `limit` paths are listed; `count` is how many there are (counted without listing them).
 */
export const pathsToOutput = (index, nodeId, limit = 64) => {
  const locals = edgeLocals(index);
  const out = index.outputId;
  // Paths from each node to the output, counted once per node (a DAG: memoised depth-first).
  const counts = new Map();
  const countFrom = (id) => {
    if (id === out) return 1;
    if (counts.has(id)) return counts.get(id);
    counts.set(id, 0);
    let n = 0;
    for (const e of index.outEdges.get(id) ?? []) n += countFrom(e.target);
    counts.set(id, n);
    return n;
  };
  const count = countFrom(nodeId);
  const paths = [];
  const walk = (id, edges, product) => {
    if (paths.length >= limit) return;
    if (id === out) {
      paths.push({
        edges: [...edges],
        nodes: [nodeId, ...edges.map((e) => e.target)],
        locals: edges.map((e) => locals.get(e.id)),
        product,
      });
      return;
    }
    for (const e of index.outEdges.get(id) ?? []) {
      if (countFrom(e.target) === 0) continue;
      const local = locals.get(e.id);
      edges.push(e);
      walk(e.target, edges, local === null || product === null ? null : product * local);
      edges.pop();
    }
  };
  walk(nodeId, [], 1);
  const complete = paths.length === count && paths.every((p) => p.product !== null);
  const sum = complete ? paths.reduce((a, p) => a + p.product, 0) : null;
  return { paths, count, sum, complete };
};
