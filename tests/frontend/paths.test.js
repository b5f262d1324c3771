// Unit tests for paths.js: forward-mode tangents and the gradient as a sum over paths.
import { test } from "node:test";
import assert from "node:assert/strict";
import { indexTrace } from "../../frontend/js/timeline.js";
import { forwardModeApplies, forwardTangents, pathsToOutput } from "../../frontend/js/paths.js";
import { branch, circuit, square } from "./fixtures.js";
import { neuron, twins, twoLayer } from "./teach_fixtures.js";

const inputId = (trace, label) => trace.nodes.find((n) => n.label === label).id;

test("forward mode on the circuit: ẋ = 1 gives ∂f/∂x = z = -4 at the output, by hand", () => {
  const index = indexTrace(circuit);
  const { tangents } = forwardTangents(index, inputId(circuit, "x"));
  assert.equal(tangents.get("n2"), 1, "q = x + y: q̇ = ẋ + ẏ = 1");
  assert.equal(tangents.get("n4"), -4, "f = q z: ḟ = z q̇ + q ż = -4·1 + 3·0");
  const z = forwardTangents(index, inputId(circuit, "z")).tangents;
  assert.equal(z.get("n4"), 3, "∂f/∂z = q = 3");
});

test("one forward pass per input gives what one reverse pass gives for all (the neuron)", () => {
  const index = indexTrace(neuron);
  for (const [name, grad] of Object.entries(neuron.gradients)) {
    const { tangents } = forwardTangents(index, inputId(neuron, name));
    assert.ok(Math.abs(tangents.get(index.outputId) - grad) < 1e-12, name);
  }
  // By hand: ∂σ/∂w0 = σ(1)(1 − σ(1)) · x0 with σ(1) = 0.7311.
  const s = 1 / (1 + Math.exp(-1));
  assert.ok(
    Math.abs(forwardTangents(index, inputId(neuron, "w0")).tangents.get(index.outputId) - s * (1 - s) * -1) < 1e-12,
  );
});

test("forward mode stops at step k and says which gate it just did", () => {
  const index = indexTrace(circuit);
  const first = forwardTangents(index, inputId(circuit, "x"), 1);
  assert.equal(first.current, "n2");
  assert.equal(first.tangents.has("n4"), false);
  assert.equal(first.edgeTangents.get("e0"), 1);
  assert.equal(first.edgeTangents.get("e1"), 0);
});

test("x in x·y + x has two paths to the output, 1 and y = -4, summing to -3", () => {
  const index = indexTrace(branch);
  const { paths, count, sum, complete } = pathsToOutput(index, inputId(branch, "x"));
  assert.equal(count, 2);
  assert.ok(complete);
  assert.deepEqual(
    paths.map((p) => p.product).sort((a, b) => a - b),
    [-4, 1],
  );
  assert.equal(sum, -3);
  assert.equal(sum, branch.gradients.x);
});

test("x · x: two edges into one gate are two paths of 3 each", () => {
  const { paths, sum } = pathsToOutput(indexTrace(square), inputId(square, "x"));
  assert.deepEqual(
    paths.map((p) => p.product),
    [3, 3],
  );
  assert.equal(sum, 6);
});

test("the path sum equals every input's gradient on the neuron and the twin products", () => {
  for (const trace of [neuron, twins]) {
    const index = indexTrace(trace);
    for (const [name, grad] of Object.entries(trace.gradients)) {
      const { sum } = pathsToOutput(index, inputId(trace, name));
      assert.ok(Math.abs(sum - grad) < 1e-12, name);
    }
  }
  const index = indexTrace(twins);
  assert.equal(pathsToOutput(index, inputId(twins, "x")).count, 2);
});

test("paths are counted past the listing limit; tensor programs are not for forward mode", () => {
  const index = indexTrace(neuron);
  const limited = pathsToOutput(index, inputId(neuron, "w0"), 0);
  assert.equal(limited.count, 1);
  assert.equal(limited.paths.length, 0);
  assert.equal(limited.sum, null);
  assert.equal(forwardModeApplies(indexTrace(twoLayer)), false);
  assert.equal(forwardModeApplies(index), true);
});
