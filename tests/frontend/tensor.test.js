// Unit tests for tensor.js: matrix views, norms, the diverging colour scale, tensor text and branch sums.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  asMatrix,
  norm,
  maxAbs,
  divergingScale,
  darkCell,
  elementName,
  formatTensorText,
  tensorTextRows,
  formatTensorSum,
  branchSum,
  describeTensor,
  flatten,
  formatWire,
} from "../../frontend/js/tensor.js";
import * as d3 from "../../frontend/node_modules/d3/dist/d3.min.mjs"; // the d3 the page loads as vendor/d3.min.js

test("a vector is drawn as a column, a matrix as itself, a scalar as one cell", () => {
  const v = asMatrix([1, -2, 3]);
  assert.deepEqual([v.rows, v.cols], [3, 1]);
  assert.deepEqual(v.cells, [[1], [-2], [3]]);
  assert.deepEqual(v.index(2, 0), [2]);
  const m = asMatrix([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  assert.deepEqual([m.rows, m.cols], [2, 3]);
  assert.deepEqual(m.index(1, 2), [1, 2]);
  assert.deepEqual(asMatrix(7).cells, [[7]]);
});

test("rank-3 tensors fold their leading axes into rows and keep element positions", () => {
  const t = [
    [
      [1, 2],
      [3, 4],
      [5, 6],
    ],
    [
      [7, 8],
      [9, 10],
      [11, 12],
    ],
  ];
  const m = asMatrix(t);
  assert.deepEqual([m.rows, m.cols], [6, 2]);
  for (let r = 0; r < m.rows; r += 1) {
    for (let c = 0; c < m.cols; c += 1) {
      const [a, b, k] = m.index(r, c);
      assert.equal(m.cells[r][c], t[a][b][k]);
    }
  }
});

test("norms and largest magnitudes read the API's non-finite strings", () => {
  assert.equal(
    norm([
      [3, 0],
      [0, 4],
    ]),
    5,
  );
  assert.equal(maxAbs([1, -7, "Infinity", 2]), 7);
  assert.ok(Number.isNaN(norm([1, "NaN"])));
  assert.deepEqual(flatten([[1, "-Infinity"]]), [1, -Infinity]);
});

test("the colour scale is near-white at 0, RdBu red for positive, blue for negative, grey for NaN", () => {
  const color = divergingScale(d3, 2);
  const rgb = (v) => color(v).match(/\d+/g).map(Number);
  const [r0, g0, b0] = rgb(0);
  assert.ok(Math.min(r0, g0, b0) > 230 && Math.max(r0, g0, b0) - Math.min(r0, g0, b0) < 10, "0 is near-white");
  // ColorBrewer's RdBu ends: #67001f (dark red) and #053061 (dark blue).
  assert.equal(color(2), "rgb(103, 0, 31)");
  assert.equal(color(-2), "rgb(5, 48, 97)");
  assert.equal(color(5), color(2), "clamped at +max");
  assert.equal(color(-1e9), color(-2), "clamped at -max");
  assert.equal(color("NaN"), "rgb(150, 150, 150)");
  assert.equal(color("Infinity"), "rgb(150, 150, 150)");
  assert.equal(divergingScale(d3, 0)(1), color(0), "an all-zero tensor is all the middle colour");
  const [r1, , b1] = rgb(1);
  assert.ok(r1 > b1, "half-way positive is reddish");
  const [rn, , bn] = rgb(-1);
  assert.ok(bn > rn, "half-way negative is bluish");
  const lightness = (v) => rgb(v).reduce((a, b) => a + b, 0);
  assert.ok(
    lightness(0) > lightness(0.5) && lightness(0.5) > lightness(1) && lightness(1) > lightness(2),
    "darker with |v|",
  );
  assert.ok(lightness(0) > lightness(-0.5) && lightness(-0.5) > lightness(-1) && lightness(-1) > lightness(-2));
  assert.equal(darkCell(-1.9, 2), true);
  assert.equal(darkCell(0.2, 2), false);
});

test("elements are named 1-based, as the lecture numbers units", () => {
  assert.equal(elementName("W1", [1, 2]), "W1[2,3]");
  assert.equal(elementName("x", []), "x");
});

test("tensor text: a vector on a line, a matrix one row per line, valid JSON", () => {
  assert.equal(formatTensorText([0.5, -1, 1]), "[0.5, -1, 1]");
  const text = formatTensorText([
    [1, 2],
    [3, 4],
  ]);
  assert.equal(text, "[[1, 2],\n [3, 4]]");
  assert.deepEqual(JSON.parse(text), [
    [1, 2],
    [3, 4],
  ]);
  assert.equal(tensorTextRows([[1], [2], [3]]), 3);
  assert.equal(tensorTextRows([1, 2]), 1);
});

test("branch sums: short vectors written out, bigger tensors summarised by count and norm", () => {
  assert.equal(
    branchSum(
      [
        [1, 1],
        [4, 6],
      ],
      [5, 7],
      2,
    ),
    "[1, 1] + [4, 6] = [5, 7]",
  );
  assert.equal(branchSum([[1, 1]], [1, 1], 2), "[1, 1] + …");
  assert.equal(branchSum([1, -4], -3, 2), "1 + (-4) = -3");
  const m = [
    [3, 0],
    [0, 4],
  ];
  assert.equal(
    branchSum(
      [m, m],
      [
        [6, 0],
        [0, 8],
      ],
      2,
    ),
    "Σ of 2 contributions, ‖∂‖ = 10",
  );
  assert.equal(formatTensorSum([m], m, 3), "1 of 3 contributions, ‖∂‖ = 5 + …");
  assert.equal(describeTensor(m), "2×2, ‖·‖ = 5");
});

test("a wire writes numbers and short vectors out, and bigger tensors by their norm", () => {
  assert.equal(formatWire(-4), "-4");
  assert.equal(formatWire([0.5, -1, 1]), "[0.5, -1, 1]");
  // ‖[[3, 0], [0, 4]]‖ = 5; a 5-vector of ones has norm √5.
  assert.equal(
    formatWire([
      [3, 0],
      [0, 4],
    ]),
    "‖·‖ = 5",
  );
  assert.equal(formatWire([1, 1, 1, 1, 1]), "‖·‖ = 2.24");
});

test("a compact document's tensor summary is read by its norm, shape and extremes", () => {
  // {shape, norm, min, max}: how the server sends a tensor contribution unless asked for "full".
  const summary = { shape: [4, 3], norm: 2.5, min: -1.5, max: "Infinity" };
  assert.equal(norm(summary), 2.5);
  assert.equal(maxAbs(summary), 1.5); // the infinite extreme is left out, as for full tensors
  assert.equal(formatWire(summary), "‖·‖ = 2.5");
  assert.equal(describeTensor(summary), "4×3, ‖·‖ = 2.5");
  assert.equal(branchSum([summary, summary], summary), "Σ of 2 contributions, ‖∂‖ = 2.5");
  assert.equal(branchSum([summary], summary, 2), "1 of 2 contributions, ‖∂‖ = 2.5 + …");
});
