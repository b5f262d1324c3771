// Traces of generated programs for the graph view's unit tests, in the shape POST /api/v1/graph
// returns (leaves created at first use, edge ids in order, one port per operand). Structure only:
// the layout and display tests read ids, kinds and wiring, not values.

const SYMBOLS = { add: "+", mul: "×" };

/**
 * `statements` = [[name, op, a, b], ...] with op "add" | "mul"; an operand that is no earlier
 * statement's name is an input. The last statement is the output.
 */
export const programTrace = (statements) => {
  const nodes = [];
  const edges = [];
  const idOf = new Map();
  const use = (name) => {
    if (!idOf.has(name)) {
      idOf.set(name, `n${nodes.length}`);
      nodes.push({
        id: `n${nodes.length}`,
        kind: "input",
        op: null,
        symbol: null,
        label: name,
        value: 1,
        grad: 1,
        shape: [],
        inputs: [],
      });
    }
    return idOf.get(name);
  };
  for (const [name, op, a, b] of statements) {
    const inputs = [use(a), use(b)];
    const id = `n${nodes.length}`;
    nodes.push({ id, kind: "op", op, symbol: SYMBOLS[op], label: name, value: 1, grad: 1, shape: [], inputs });
    inputs.forEach((source, index) => edges.push({ id: `e${edges.length}`, source, target: id, index, grad: 1 }));
    idOf.set(name, id);
  }
  return { output: { node: nodes[nodes.length - 1].id, value: 1 }, nodes, edges, steps: [] };
};

/** The fan-out chain of issue 9: a1 = x * y, a2 = a1 + x, a3 = a2 * y, … (n statements). */
export const fanOutChain = (n) =>
  programTrace(
    Array.from({ length: n }, (_, i) =>
      i === 0 ? ["a1", "mul", "x", "y"] : [`a${i + 1}`, i % 2 ? "add" : "mul", `a${i}`, i % 2 ? "x" : "y"],
    ),
  );

/** `x0 + x1 + … + x(n-1)` as the parser builds it: a left-nested chain of unnamed + gates. */
export const sumOfTerms = (n) => {
  const trace = programTrace(
    Array.from({ length: n - 1 }, (_, i) => [`t${i + 1}`, "add", i === 0 ? "x0" : `t${i}`, `x${i + 1}`]),
  );
  const output = trace.output.node;
  return {
    ...trace,
    nodes: trace.nodes.map((node) => (node.kind === "op" && node.id !== output ? { ...node, label: null } : node)),
  };
};
