// Regression tests for the narration's wording (issue 11): operands shown, no doubled parentheses,
// gates told apart, shapes named, NaN explained.
import { test } from "node:test";
import assert from "node:assert/strict";
import { indexTrace, stateAt } from "../../frontend/js/timeline.js";
import { narrate, gateExpression, shapeWords } from "../../frontend/js/narrate.js";
import { neuron, negatives, logNegative, twins, twoLayer, batchBias, OPS } from "./teach_fixtures.js";

const say = (trace, k) => {
  const index = indexTrace(trace);
  return narrate(index, stateAt(index, k), OPS);
};
const stepOf = (trace, phase, op) => {
  const nodes = new Map(trace.nodes.map((n) => [n.id, n]));
  return trace.steps.findIndex((s) => s.phase === phase && nodes.get(s.node).op === op) + 1;
};

test("a negation shows its operand: −(1) = -1, not −1 = -1", () => {
  const text = say(neuron, stepOf(neuron, "forward", "neg"));
  assert.equal(text, "Forward: −(1) = -1.");
  assert.equal(say(negatives, 6), "Forward: −x = −(1) = -1.");
});

test("a function of a negative number has one pair of parentheses: exp(-1), sin(-2)", () => {
  assert.equal(say(negatives, 2), "Forward: exp(-1) = 0.3679.");
  assert.equal(say(negatives, 4), "Forward: sin(-2) = -0.9093.");
  for (let k = 1; k <= negatives.steps.length / 2; k += 1) assert.doesNotMatch(say(negatives, k), /\(\(/);
});

test("an infix step is not written twice when nothing in it has a name", () => {
  assert.equal(say(neuron, 3), "Forward: -2 + 6 = 4.");
});

test("two different × gates fed by one + gate are named apart (step 14 of the neuron)", () => {
  const text = say(neuron, 14);
  assert.match(text, /sent to the × gate computing w0 × x0; .* sent to the × gate computing w1 × x1\./);
});

test("two gates that compute the same expression are told apart by where they were typed", () => {
  const text = say(twins, 4);
  assert.match(text, /the × gate computing x × y at column 2; .*the × gate computing x × y at column 8\./);
});

test("a backward step writes upstream × local = sent", () => {
  assert.match(
    say(neuron, 16),
    /upstream gradient 0\.1966 × local gradient 2 \(the other input\) = 0\.3932, sent to x0/,
  );
});

test("tensor steps name shapes: the 4×3 gradient of W1, the 2×4 gradient of W2", () => {
  const last = twoLayer.steps.length;
  assert.match(say(twoLayer, last), /the 4-vector upstream gradient .* gives the 4×3 gradient of W1/);
  assert.match(say(twoLayer, last - 2), /gives the 2×4 gradient of W2/);
  assert.match(say(twoLayer, 1), /= \[1\.25, -0\.05, -0\.4, -0\.75\] \(4-vector\)\./);
});

test("a broadcast operand's gradient is said to be summed back to its shape", () => {
  const index = indexTrace(batchBias);
  const k = batchBias.steps.findIndex((s) => s.phase === "backward" && index.nodes.get(s.node).op === "add") + 1;
  assert.match(
    narrate(index, stateAt(index, k), OPS),
    /the 1-vector gradient of b = \[.*\] \(summed over the broadcast axis/,
  );
});

test("log(-1) and sqrt(-1) say why they are NaN, from the op registry", () => {
  assert.match(say(logNegative, 2), /log\(-1\) = NaN\. The log of a negative number is undefined/);
  assert.match(say(logNegative, 3), /√\(-1\) = NaN\. The square root of a negative number is undefined/);
  assert.match(say(logNegative, 4), /A NaN input makes the result NaN too/);
});

test("gate expressions nest with parentheses and shorten long parts to …", () => {
  const index = indexTrace(neuron);
  const div = neuron.nodes.find((n) => n.op === "div");
  assert.equal(gateExpression(index, div, OPS), "1 ÷ (1 + exp(…))");
  assert.equal(shapeWords([[1, 2, 3]]), "1×3");
  assert.equal(shapeWords(2), "");
});

test("an expression with nothing named in it says which unit it belongs to", () => {
  const op = (id, inputs, group) => ({ id, kind: "op", op: "add", symbol: "+", label: null, inputs, group });
  const gate = (id) => ({ id, kind: "op", op: "exp", symbol: "exp", label: null, inputs: [] });
  const nodes = [gate("a"), gate("b"), op("c", ["a", "b"], "hidden 1 · unit 2")];
  const edges = [
    { id: "e0", source: "a", target: "c", index: 0 },
    { id: "e1", source: "b", target: "c", index: 1 },
  ];
  const index = indexTrace({ nodes, edges, steps: [], output: { node: "c" } });
  assert.equal(gateExpression(index, nodes[2], OPS), "exp() + exp()");
  const deep = { ...nodes[2] };
  assert.equal(gateExpression(index, deep, OPS, 1), "… + … in hidden 1 · unit 2");
});
