// One plain sentence per step for the live narration region (pure, DOM-free).
import { formatTerm, formatValue, formatSum, formatShape, shapeOf, toNumeric } from "./format.js";

// Why a local gradient has its value, for the gates the lecture discusses.
const LOCAL_REASON = {
  mul: "the other input",
};

const isTensor = (v) => Array.isArray(v);

// Writes an op applied to operand strings according to its syntax in the ops table.
const applyOp = (node, opInfo, args) => {
  const symbol = node.symbol ?? opInfo?.symbol ?? node.op;
  const syntax = opInfo?.syntax ?? (args.length === 2 ? "infix" : "call");
  if (syntax === "infix" && args.length === 2) return `${args[0]} ${symbol} ${args[1]}`;
  if (syntax === "prefix" && args.length === 1) return `${symbol}${args[0]}`;
  return `${symbol}(${args.join(", ")})`;
};

const syntaxOf = (node, opInfo, arity) => opInfo?.syntax ?? (arity === 2 ? "infix" : "call");

/**
 * A number as an operand in position `i` of a gate written with `syntax`: a call's arguments as
 * they are (`exp(-1)`), a prefix operand always in parentheses (`−(1)`, so the operand shows),
 * an infix right operand with negatives in parentheses (`4 + (-3)`).
 */
const numericOperand = (value, syntax, i) => {
  if (syntax === "call" || syntax === "none") return formatValue(value);
  if (syntax === "prefix") return `(${formatValue(value)})`;
  return i === 0 ? formatValue(value) : formatTerm(value);
};

// An operand in the symbolic form: its name where it has one, its value otherwise.
const symbolicOperand = (node, value, syntax, i) => {
  if (node.label && node.kind !== "const") return node.label;
  return numericOperand(node.kind === "const" ? node.value : value, syntax, i);
};

const MAX_EXPRESSION = 40;

/**
 * A gate written as the expression it computes, with named operands by name and unnamed gates
 * nested up to `depth` levels (`w0 × x0`, `(w0 × x0) + (w1 × x1)`); deeper or longer parts are "…".
 */
export const gateExpression = (index, node, ops = {}, depth = 3) => {
  const text = expression(index, node, ops, depth);
  // Nothing named in it (… + …): say which network unit it belongs to.
  return node?.group && !/[\p{L}\p{N}]/u.test(text.replace(/[…+−×÷^@Σ()\s]/g, "")) ? `${text} in ${node.group}` : text;
};

const expression = (index, node, ops, depth) => {
  if (!node) return "?";
  if (node.kind === "const") return formatValue(node.value);
  if (node.label) return node.label;
  if (node.kind !== "op" || depth <= 0) return "…";
  const opInfo = ops[node.op];
  const inputs = (index.inEdges.get(node.id) ?? []).map((e) => index.nodes.get(e.source));
  const syntax = syntaxOf(node, opInfo, inputs.length);
  const args = inputs.map((n) => {
    const inner = expression(index, n, ops, depth - 1);
    const nested =
      n.kind === "op" &&
      !n.label &&
      ["infix", "prefix"].includes(syntaxOf(n, ops[n.op], index.inEdges.get(n.id)?.length ?? 0));
    return nested && syntax !== "call" && inner !== "…" ? `(${inner})` : inner;
  });
  const text = applyOp(node, opInfo, args);
  return text.length > MAX_EXPRESSION && depth > 1 ? expression(index, node, ops, depth - 1) : text;
};

/**
 * How a node is called in a sentence: its name, a constant's value, or (given the trace's index)
 * its gate with the expression it computes, `the × gate computing w0 × x0`, so two gates read apart.
 */
export const describeNode = (node, index = null, ops = {}) => {
  if (!node) return "?";
  if (node.label && node.kind !== "const") return node.label;
  if (node.kind === "const") return `the constant ${formatValue(node.value)}`;
  const gate = `the ${node.symbol ?? node.op} gate`;
  return index ? `${gate} computing ${gateExpression(index, node, ops)}` : gate;
};

// Names for several nodes in one sentence: where two would read the same, say where each was typed.
const distinctNames = (index, nodes, ops) => {
  const names = nodes.map((n) => describeNode(n, index, ops));
  const repeated = (name) => names.filter((x) => x === name).length > 1;
  const multiline = index.trace.nodes.some((n) => (n.line ?? 1) > 1);
  return names.map((name, i) => {
    const n = nodes[i];
    if (!repeated(name) || n.column === undefined || n.column === null) return name;
    return `${name} at ${multiline ? `line ${n.line}, ` : ""}column ${n.column}`;
  });
};

/** "4×3", "4-vector", or "" for a scalar: how a value's shape is said in words. */
export const shapeWords = (value) => {
  const shape = shapeOf(value);
  if (shape.length === 0) return "";
  if (shape.length === 1) return `${shape[0]}-vector`;
  return formatShape(shape);
};

const count = (value) => shapeOf(value).reduce((a, b) => a * b, 1);

// Whether formatValue writes the numbers out (a scalar, a short vector) rather than "tensor 3×2".
const writtenOut = (value) => !/^(tensor|vector) /.test(formatValue(value));

// Values the ops table says are undefined somewhere (log of a negative, …): why a NaN came out.
const hasNaN = (v) => (isTensor(v) ? v.some(hasNaN) : Number.isNaN(toNumeric(v)));

/** Sentence for a forward step: `x + y = -2 + 5 = 3`; a NaN from finite inputs says why. */
export const narrateForward = (index, step, values, ops = {}) => {
  const node = index.nodes.get(step.node);
  const inputs = index.inEdges.get(node.id).map((e) => index.nodes.get(e.source));
  const opInfo = ops[node.op];
  const syntax = syntaxOf(node, opInfo, inputs.length);
  const named = applyOp(
    node,
    opInfo,
    inputs.map((n, i) => symbolicOperand(n, values.get(n.id), syntax, i)),
  );
  const numeric = applyOp(
    node,
    opInfo,
    inputs.map((n, i) => numericOperand(values.get(n.id), syntax, i)),
  );
  const middle = named === numeric ? "" : ` = ${numeric}`;
  const prefix = node.label ? `${node.label} = ` : "";
  // A short vector is written out, with its shape; a bigger tensor is already named by it.
  const shape = shapeWords(step.value);
  const written = formatValue(step.value);
  const result = shape && written.startsWith("[") ? `${written} (${shape})` : written;
  let why = "";
  if (hasNaN(step.value) && !inputs.some((n) => hasNaN(values.get(n.id)))) {
    why = ` ${capitalize(opInfo?.undefined_where || `${node.op} is not defined at these inputs`)}, so the result is NaN (not a number).`;
  } else if (hasNaN(step.value)) why = " A NaN input makes the result NaN too.";
  return `Forward: ${prefix}${named}${middle} = ${result}.${why}`;
};

// "the 4×3 gradient of W1" for a tensor arriving whole, or "a 4×3 part of W1's gradient" at a branch.
const tensorSent = (grad, target, partial) => {
  const shape = shapeWords(grad);
  const what = shape ? `the ${shape} gradient` : "the gradient";
  const shown = writtenOut(grad) ? ` = ${formatValue(grad)}` : "";
  return partial ? `a ${shape || "scalar"} part of ${target}'s gradient${shown}` : `${what} of ${target}${shown}`;
};

/** Sentence for a backward step: each contribution as upstream × local = sent, plus the gate's pattern. */
export const narrateBackward = (index, step, before, ops = {}) => {
  const running = new Map(); // arrivals so far at this step's targets only (copying them all is O(n²) on big graphs)
  for (const c of step.contributions ?? [])
    if (!running.has(c.target)) running.set(c.target, [...(before?.get(c.target) ?? [])]);
  const node = index.nodes.get(step.node);
  const opInfo = ops[node.op];
  const gate =
    node.kind === "op"
      ? `${node.symbol ?? node.op} gate ${node.label ? node.label : `computing ${gateExpression(index, node, ops)}`}`
      : describeNode(node);
  const start = step.node === index.outputId ? "Backward starts at the output with gradient 1. " : "";
  const contributions = step.contributions ?? [];
  const targets = distinctNames(
    index,
    contributions.map((c) => index.nodes.get(c.target)),
    ops,
  );
  const upstreamShape = shapeWords(step.grad);
  const upstreamValue = writtenOut(step.grad) ? ` ${formatValue(step.grad)}` : "";
  const upstream = upstreamShape
    ? `the ${upstreamShape} upstream gradient${upstreamValue}`
    : `upstream gradient ${formatValue(step.grad)}`;
  const parts = contributions.map((c, i) => {
    const target = targets[i];
    const arrivals = index.expected.get(c.target) ?? 1;
    const received = [...(running.get(c.target) ?? []), c.grad];
    running.set(c.target, received);
    let text;
    if (c.local === null || c.local === undefined) {
      // A tensor edge: the contribution is a vector-Jacobian product, named by its shape.
      const summed =
        opInfo?.elementwise && count(c.grad) < count(step.grad)
          ? " (summed over the broadcast axis, back to its shape)"
          : "";
      text = `${upstream} times the local Jacobian gives ${tensorSent(c.grad, target, arrivals > 1)}${summed}`;
    } else {
      const reason = LOCAL_REASON[node.op] ? ` (${LOCAL_REASON[node.op]})` : "";
      text = `upstream gradient ${formatValue(step.grad)} × local gradient ${formatValue(c.local)}${reason} = ${formatValue(c.grad)}, sent to ${target}`;
    }
    if (received.length > 1) {
      const sum = isTensor(c.grad)
        ? `${received.length} parts, summed to ${formatValue(c.accumulated)}`
        : formatSum(received, c.accumulated);
      text += `; gradients add at branches: ${target} now has ${sum}`;
    }
    return text;
  });
  const pattern = opInfo?.pattern ? ` ${capitalize(opInfo.pattern)}.` : "";
  if (parts.length === 0)
    return `${start}${capitalize(gate)}: gradient ${formatValue(step.grad)}; it has no inputs to pass it to.`;
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
