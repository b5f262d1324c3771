// Unit tests for training.js: requests from settings, runs grown by chunks, snapshots, replay pacing.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  PRESETS,
  appendRun,
  defaultSettings,
  exampleTarget,
  metricsAt,
  networkSpec,
  parameterCount,
  parseHidden,
  readNumber,
  replayRate,
  replayStep,
  snapshotAt,
  snapshotNetwork,
  trainRequest,
} from "../../frontend/js/training.js";
import { activationsFrom } from "../../frontend/js/activations.js";

// The activations as GET /api/v1/ops marks them (role, class_off).
const ACTIVATIONS = activationsFrom([
  { name: "tanh", role: "activation", class_off: -1 },
  { name: "sigmoid", role: "activation", class_off: 0 },
  { name: "relu", role: "activation", class_off: 0 },
  { name: "squared_error", role: "loss", class_off: null },
]);

const snap = (step, loss) => ({ step, loss, accuracy: 0.5, weights: { W1: [[step]] }, grid: null });
const CHUNK = {
  initial_loss: 1,
  loss: [0.8, 0.6, 0.4, 0.2],
  accuracy: [0.5, 0.5, 0.75, 1],
  snapshots: [snap(0, 1), snap(2, 0.6), snap(4, 0.2)],
  weights: { W1: [[4]] },
  dataset: { size: 4 },
  steps: 4,
};

test("settings become a /train body with about fifty snapshots", () => {
  const body = trainRequest(defaultSettings("spiral"));
  assert.deepEqual(body.network, {
    layers: [2, 16, 16, 2],
    activation: "tanh",
    output_activation: "linear",
    loss: "cross_entropy",
    bias: true,
    seed: 0,
  });
  assert.deepEqual(body.dataset, { name: "spiral", size: 100, noise: 0.05 });
  assert.equal(body.steps, 5000);
  assert.equal(body.snapshot_every, 100);
  // tests/api/test_teaching_api.py trains exactly this and checks the loss never spikes.
  assert.equal(body.learning_rate, 0.2);
  assert.equal(body.batch_size, undefined, "full batch by default");
  const more = trainRequest({ ...defaultSettings("xor"), batchSize: 2 }, { W1: [[1, 2]] });
  assert.deepEqual(more.network.weights, { W1: [[1, 2]] });
  assert.equal(more.batch_size, 2);
  assert.deepEqual(networkSpec({ ...PRESETS.xor, seed: 3, hidden: "" }).layers, [2, 1]);
});

test("hidden layers and numbers are read with field-named errors", () => {
  assert.deepEqual(parseHidden("16, 16"), [16, 16]);
  assert.deepEqual(parseHidden("8 4"), [8, 4]);
  assert.throws(() => parseHidden("4, 0"), /Hidden layers: “0”/);
  assert.equal(readNumber(" 0.5 ", "Learning rate"), 0.5);
  assert.equal(readNumber("", "Batch size", { optional: true }), null);
  assert.throws(() => readNumber("2.5", "Steps", { integer: true }), /Steps: enter a whole number/);
  assert.throws(() => readNumber("-1", "Noise", { min: 0 }), /Noise: must be at least 0/);
});

test("a second chunk continues the run: steps and snapshots shifted, step 0 not repeated", () => {
  const one = appendRun(null, CHUNK);
  assert.equal(one.total, 4);
  const two = appendRun(one, {
    ...CHUNK,
    initial_loss: 0.2,
    loss: [0.1, 0.05],
    accuracy: [1, 1],
    snapshots: [snap(0, 0.2), snap(2, 0.05)],
    steps: 2,
  });
  assert.equal(two.total, 6);
  assert.deepEqual(two.loss, [0.8, 0.6, 0.4, 0.2, 0.1, 0.05]);
  assert.deepEqual(
    two.snapshots.map((s) => s.step),
    [0, 2, 4, 6],
  );
  assert.equal(two.accuracy.length, 6);
  assert.equal(two.initialLoss, 1);
});

test("the snapshot shown at a step is the latest one taken by then", () => {
  const { snapshots } = appendRun(null, CHUNK);
  assert.equal(snapshotAt(snapshots, 0).step, 0);
  assert.equal(snapshotAt(snapshots, 1).step, 0);
  assert.equal(snapshotAt(snapshots, 3).step, 2);
  assert.equal(snapshotAt(snapshots, 99).step, 4);
  assert.equal(snapshotAt([], 3), null);
});

test("metrics at a step: step 0 is before training", () => {
  const run = appendRun(null, CHUNK);
  assert.deepEqual(metricsAt(run, 0), { loss: 1, accuracy: 0.5 });
  assert.deepEqual(metricsAt(run, 3), { loss: 0.4, accuracy: 0.75 });
  assert.deepEqual(metricsAt(run, 40), { loss: 0.2, accuracy: 1 });
});

test("replays last 1.5 to 6 seconds and stop at the chunk's end", () => {
  assert.equal(replayRate(300), 200);
  assert.equal(replayRate(2000), 400);
  assert.equal(replayRate(20000), 20000 / 6);
  assert.equal(replayStep(0, 500, 1000, 200), 200);
  assert.equal(replayStep(100, 500, 10000, 200), 500);
});

test("example targets are encoded as the server encodes built-in labels", () => {
  const spec = (output_activation, loss, units) => ({ output_activation, loss, layers: [2, 4, units] });
  assert.deepEqual(exampleTarget(spec("tanh", "squared_error", 1), 0, ACTIVATIONS), [-1]);
  assert.deepEqual(exampleTarget(spec("sigmoid", "squared_error", 1), 0, ACTIVATIONS), [0]);
  assert.deepEqual(exampleTarget(spec("tanh", "squared_error", 1), 1, ACTIVATIONS), [1]);
  assert.equal(exampleTarget(spec("linear", "cross_entropy", 2), 1, ACTIVATIONS), 1);
  assert.deepEqual(exampleTarget(spec("linear", "squared_error", 3), 2, ACTIVATIONS), [-1, -1, 1]);
  assert.deepEqual(exampleTarget(spec("relu", "squared_error", 3), 2, ACTIVATIONS), [0, 0, 1]);
});

test("a snapshot opens with one example; small nets at neuron granularity", () => {
  assert.equal(parameterCount([2, 4, 1]), 17);
  assert.equal(parameterCount([2, 16, 16, 2]), 354);
  const dataset = {
    size: 4,
    inputs: [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ],
    labels: [0, 1, 1, 0],
    targets: [0, 1, 1, 0],
  };
  const net = snapshotNetwork(defaultSettings("xor"), { weights: { W1: [[1]] } }, dataset, 2, ACTIVATIONS);
  assert.deepEqual(net.input, [1, 0]);
  assert.deepEqual(net.target, [1]);
  assert.equal(net.granularity, "neuron");
  assert.deepEqual(net.weights, { W1: [[1]] });
  assert.equal(
    snapshotNetwork(defaultSettings("spiral"), { weights: {} }, dataset, 9, ACTIVATIONS).granularity,
    "layer",
  );
});
