// Unit tests for activations.js: the activation list and the class-0 label rule come from the ops list.
import { test } from "node:test";
import assert from "node:assert/strict";
import { LINEAR, NO_ACTIVATIONS, activationsFrom } from "../../frontend/js/activations.js";
import { exampleTarget, networkSpec, outputOptions, PRESETS } from "../../frontend/js/training.js";
import { surfaceRange } from "../../frontend/js/plot.js";

// GET /api/v1/ops as the server answers it, trimmed to the fields read here, plus an activation
// the frontend has never heard of ("softplus", never negative: class 0 is 0).
const OPS = [
  { name: "add", role: null, class_off: null },
  { name: "tanh", role: "activation", class_off: -1 },
  { name: "sigmoid", role: "activation", class_off: 0 },
  { name: "relu", role: "activation", class_off: 0 },
  { name: "softplus", role: "activation", class_off: 0 },
  { name: "squared_error", role: "loss", class_off: null },
];

test("the activations are the ops list's, sorted as the server's spec sorts them, then linear", () => {
  const activations = activationsFrom(OPS);
  assert.deepEqual(activations.names, ["relu", "sigmoid", "softplus", "tanh", LINEAR]);
  assert.ok(activations.includes("softplus"));
  assert.ok(!activations.includes("add") && !activations.includes("squared_error"));
  // Without the list, nothing but linear is offered (a form keeps the value it shows).
  assert.deepEqual(NO_ACTIVATIONS.names, [LINEAR]);
  assert.deepEqual(activationsFrom(OPS.filter((op) => op.name !== "softplus")).names, [
    "relu",
    "sigmoid",
    "tanh",
    LINEAR,
  ]);
});

test("a new activation in the ops list appears in the training form's output options", () => {
  const options = outputOptions(activationsFrom(OPS));
  assert.deepEqual(options, [
    ["relu", "relu, squared error"],
    ["sigmoid", "sigmoid, squared error"],
    ["softplus", "softplus, squared error"],
    ["tanh", "tanh, squared error"],
    ["linear", "linear, squared error"],
    ["softmax", "softmax, cross-entropy"],
  ]);
  const spec = networkSpec({ ...PRESETS.xor, seed: 0, activation: "softplus", output: "softplus" });
  assert.equal(spec.activation, "softplus");
  assert.equal(spec.output_activation, "softplus");
  assert.equal(spec.loss, "squared_error");
});

test("the class-0 label follows each activation's class_off", () => {
  const activations = activationsFrom(OPS);
  assert.equal(activations.classOff("softplus"), 0);
  assert.equal(activations.classOff("tanh"), -1);
  assert.equal(activations.classOff(LINEAR), -1);
  assert.equal(activations.classOff("unheard_of"), -1);
  const spec = (output_activation, units) => ({ output_activation, loss: "squared_error", layers: [2, 3, units] });
  assert.deepEqual(exampleTarget(spec("softplus", 1), 0, activations), [0]);
  assert.deepEqual(exampleTarget(spec("softplus", 3), 1, activations), [0, 1, 0]);
  assert.deepEqual(exampleTarget(spec("tanh", 3), 1, activations), [-1, 1, -1]);
  // The same activation with class_off -1 in another registry: the rule is the list's, not a name's.
  const flipped = activationsFrom(OPS.map((op) => (op.name === "softplus" ? { ...op, class_off: -1 } : op)));
  assert.deepEqual(exampleTarget(spec("softplus", 1), 0, flipped), [-1]);
  assert.deepEqual(surfaceRange("output", activations.classOff("softplus")), { lo: 0, hi: 1 });
  assert.deepEqual(surfaceRange("output", flipped.classOff("softplus")), { lo: -1, hi: 1 });
});
