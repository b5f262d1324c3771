// The fan-out chain of issue 9 (a1 = x * y, a2 = a1 + x, a3 = a2 * y, …) as POST /api/v1/graph
// returns it, with its values, gradients and steps worked out by the chain rule here, so the
// series tests can use 2,000 statements without a recorded fixture of megabytes.
// view_series.test.js checks it against the API's own trace of 12 statements.

/** The trace of the n-statement fan-out chain at inputs x, y. */
export const fanOutTrace = (n, { x = 0.5, y = 0.9 } = {}) => {
  const leaf = (id, label, value, column) => ({
    id,
    kind: "input",
    op: null,
    symbol: null,
    label,
    value,
    grad: 0,
    shape: [],
    inputs: [],
    line: 1,
    column,
  });
  const nodes = [leaf("n0", "x", x, 6), leaf("n1", "y", y, 10)];
  const edges = [];
  const isAdd = (k) => k % 2 === 0; // a_k = a_(k-1) + x for even k, a_(k-1) * y for odd k
  const id = (k) => `n${k + 1}`;
  const values = [null];
  for (let k = 1; k <= n; k += 1) {
    const [a, b] = k === 1 ? ["n0", "n1"] : [id(k - 1), isAdd(k) ? "n0" : "n1"];
    const av = k === 1 ? x : values[k - 1];
    const bv = b === "n0" ? x : y;
    const add = k > 1 && isAdd(k);
    values.push(add ? av + bv : av * bv);
    const column = k === 1 ? 8 : `a${k} = a${k - 1} `.length + 1;
    nodes.push({
      id: id(k),
      kind: "op",
      op: add ? "add" : "mul",
      symbol: add ? "+" : "×",
      label: `a${k}`,
      value: values[k],
      grad: 0,
      shape: [],
      inputs: [a, b],
      line: k,
      column,
    });
    edges.push({ id: `e${edges.length}`, source: a, target: id(k), index: 0, grad: 0 });
    edges.push({ id: `e${edges.length}`, source: b, target: id(k), index: 1, grad: 0 });
  }
  const steps = values.slice(1).map((value, i) => ({ phase: "forward", node: id(i + 1), value }));
  const grad = new Map([[id(n), 1]]);
  for (let k = n; k >= 1; k -= 1) {
    const g = grad.get(id(k));
    const node = nodes[k + 1];
    const inputValue = (src) => nodes.find((m) => m.id === src).value;
    const contributions = [0, 1].map((i) => {
      const e = edges[2 * (k - 1) + i];
      const local = node.op === "add" ? 1 : inputValue(node.inputs[1 - i]);
      const c = g * local;
      const accumulated = (grad.get(e.source) ?? 0) + c;
      grad.set(e.source, accumulated);
      e.grad = c;
      return { edge: e.id, target: e.source, local, grad: c, accumulated };
    });
    steps.push({ phase: "backward", node: id(k), grad: g, contributions });
  }
  for (const m of nodes) m.grad = grad.get(m.id) ?? 0;
  return {
    output: { node: id(n), value: values[n] },
    gradients: { x: grad.get("n0"), y: grad.get("n1") },
    nodes,
    edges,
    steps,
  };
};

/** The program text of the n-statement fan-out chain. */
export const fanOutProgram = (n) =>
  Array.from({ length: n }, (_, i) =>
    i === 0 ? "a1 = x * y" : `a${i + 1} = a${i} ${(i + 1) % 2 === 0 ? "+ x" : "* y"}`,
  ).join("\n");

/**
 * A structure-only trace of one binary statement per line: `statements` = [[name, op, a, b], ...];
 * an operand that is no earlier statement's name is an input (created at first use), a number a
 * constant of that line. The last statement is the output.
 */
export const statementsTrace = (statements) => {
  const nodes = [];
  const edges = [];
  const idOf = new Map();
  const add = (node) => (nodes.push({ symbol: null, value: 1, grad: 1, shape: [], inputs: [], ...node }), node.id);
  statements.forEach(([name, op, ...args], i) => {
    const line = i + 1;
    const inputs = args.map((a) => {
      if (typeof a === "number")
        return add({ id: `n${nodes.length}`, kind: "const", op: null, label: String(a), line });
      if (!idOf.has(a)) idOf.set(a, add({ id: `n${nodes.length}`, kind: "input", op: null, label: a, line }));
      return idOf.get(a);
    });
    const id = add({ id: `n${nodes.length}`, kind: "op", op, label: name, inputs, line });
    inputs.forEach((source, index) => edges.push({ id: `e${edges.length}`, source, target: id, index, grad: 1 }));
    idOf.set(name, id);
  });
  return { output: { node: nodes[nodes.length - 1].id, value: 1 }, nodes, edges, steps: [] };
};
