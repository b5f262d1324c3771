// Unit tests for local_math.js: the inspector's "with the numbers" (issue 11: `a = + = 1`, σ(a)(1−σ(a)) never filled in).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  alignedSteps,
  fillFormula,
  localSteps,
  localWithNumbers,
  operandsWithNumbers,
} from "../../frontend/js/local_math.js";
import { OPS, sigmoidNeuron } from "./teach_fixtures.js";

const fill = (op, inputs, output, local, i = 0) =>
  localWithNumbers(OPS[op].latex[i], { expression: OPS[op].expression_latex, inputs, output, local });

test("an unnamed operand is named by its placeholder letter, never by its gate's symbol", () => {
  const sum = sigmoidNeuron.nodes.find(
    (n) => n.op === "add" && n.id === sigmoidNeuron.nodes.find((m) => m.op === "sigmoid").inputs[0],
  );
  const text = operandsWithNumbers([{ node: sum, value: sum.value }]);
  assert.equal(text, "a = 1");
  assert.doesNotMatch(text, /\+/);
  assert.equal(
    operandsWithNumbers([
      { node: { kind: "input", label: "x0" }, value: -1 },
      { node: { kind: "const", label: "2" }, value: 2 },
    ]),
    "a = x_{0} = -1,\\quad b = 2",
  );
});

test("σ(a)(1 − σ(a)) is filled in with the gate's output, then its value", () => {
  const sigma = sigmoidNeuron.nodes.find((n) => n.op === "sigmoid");
  const back = sigmoidNeuron.steps.find((s) => s.phase === "backward" && s.node === sigma.id);
  const local = back.contributions[0].local;
  const s = 1 / (1 + Math.exp(-1)); // σ(1), derived by hand
  assert.ok(Math.abs(local - s * (1 - s)) < 1e-12);
  assert.equal(
    fill("sigmoid", [1], sigma.value, local),
    "\\frac{\\partial \\sigma(a)}{\\partial a} = \\sigma(a)\\,(1 - \\sigma(a)) = 0.7311\\,(1 - 0.7311) = 0.1966",
  );
});

test("other local derivatives with the numbers", () => {
  assert.match(fill("tanh", [0.5], Math.tanh(0.5), 1 - Math.tanh(0.5) ** 2), /= 1 - 0\.4621\^2 = 0\.7864$/);
  assert.match(fill("sin", [-2], Math.sin(-2), Math.cos(-2)), /= \\cos a = \\cos\(-2\) = -0\.4161$/);
  assert.match(fill("sqrt", [4], 2, 0.25), /= \\frac\{1\}\{2 \\cdot 2\} = 0\.25$/);
  assert.match(fill("pow", [-3, 2], 9, -6), /= 2\\,\(-3\)\^\{2-1\} = -6$/);
  assert.equal(fill("mul", [2, -3], -6, -3), "\\frac{\\partial (ab)}{\\partial a} = b = -3");
  assert.match(fill("max", [4, -1], 4, 1), /= \[4 > \(-1\)\] \+ \\tfrac\{1\}\{2\}\[4 = \(-1\)\] = 1$/);
  assert.equal(fill("exp", [-1], Math.exp(-1), Math.exp(-1)), "\\frac{\\partial e^a}{\\partial a} = e^a = 0.3679");
});

test("without a value yet, the formula is filled with the operands only", () => {
  assert.equal(
    fillFormula(OPS.div.latex[1], { expression: OPS.div.expression_latex, inputs: [1, 2] }),
    "-\\frac{1}{2^2}",
  );
  assert.equal(fillFormula("no right-hand side", {}), null);
});

test("long lines are set one = per line", () => {
  const steps = localSteps(OPS.sigmoid.latex[0], {
    expression: OPS.sigmoid.expression_latex,
    inputs: [1],
    output: 0.7310585786300049,
    local: 0.19661193324148185,
  });
  assert.equal(steps.length, 3);
  assert.equal(alignedSteps(steps), `\\begin{aligned} ${steps[0]} &= ${steps[1]} \\\\ &= 0.1966 \\end{aligned}`);
  assert.equal(alignedSteps(["x"]), "x");
});
