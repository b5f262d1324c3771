// Unit tests for timeline.js: what is known after step k, including running sums at branches.
import { test } from "node:test";
import assert from "node:assert/strict";
import { indexTrace, stateAt, clampStep, phaseAt, branchNodes } from "../../frontend/js/timeline.js";
import { circuit, branch, square, unreached } from "./fixtures.js";

test("step 0 knows only inputs and constants", () => {
  const index = indexTrace(circuit);
  const s = stateAt(index, 0);
  assert.deepEqual([...s.values.keys()].sort(), ["n0", "n1", "n3"]);
  assert.equal(s.grads.size, 0);
  assert.equal(s.current, null);
  assert.equal(s.phase, "start");
  // Wires out of inputs carry their values from the start; the others are unknown.
  assert.equal(s.edgeValues.get("e0"), -2);
  assert.equal(s.edgeValues.has("e2"), false);
});

test("the circuit has 2 forward and 2 backward steps, forward phase first", () => {
  const index = indexTrace(circuit);
  assert.equal(index.total, 4);
  assert.equal(index.forwardCount, 2);
  assert.deepEqual(
    [1, 2, 3, 4].map((k) => phaseAt(index, k)),
    ["forward", "forward", "backward", "done"],
  );
});

test("forward steps reveal values one gate at a time", () => {
  const index = indexTrace(circuit);
  const s1 = stateAt(index, 1);
  assert.equal(s1.values.get("n2"), 3);
  assert.equal(s1.values.has("n4"), false);
  assert.equal(s1.edgeValues.get("e2"), 3);
  const s2 = stateAt(index, 2);
  assert.equal(s2.values.get("n4"), -12);
  assert.equal(s2.grads.size, 0);
});

test("the first backward step gives the output gradient 1 and the mul gate's contributions", () => {
  const index = indexTrace(circuit);
  const s = stateAt(index, 3);
  assert.equal(s.grads.get("n4"), 1);
  assert.equal(s.grads.get("n2"), -4);
  assert.equal(s.grads.get("n3"), 3);
  assert.equal(s.edgeGrads.get("e2"), -4);
  assert.equal(s.edgeGrads.get("e3"), 3);
  assert.equal(s.grads.has("n0"), false);
  assert.equal(s.current.node, "n4");
});

test("at the end every gradient equals the API's final gradient", () => {
  const index = indexTrace(circuit);
  const s = stateAt(index, index.total);
  for (const n of circuit.nodes) assert.equal(s.grads.get(n.id), n.grad, n.id);
  for (const e of circuit.edges) assert.equal(s.edgeGrads.get(e.id), e.grad, e.id);
  assert.equal(s.phase, "done");
});

test("a branch accumulates a running sum: 1, then 1 + (-4) = -3", () => {
  const index = indexTrace(branch);
  const x = branch.nodes.find((n) => n.label === "x").id;
  assert.ok(branchNodes(index).has(x));
  const after3 = stateAt(index, 3);
  assert.deepEqual(after3.terms.get(x), [1]);
  assert.equal(after3.grads.get(x), 1);
  assert.equal(after3.complete.has(x), false);
  const after4 = stateAt(index, 4);
  assert.deepEqual(after4.terms.get(x), [1, -4]);
  assert.equal(after4.grads.get(x), -3);
  assert.equal(after4.complete.has(x), true);
});

test("x * x: two contributions from one step both land on x", () => {
  const index = indexTrace(square);
  assert.equal(index.outEdges.get("n0").length, 2);
  const s = stateAt(index, index.total);
  assert.deepEqual(s.terms.get("n0"), [3, 3]);
  assert.equal(s.grads.get("n0"), 6);
});

test("nodes that do not reach the output get gradient 0 only at the end", () => {
  const index = indexTrace(unreached);
  const w = unreached.nodes.find((n) => n.label === "w").id;
  assert.equal(stateAt(index, index.total - 1).grads.has(w), false);
  assert.equal(stateAt(index, index.total).grads.get(w), 0);
});

test("clampStep keeps k within 0..total", () => {
  const index = indexTrace(circuit);
  assert.equal(clampStep(index, -3), 0);
  assert.equal(clampStep(index, 99), 4);
  assert.equal(clampStep(index, "2"), 2);
  assert.equal(clampStep(index, Number.NaN), 0);
});
