// Unit tests for nudge.js: nudged values and the predicted-vs-actual table from API answers.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  NUDGE_STEPS,
  gradientAt,
  nudgeRow,
  nudgeSummary,
  nudgeTargets,
  nudgedValues,
  nudgeVerdict,
  verdictText,
} from "../../frontend/js/nudge.js";

test("nudging moves one element and leaves the rest (and the original) alone", () => {
  const values = {
    x: -2,
    W: [
      [1, 2],
      [3, 4],
    ],
  };
  assert.deepEqual(nudgedValues(values, "x", [], 0.1), {
    x: -1.9,
    W: [
      [1, 2],
      [3, 4],
    ],
  });
  const moved = nudgedValues(values, "W", [1, 0], 1);
  assert.deepEqual(moved.W, [
    [1, 2],
    [4, 4],
  ]);
  assert.deepEqual(values.W, [
    [1, 2],
    [3, 4],
  ]);
  assert.equal(moved.W[0], values.W[0], "untouched rows are shared");
});

test("every element of an input can be a target", () => {
  assert.deepEqual(nudgeTargets("x", 3), [{ index: [], label: "x" }]);
  assert.deepEqual(
    nudgeTargets("v", [1, 2]).map((t) => t.label),
    ["v[0]", "v[1]"],
  );
});

// The lecture circuit f = (x + y)z at x = -2, y = 5, z = -4: ∂f/∂x = -4, and f is linear in x.
// Outputs at x + Δ as POST /api/v1/graph returned them.
test("a linear input's prediction matches at every step size", () => {
  const outputs = [-12.004, -12.04, -12.4, -16];
  const rows = NUDGE_STEPS.map((delta, i) => nudgeRow({ delta, grad: -4, base: -12, output: outputs[i] }));
  assert.deepEqual(
    rows.map((r) => r.verdict),
    ["match", "match", "match", "match"],
  );
  assert.equal(rows[3].predicted, -4);
  assert.equal(rows[3].actual, -4);
  assert.match(nudgeSummary("x", rows), /exact at every step/);
});

// f = x² at x = 3 (∂f/∂x = 6): f(3 + Δ) - 9 = 6Δ + Δ², so the gap is Δ/(6 + Δ).
test("curvature makes the prediction break down at large steps", () => {
  const rows = NUDGE_STEPS.map((delta) => nudgeRow({ delta, grad: 6, base: 9, output: (3 + delta) ** 2 }));
  assert.deepEqual(
    rows.map((r) => r.verdict),
    ["close", "close", "breaks", "breaks"],
  );
  assert.ok(Math.abs(rows[3].error - 1) < 1e-12, "the error at Δ = 1 is Δ² = 1");
  assert.equal(rows[3].text, "breaks down (14% off)");
  assert.match(nudgeSummary("x", rows), /breaks down from Δ = 0.1/);
});

test("verdicts and words", () => {
  assert.equal(nudgeVerdict(0, 0), "match");
  assert.equal(nudgeVerdict(1, Number.NaN), "breaks");
  assert.equal(verdictText("close", 0.0042), "close (0.42% off)");
  assert.equal(verdictText("match", 0), "matches");
});

test("the gradient at an element comes from the trace", () => {
  const trace = { gradients: { x: -4, W: [[0.5, "-Infinity"]] } };
  assert.equal(gradientAt(trace, "x", []), -4);
  assert.equal(gradientAt(trace, "W", [0, 1]), -Infinity);
});
