// Unit tests for netspec.js: the network form as typed <-> the /api/v1/network request, and its hash.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  DEFAULT_NETWORK_FORM,
  FormError,
  formToRequest,
  specToForm,
  formatWeights,
  parseNumbers,
  fieldOfMessage,
  encodeNetworkHash,
  decodeNetworkHash,
  normalizeForm,
} from "../../frontend/js/netspec.js";

const lecture = {
  layers: [3, 4, 2],
  activation: "relu",
  output_activation: "linear",
  loss: "squared_error",
  bias: false,
  weights: {
    W1: [
      [0.2, -0.5, 0.1],
      [1.5, 1.3, 2.1],
      [0, 0.25, 0.2],
      [-0.3, 0.4, 0.7],
    ],
    W2: [
      [0.5, -1, 0.3, 0.8],
      [-0.2, 0.4, 1.1, -0.6],
    ],
  },
  input: [0.5, -1, 1],
  target: [1, 0],
  granularity: "layer",
};

test("the default form is a valid lecture-shaped request", () => {
  const request = formToRequest(DEFAULT_NETWORK_FORM);
  assert.deepEqual(request, {
    layers: [3, 4, 2],
    activation: "relu",
    output_activation: "linear",
    loss: "squared_error",
    input: [0.5, -1, 1],
    bias: false,
    granularity: "neuron",
    target: [1, 0],
    seed: 0,
  });
});

test("an example spec round-trips through the form, weights included", () => {
  const form = specToForm(lecture);
  assert.equal(form.layers, "3, 4, 2");
  assert.equal(form.input, "0.5, -1, 1");
  assert.equal(form.bias, false);
  const request = formToRequest(form);
  for (const key of [
    "layers",
    "activation",
    "output_activation",
    "loss",
    "input",
    "target",
    "bias",
    "granularity",
    "weights",
  ]) {
    assert.deepEqual(request[key], lecture[key], key);
  }
});

test("weights are written one matrix row per line and read back", () => {
  const text = formatWeights(lecture.weights);
  assert.equal(text.split("\n").length, 6);
  assert.ok(text.startsWith('{"W1": [[0.2, -0.5, 0.1],\n'));
  assert.deepEqual(JSON.parse(text), lecture.weights);
  assert.equal(formatWeights({}), "");
});

test("layer sizes accept commas, spaces, 3-4-2 and JSON; negatives stay negative", () => {
  for (const text of ["3, 4, 2", "3 4 2", "3-4-2", "3×4×2", "[3, 4, 2]"]) {
    assert.deepEqual(formToRequest({ ...DEFAULT_NETWORK_FORM, layers: text }).layers, [3, 4, 2], text);
  }
  assert.deepEqual(parseNumbers("3, -4, 2", "layers"), [3, -4, 2]);
});

test("unreadable fields are a FormError naming the field; the server judges the rest", () => {
  const cases = [
    [{ layers: "3, a, 2" }, "layers", /“a” is not a number/],
    [{ layers: "3, 4.5, 2" }, "layers", /whole numbers/],
    [{ layers: "" }, "layers", /empty/],
    [{ input: "1, two" }, "input", /Input x: “two”/],
    [{ target: "[1, 0" }, "target", /Target t: not valid JSON/],
    [{ seed: "-1" }, "seed", /Seed must be a whole number/],
    [{ weights: "[1, 2]" }, "weights", /must be an object/],
  ];
  for (const [patch, field, message] of cases) {
    assert.throws(
      () => formToRequest({ ...DEFAULT_NETWORK_FORM, ...patch }),
      (err) => err instanceof FormError && err.field === field && message.test(err.message),
      field,
    );
  }
  // Wrong shapes are for the server to name (with both shapes): the form passes them on.
  assert.deepEqual(formToRequest({ ...DEFAULT_NETWORK_FORM, input: "1, 2" }).input, [1, 2]);
});

test("targets: lists, one class index for cross-entropy, none without a loss; batches as JSON", () => {
  assert.equal(formToRequest({ ...DEFAULT_NETWORK_FORM, loss: "cross_entropy", target: "1" }).target, 1);
  assert.equal("target" in formToRequest({ ...DEFAULT_NETWORK_FORM, loss: "none", layers: "3, 1", target: "" }), false);
  assert.deepEqual(
    formToRequest({
      ...DEFAULT_NETWORK_FORM,
      granularity: "layer",
      input: "[[1, 2, 3], [4, 5, 6]]",
      target: "[[1, 0], [0, 1]]",
    }).input,
    [
      [1, 2, 3],
      [4, 5, 6],
    ],
  );
  assert.deepEqual(
    formToRequest({ ...DEFAULT_NETWORK_FORM, activation: "relu, tanh", layers: "3, 4, 4, 2" }).activation,
    ["relu", "tanh"],
  );
  assert.equal("weights" in formToRequest({ ...DEFAULT_NETWORK_FORM, weights: "  " }), false);
});

test("server messages are matched to the field they are about", () => {
  assert.equal(fieldOfMessage("weights.W1 has shape (4, 3), but layers [3, 5, 2] need shape (5, 3)"), "weights");
  assert.equal(fieldOfMessage("input has shape (2,), but layers[0] = 3 needs shape (3,)"), "input");
  assert.equal(fieldOfMessage("layers[1] is 0: every layer needs at least one unit"), "layers");
  assert.equal(fieldOfMessage("target is required for loss squared_error"), "target");
  assert.equal(fieldOfMessage("unknown activation 'gelu': choose one of relu, sigmoid, tanh, linear"), "activation");
  assert.equal(fieldOfMessage("the network makes 20,000 nodes; the limit is 10,000"), null);
});

test("the network hash round-trips form, open units and step, and keeps the expression", () => {
  const network = { ...specToForm(lecture), granularity: "neuron" };
  const state = { network, expanded: ["hidden 1 · unit 3"], step: 7, expression: "x * y", values: { x: 2, y: 3 } };
  const hash = encodeNetworkHash(state);
  assert.deepEqual(decodeNetworkHash(hash), { network, expanded: ["hidden 1 · unit 3"], step: 7 });
  const params = new URLSearchParams(hash.slice(1));
  assert.equal(params.get("expr"), "x * y");
  assert.equal(decodeNetworkHash("#expr=x&values=%7B%7D&step=1"), null);
});

test("a corrupt or hand-edited hash falls back to defaults field by field", () => {
  const restored = decodeNetworkHash(
    "#mode=network&net=%7B%22layers%22%3A%222%2C1%22%2C%22loss%22%3A%22bogus%22%2C%22bias%22%3A3%7D&open=%7Bbad&step=-4",
  );
  assert.equal(restored.network.layers, "2,1");
  assert.equal(restored.network.loss, DEFAULT_NETWORK_FORM.loss);
  assert.equal(restored.network.bias, DEFAULT_NETWORK_FORM.bias);
  assert.deepEqual(restored.expanded, []);
  assert.equal(restored.step, 0);
  assert.deepEqual(normalizeForm(null), { ...DEFAULT_NETWORK_FORM });
});

test("layer sizes with a bad or empty entry are errors naming it, not silently [3, 3] (issue 11)", () => {
  const error = (layers) => {
    try {
      formToRequest({ ...DEFAULT_NETWORK_FORM, layers });
    } catch (err) {
      return err;
    }
    return null;
  };
  for (const [text, words] of [
    ["3, x, 3", /“x” is not a number \(entry 2 of 3\)/],
    ["3,,3", /entry 2 is empty/],
    ["3, x, 2", /“x” is not a number \(entry 2 of 3\)/],
  ]) {
    const err = error(text);
    assert.ok(err instanceof FormError, text);
    assert.equal(err.field, "layers", `${text} is a layer problem, not a target problem`);
    assert.match(err.message, words);
  }
  assert.deepEqual(parseNumbers("3x4x2", "layers"), [3, 4, 2]);
  assert.deepEqual(parseNumbers("3, 4, 2,", "layers"), [3, 4, 2]);
  assert.throws(() => parseNumbers("0.5,,1", "input"), /Input x: entry 2 is empty/);
});
