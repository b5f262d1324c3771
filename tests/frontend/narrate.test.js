// Unit tests for narrate.js: one plain sentence per step.
import { test } from "node:test";
import assert from "node:assert/strict";
import { indexTrace, stateAt } from "../../frontend/js/timeline.js";
import { narrate } from "../../frontend/js/narrate.js";
import { circuit, branch } from "./fixtures.js";

const ops = {
  add: { name: "add", symbol: "+", syntax: "infix", pattern: "add distributes the gradient" },
  mul: { name: "mul", symbol: "×", syntax: "infix", pattern: "mul swaps the inputs" },
};

test("step 0 lists the inputs", () => {
  const index = indexTrace(circuit);
  assert.match(narrate(index, stateAt(index, 0), ops), /Inputs: x = -2, y = 5, z = -4/);
});

test("a forward step names the operands and gives the numbers", () => {
  const index = indexTrace(circuit);
  assert.equal(narrate(index, stateAt(index, 1), ops), "Forward: x + y = -2 + 5 = 3.");
});

test("a backward step through × explains upstream × local and the swap", () => {
  const index = indexTrace(circuit);
  const text = narrate(index, stateAt(index, 3), ops);
  assert.match(text, /upstream gradient 1 × local gradient 3 \(the other input\) = 3, sent to z/);
  assert.match(text, /Mul swaps the inputs\./);
});

test("the second arrival at a branch spells out the sum", () => {
  const index = indexTrace(branch);
  const text = narrate(index, stateAt(index, 4), ops);
  assert.match(text, /x now has 1 \+ \(-4\) = -3/);
});
