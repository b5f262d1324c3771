// Unit tests for gradcheck.js: rows, verdicts in words and kink explanations from /gradcheck answers.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  backwardChoice,
  checkRows,
  elementIndices,
  elementLabel,
  explainKink,
  explainKinks,
  formatError,
  formatPrecise,
  summarize,
  tensorVerdictText,
} from "../../frontend/js/gradcheck.js";

// Answers as POST /api/v1/gradcheck returned them (the lecture circuit, a relu kink, a tensor).
const CIRCUIT = {
  output: -12,
  h: 1e-6,
  threshold: 1e-5,
  forward_passes: 7,
  passed: true,
  kinks: [],
  max_relative_error: 1.5628150625464818e-10,
  worst: { input: "z", index: [], analytic: 3, numerical: 2.9999999995311555, relative_error: 1.5628150625464818e-10 },
  inputs: {
    x: {
      shape: [],
      analytic: -4,
      numerical: -4.000000000559112,
      relative_error: 1.3977796695918903e-10,
      at_kink: false,
      passed: true,
    },
    y: {
      shape: [],
      analytic: -4,
      numerical: -4.000000000559112,
      relative_error: 1.3977796695918903e-10,
      at_kink: false,
      passed: true,
    },
    z: {
      shape: [],
      analytic: 3,
      numerical: 2.9999999995311555,
      relative_error: 1.5628150625464818e-10,
      at_kink: false,
      passed: true,
    },
  },
};
const RELU = {
  output: 0,
  h: 1e-6,
  threshold: 1e-5,
  forward_passes: 3,
  passed: true,
  max_relative_error: null,
  worst: null,
  inputs: { x: { shape: [], analytic: 0, numerical: 1, relative_error: 1, at_kink: true, passed: true } },
  kinks: [
    {
      node: "n1",
      op: "relu",
      label: null,
      line: 1,
      column: 5,
      at_point: true,
      crossings: [{ input: "x", index: [], left: 0, right: 2, analytic: 0 }],
    },
  ],
};
const TENSOR = {
  output: 1,
  h: 1e-6,
  threshold: 1e-5,
  forward_passes: 9,
  passed: false,
  kinks: [],
  max_relative_error: 0.5,
  worst: { input: "W", index: [1, 0], analytic: 1, numerical: 2, relative_error: 0.5 },
  inputs: {
    W: {
      shape: [2, 2],
      analytic: [
        [1, 2],
        [1, 0],
      ],
      numerical: [
        [1, 2],
        [2, 0],
      ],
      relative_error: [
        [0, 0],
        [0.5, 0],
      ],
      at_kink: [
        [false, false],
        [false, true],
      ],
      passed: false,
    },
  },
};

test("element indices run row-major and label 0-based like typed values", () => {
  assert.deepEqual(elementIndices([]), [[]]);
  assert.deepEqual(elementIndices([2, 2]), [
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ]);
  assert.equal(elementLabel("W1", [0, 2]), "W1[0][2]");
  assert.equal(elementLabel("x", []), "x");
});

test("the lecture circuit gives one passing row per input with the API's numbers", () => {
  const rows = checkRows(CIRCUIT);
  assert.deepEqual(
    rows.map((r) => r.name),
    ["x", "y", "z"],
  );
  assert.ok(rows.every((r) => r.verdict === "pass" && !r.tensor));
  assert.equal(rows[2].numerical, 2.9999999995311555);
  assert.equal(rows[0].relativeError, 1.3977796695918903e-10);
  assert.match(summarize(CIRCUIT, rows), /^All 3 gradients agree.*1\.6e-10 at z/);
  assert.match(summarize(CIRCUIT, rows), /Threshold 1e-5, h = 1e-6/);
});

test("a kink is its own verdict and explained with both one-sided slopes", () => {
  const rows = checkRows(RELU);
  assert.equal(rows[0].verdict, "kink");
  const [text] = explainKink(RELU.kinks[0], { x: 0 });
  assert.match(
    text,
    /^x = 0 sits at the kink of relu \(line 1, column 5\): one-sided slopes 0 \(left\) and 2 \(right\)/,
  );
  assert.match(text, /backward pass takes the left side's slope \(0\).*averages the two sides \(about 1\)/);
  assert.match(summarize(RELU, rows), /No gradient could be judged.*1 element sits at a kink/);
});

test("a tensor row summarises its elements; the worst ignores kinks", () => {
  const [row] = checkRows(TENSOR);
  assert.equal(row.tensor, true);
  assert.deepEqual(row.counts, { pass: 2, fail: 1, kink: 1 });
  assert.equal(row.verdict, "fail");
  assert.equal(row.worst, 0.5);
  assert.deepEqual(
    row.elements.map((e) => e.verdict),
    ["pass", "pass", "fail", "kink"],
  );
  assert.equal(tensorVerdictText(row), "1 of 4 disagrees; 1 at a kink");
  assert.match(summarize(TENSOR, [row]), /^1 of 3 gradients disagree with central differences: W\[1\]\[0\]/);
});

test("NaN relative errors fail, non-finite strings are read", () => {
  const answer = {
    ...CIRCUIT,
    inputs: { x: { shape: [], analytic: "NaN", numerical: 1, relative_error: "NaN", at_kink: false, passed: false } },
  };
  assert.equal(checkRows(answer)[0].verdict, "fail");
});

test("precise and error formats show what the check is about", () => {
  assert.equal(formatPrecise(-4.000000000559112), "-4.00000000056");
  assert.equal(formatPrecise(-4), "-4");
  assert.equal(formatPrecise(1.23456789e-7), "1.23456789e-7");
  assert.equal(formatError(1.3977796695918903e-10), "1.4e-10");
  assert.equal(formatError(0.5), "0.5");
  assert.equal(formatError(0), "0");
});

// POST /api/v1/gradcheck for relu(x) + max(x, y) at x = y = 0 (issue 11: the note said "takes one side (0.5)").
const RELU_MAX = {
  output: 0.0,
  h: 1e-6,
  threshold: 1e-5,
  inputs: {
    x: { shape: [], analytic: 0.5, numerical: 1.0, relative_error: 0.5, at_kink: true, passed: true },
    y: { shape: [], analytic: 0.5, numerical: 0.5, relative_error: 0.0, at_kink: true, passed: true },
  },
  max_relative_error: null,
  worst: null,
  passed: true,
  kinks: [
    {
      node: "n1",
      op: "relu",
      label: null,
      line: 1,
      column: 1,
      at_point: true,
      crossings: [{ input: "x", index: [], left: 0.0, right: 2.0, analytic: 0.5 }],
    },
    {
      node: "n3",
      op: "max",
      label: null,
      line: 1,
      column: 11,
      at_point: true,
      crossings: [
        { input: "x", index: [], left: 0.0, right: 2.0, analytic: 0.5 },
        { input: "y", index: [], left: 0.0, right: 1.0, analytic: 0.5 },
      ],
    },
  ],
  forward_passes: 5,
};

test("relu(x) + max(x, y) at 0: slopes 0 and 2, the backward pass takes 0.5 between them, x explained once", () => {
  const notes = explainKinks(RELU_MAX.kinks, { x: 0, y: 0 });
  assert.equal(notes.length, 2, "one note per element, although x crosses two kinks");
  const [x, y] = notes;
  assert.match(
    x,
    /^x = 0 sits at the kinks of relu \(line 1, column 1\) and max \(line 1, column 11\): one-sided slopes 0 \(left\) and 2 \(right\)\./,
  );
  assert.match(x, /The backward pass takes 0\.5, a value between the two sides/);
  assert.doesNotMatch(x, /takes one side/);
  assert.match(x, /averages the two sides \(about 1\)/);
  assert.match(y, /^y = 0 sits at the kink of max .* slopes 0 \(left\) and 1 \(right\)\. The backward pass takes 0\.5/);
});

test("the backward pass's choice is named against the slopes", () => {
  assert.match(backwardChoice(0, 2, 0), /left side's slope \(0\)/);
  assert.match(backwardChoice(0, 2, 2), /right side's slope \(2\)/);
  assert.match(backwardChoice(1, 1, 1), /both sides/);
  assert.match(backwardChoice(0, 2, 3), /neither side/);
});
