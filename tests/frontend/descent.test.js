// Unit tests for descent.js: parameter nodes at both granularities, step cards, undo history.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  chosenParameters,
  createHistory,
  defaultFrozen,
  gradName,
  networkValues,
  parameterNodes,
  roundForField,
  sameValues,
  stepCards,
} from "../../frontend/js/descent.js";

const node = (id, label, kind = "input") => ({ id, label, kind });

// The delta-rule example and POST /api/v1/step's answer for it at α = 0.1 (w0, w1 only).
const DELTA = {
  nodes: [node("n0", "w0"), node("n1", "x0"), node("n2", null, "op"), node("n3", "w1"), node("n4", "x1")],
};
const STEP = {
  learning_rate: 0.1,
  loss_before: 0.605,
  loss_after: 0.15125,
  parameters: { w0: { w: 0.5, grad: -1.1, w_new: 0.61 }, w1: { w: -0.3, grad: -2.2, w_new: -0.08 } },
};

test("a parameter is its input node, or its scalar nodes at neuron granularity", () => {
  assert.deepEqual(parameterNodes(DELTA, "w1"), [{ id: "n3", index: [] }]);
  const neuron = {
    nodes: [
      node("a", "W1[1,1]"),
      node("b", "W1[1,2]"),
      node("c", "b1[1]"),
      node("d", "W10[1,1]"),
      node("e", "z1[1]", "op"),
    ],
  };
  assert.deepEqual(parameterNodes(neuron, "W1"), [
    { id: "a", index: [0, 0] },
    { id: "b", index: [0, 1] },
  ]);
  assert.deepEqual(parameterNodes(neuron, "b1"), [{ id: "c", index: [0] }]);
  assert.deepEqual(parameterNodes(neuron, "z1"), []);
});

test("step cards carry w, the gradient and w − α∂J/∂w per node", () => {
  const cards = stepCards(DELTA, STEP, "E");
  assert.deepEqual(
    cards.map((c) => [c.nodeId, c.w, c.grad, c.wNew, c.gradLabel]),
    [
      ["n0", 0.5, -1.1, 0.61, "∂E/∂w0"],
      ["n3", -0.3, -2.2, -0.08, "∂E/∂w1"],
    ],
  );
  const neuron = { nodes: [node("a", "W1[1,2]")] };
  const [card] = stepCards(
    neuron,
    { parameters: { W1: { w: [[0.5, -0.3]], grad: [[-1.1, -2.2]], w_new: [[0.61, -0.08]] } } },
    "",
  );
  assert.deepEqual(
    [card.name, card.w, card.grad, card.wNew, card.gradLabel],
    ["W1[1,2]", -0.3, -2.2, -0.08, "∂J/∂W1[1,2]"],
  );
  assert.equal(gradName(null, "x"), "∂J/∂x");
});

test("the parameters sent are the ones not unchecked", () => {
  assert.deepEqual(chosenParameters(["w0", "w1"], {}), ["w0", "w1"]);
  assert.deepEqual(chosenParameters(["w0", "x0", "w1"], { x0: false }), ["w0", "w1"]);
});

test("a network's inputs are gathered from tensor nodes or from its neuron nodes", () => {
  const layer = {
    gradients: { x: [1, 2], W1: [[0, 0]] },
    nodes: [
      { id: "n0", kind: "input", label: "x", value: [0, 1] },
      { id: "n1", kind: "input", label: "W1", value: [[3, 4]] },
    ],
  };
  assert.deepEqual(networkValues(layer), { x: [0, 1], W1: [[3, 4]] });
  const neuron = {
    gradients: {
      x: [9, 9],
      W1: [
        [9, 9],
        [9, 9],
      ],
      b1: [9, 9],
    },
    nodes: [
      node("a", "x[1]"),
      node("b", "x[2]"),
      node("c", "W1[1,1]"),
      node("d", "W1[1,2]"),
      node("e", "W1[2,1]"),
      node("f", "W1[2,2]"),
      node("g", "b1[2]"),
      node("h", "b1[1]"),
    ].map((n, i) => ({ ...n, value: i + 1 })),
  };
  assert.deepEqual(networkValues(neuron), {
    x: [1, 2],
    W1: [
      [3, 4],
      [5, 6],
    ],
    b1: [8, 7],
  });
});

test("undo history pops in reverse order and keeps a bounded size", () => {
  const h = createHistory(2);
  h.push({ n: 1 });
  h.push({ n: 2 });
  h.push({ n: 3 });
  assert.equal(h.size(), 2);
  assert.deepEqual(h.pop(), { n: 3 });
  assert.deepEqual(h.top(), { n: 2 });
  h.clear();
  assert.equal(h.pop(), null);
});

test("value maps compare by content, not key order", () => {
  assert.ok(sameValues({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }));
  assert.ok(!sameValues({ a: 1 }, { a: 1.5 }));
});

test("by default a step updates parameters, not data or targets (issue 11)", () => {
  const names = ["w0", "x0", "w1", "x1", "t"];
  const examples = [
    { kind: "expression", expression: "o = w0*x0 + w1*x1\nE = 0.5 * (t - o)^2", parameters: ["w0", "w1"] },
  ];
  assert.deepEqual(defaultFrozen(names, examples[0].expression, examples), ["x0", "x1", "t"]);
  // A typed program in the w/x/t notation: the same by name; a program without it: every input.
  assert.deepEqual(defaultFrozen(["w", "x", "b", "y"], "(w*x + b - y)^2"), ["x", "y"]);
  assert.deepEqual(defaultFrozen(["x", "y", "z"], "(x + y) * z"), []);
  // An example's own list wins over the notation.
  assert.deepEqual(defaultFrozen(["a", "x"], "a*x", [{ kind: "expression", expression: "a*x", parameters: ["a"] }]), [
    "x",
  ]);
});

test("fields show a stepped value rounded, -0.08 not -0.07999999999999996", () => {
  assert.equal(roundForField(-0.3 - 0.1 * -2.2), -0.08);
  assert.equal(-0.3 - 0.1 * -2.2, -0.07999999999999996, "the float the step really produces");
  assert.equal(roundForField(1 / 3), 0.3333333333);
  assert.equal(roundForField(5), 5);
});
