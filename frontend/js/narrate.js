// One plain sentence per step for the live narration region (pure, DOM-free).
import { formatTerm, formatValue, formatSum } from "./format.js";

// Why a local gradient has its value, for the gates the lecture discusses.
const LOCAL_REASON = {
  mul: "the other input",
  add: null,
  sub: null,
  max: null,
};

/** How a node is called in a sentence: its name, a constant's value, or "the × gate". */
export const describeNode = (node) => {
  if (!node) return "?";
  if (node.label && node.kind !== "const") return node.label;
  if (node.kind === "const") return `the constant ${formatValue(node.value)}`;
  return `the ${node.symbol ?? node.op} gate`;
};

// An operand in a formula: its name where it has one, its value otherwise.
const operandName = (node, values) =>
  node.label ?? (node.kind === "const" ? formatValue(node.value) : formatTerm(values.get(node.id)));

// Writes an op applied to operand strings according to its syntax in the ops table.
const applyOp = (node, opInfo, args) => {
  const symbol = node.symbol ?? opInfo?.symbol ?? node.op;
  const syntax = opInfo?.syntax ?? (args.length === 2 ? "infix" : "call");
  if (syntax === "infix" && args.length === 2) return `${args[0]} ${symbol} ${args[1]}`;
  if (syntax === "prefix" && args.length === 1) return `${symbol}${args[0]}`;
  return `${symbol}(${args.join(", ")})`;
};

/** Sentence for a forward step: `x + y = -2 + 5 = 3`. */
export const narrateForward = (index, step, values, ops = {}) => {
  const node = index.nodes.get(step.node);
  const inputs = index.inEdges.get(node.id).map((e) => index.nodes.get(e.source));
  const opInfo = ops[node.op];
  const named = applyOp(node, opInfo, inputs.map((n) => operandName(n, values)));
  const numeric = applyOp(node, opInfo, inputs.map((n, i) => (i === 0 && opInfo?.syntax === "infix" ? formatValue : formatTerm)(values.get(n.id))));
  const middle = named === numeric ? "" : ` = ${numeric}`;
  const prefix = node.label ? `${node.label} = ` : "";
  return `Forward: ${prefix}${named}${middle} = ${formatValue(step.value)}.`;
};

/** Sentence for a backward step: each contribution as upstream × local = sent, plus the gate's pattern. */
export const narrateBackward = (index, step, before, ops = {}) => {
  const running = new Map(); // arrivals so far at this step's targets only (copying them all is O(n²) on big graphs)
  for (const c of step.contributions ?? []) if (!running.has(c.target)) running.set(c.target, [...(before?.get(c.target) ?? [])]);
  const node = index.nodes.get(step.node);
  const opInfo = ops[node.op];
  const gate = node.kind === "op" ? `${node.symbol ?? node.op} gate` : describeNode(node);
  const start = step.node === index.outputId ? "Backward starts at the output with gradient 1. " : "";
  const parts = (step.contributions ?? []).map((c) => {
    const edge = index.edges.get(c.edge);
    const target = describeNode(index.nodes.get(c.target));
    const sent = `${formatValue(c.grad)}, sent to ${target}`;
    if (c.local === null || c.local === undefined) {
      return `upstream gradient ${formatValue(step.grad)} times the local Jacobian = ${sent}`;
    }
    const reason = LOCAL_REASON[node.op] && edge ? ` (${LOCAL_REASON[node.op]})` : "";
    let text = `upstream gradient ${formatValue(step.grad)} × local gradient ${formatValue(c.local)}${reason} = ${sent}`;
    const received = [...(running.get(c.target) ?? []), c.grad];
    running.set(c.target, received);
    if (received.length > 1) {
      text += `; gradients add at branches: ${target} now has ${formatSum(received, c.accumulated)}`;
    }
    return text;
  });
  const pattern = opInfo?.pattern ? ` ${capitalize(opInfo.pattern)}.` : "";
  if (parts.length === 0) return `${start}${capitalize(gate)}: gradient ${formatValue(step.grad)}; it has no inputs to pass it to.`;
  return `${start}${capitalize(gate)}: ${parts.join("; ")}.${pattern}`;
};

const capitalize = (s) => (s ? s[0].toUpperCase() + s.slice(1) : s);

/** The narration for the state after step k (from timeline.stateAt). */
export const narrate = (index, state, ops = {}) => {
  if (!state.current) {
    const inputs = index.trace.nodes
      .filter((n) => n.kind === "input")
      .map((n) => `${n.label} = ${formatValue(n.value)}`);
    // A network has dozens of weights: name a few, count the rest (the inspector shows them all).
    const listed = inputs.length > 8 ? [...inputs.slice(0, 6), `and ${inputs.length - 6} more`] : inputs;
    const known = inputs.length ? `Inputs: ${listed.join(", ")}. ` : "";
    return `${known}Press Step forward to compute values from left to right.`;
  }
  const { current } = state;
  const text =
    current.phase === "forward"
      ? narrateForward(index, current, state.values, ops)
      : narrateBackward(index, current, partialTerms(index, state.k - 1), ops);
  return state.phase === "done" ? `${text} Done: every gradient is known.` : text;
};

// Gradient arrivals per node up to and including step k, contribution by contribution.
const partialTerms = (index, k) => {
  const terms = new Map();
  for (const step of index.trace.steps.slice(0, k)) {
    for (const c of step.contributions ?? []) {
      if (!terms.has(c.target)) terms.set(c.target, []);
      terms.get(c.target).push(c.grad);
    }
  }
  return terms;
};
