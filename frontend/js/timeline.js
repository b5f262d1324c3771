// Pure step state of a trace: what is known after step k, including running gradient sums at branches.

/**
 * Indexes a trace once: nodes and edges by id, consumers per node, how many gradient
 * contributions each node will receive, and where the forward phase ends.
 */
export const indexTrace = (trace) => {
  const nodes = new Map(trace.nodes.map((n) => [n.id, n]));
  const edges = new Map(trace.edges.map((e) => [e.id, e]));
  const outEdges = new Map(trace.nodes.map((n) => [n.id, []]));
  const inEdges = new Map(trace.nodes.map((n) => [n.id, []]));
  for (const e of trace.edges) {
    outEdges.get(e.source)?.push(e);
    inEdges.get(e.target)?.push(e);
  }
  for (const list of inEdges.values()) list.sort((a, b) => a.index - b.index);
  const expected = new Map();
  for (const step of trace.steps) {
    for (const c of step.contributions ?? []) {
      expected.set(c.target, (expected.get(c.target) ?? 0) + 1);
    }
  }
  const forwardCount = trace.steps.filter((s) => s.phase === "forward").length;
  return {
    trace,
    nodes,
    edges,
    outEdges,
    inEdges,
    expected,
    forwardCount,
    total: trace.steps.length,
    outputId: trace.output.node,
  };
};

/** Clamps a step number into 0..total. */
export const clampStep = (index, k) => Math.max(0, Math.min(index.total, Math.trunc(Number(k) || 0)));

/** Phase label of step k: "start" before any step, then "forward" or "backward", "done" at the end. */
export const phaseAt = (index, k) => {
  if (k <= 0) return "start";
  if (k >= index.total) return "done";
  return index.trace.steps[k - 1].phase;
};

/**
 * What is known after the first k steps.
 * Returns maps keyed by id: `values` (node forward values), `grads` (running gradient totals),
 * `terms` (each node's gradient arrivals so far, in order), `complete` (node gradient final),
 * `edgeValues` (value carried forward on an edge), `edgeGrads` (contribution sent back on it),
 * plus `current` (the step just taken, or null) and `phase`.
 */
export const stateAt = (index, kRaw) => {
  const k = clampStep(index, kRaw);
  const { trace } = index;
  const values = new Map();
  const grads = new Map();
  const terms = new Map();
  const edgeGrads = new Map();
  for (const n of trace.nodes) {
    if (n.kind !== "op") values.set(n.id, n.value);
  }
  for (const step of trace.steps.slice(0, k)) {
    if (step.phase === "forward") {
      values.set(step.node, step.value);
      continue;
    }
    if (step.node === index.outputId && !terms.has(step.node)) {
      grads.set(step.node, step.grad);
      terms.set(step.node, [step.grad]);
    }
    for (const c of step.contributions ?? []) {
      const list = terms.get(c.target) ?? [];
      list.push(c.grad);
      terms.set(c.target, list);
      grads.set(c.target, c.accumulated);
      edgeGrads.set(c.edge, c.grad);
    }
  }
  const done = k >= index.total;
  if (done) {
    // Nodes that do not reach the output get their (zero) gradient once the trace is complete.
    for (const n of trace.nodes) if (!grads.has(n.id)) grads.set(n.id, n.grad);
    for (const e of trace.edges) if (!edgeGrads.has(e.id)) edgeGrads.set(e.id, e.grad);
  }
  const complete = new Set();
  for (const n of trace.nodes) {
    const want = n.id === index.outputId ? 1 : (index.expected.get(n.id) ?? 0);
    if (done || (grads.has(n.id) && (terms.get(n.id)?.length ?? 0) >= want)) complete.add(n.id);
  }
  const edgeValues = new Map();
  for (const e of trace.edges) if (values.has(e.source)) edgeValues.set(e.id, values.get(e.source));
  return {
    k,
    values,
    grads,
    terms,
    complete,
    edgeValues,
    edgeGrads,
    current: k > 0 ? trace.steps[k - 1] : null,
    phase: phaseAt(index, k),
  };
};

/** Nodes that receive gradient from more than one consumer: the branches whose sums we show. */
export const branchNodes = (index) => new Set([...index.expected].filter(([, count]) => count > 1).map(([id]) => id));
