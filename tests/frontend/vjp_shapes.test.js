// Unit tests for vjp_shapes.js: the shape algebra of matrix gradients (issue 11, "use dimension analysis").
import { test } from "node:test";
import assert from "node:assert/strict";
import { broadcastAxes, summedText, texMatrix, vjpShapes } from "../../frontend/js/vjp_shapes.js";

test("W @ x with W 4×3: ∂L/∂W = G·xᵀ : (4×1)·(1×3) → 4×3, ∂L/∂x = Wᵀ·G : (3×4)·(4×1) → 3", () => {
  const [w, x] = vjpShapes("matmul", [[4, 3], [3]], [4], ["W", "x"]);
  assert.deepEqual([w.rule, w.shapes], ["G·xᵀ", "(4×1)·(1×3) → 4×3"]);
  assert.deepEqual([x.rule, x.shapes], ["Wᵀ·G", "(3×4)·(4×1) → 3"]);
  assert.equal(vjpShapes("matmul", [[2, 2], [2]], [2])[0].rule, "G·Bᵀ", "placeholders without names");
});

test("matrix @ matrix and a row vector on the left", () => {
  const [a, b] = vjpShapes(
    "matmul",
    [
      [3, 2],
      [2, 1],
    ],
    [3, 1],
  );
  assert.equal(a.shapes, "(3×1)·(1×2) → 3×2");
  assert.equal(b.shapes, "(2×3)·(3×1) → 2×1");
  const [v] = vjpShapes("matmul", [[4], [4, 2]], [2]);
  assert.equal(v.shapes, "(1×2)·(2×4) → 4");
});

test("a bias broadcast over the batch is summed back: Σ over the batch (axis 0)", () => {
  const [, b] = vjpShapes("add", [[3, 1], [1]], [3, 1]);
  assert.deepEqual(b.summed, [0]);
  assert.equal(b.shapes, "3×1 → 1");
  assert.equal(summedText(b.summed, [3, 1]), "Σ over the batch (axis 0: one row per sample)");
  assert.deepEqual(broadcastAxes([], [2, 3]), [0, 1]);
  assert.deepEqual(broadcastAxes([2, 1], [2, 3]), [1]);
  assert.deepEqual(broadcastAxes([2, 3], [2, 3]), []);
  assert.equal(vjpShapes("sum", [[4]], [])[0].shapes, "1 → 4 (the upstream number copied to every element)");
});

test("small matrices become TeX, big ones do not", () => {
  assert.equal(
    texMatrix([
      [1, 2],
      [3, 4],
    ]),
    "\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}",
  );
  assert.equal(texMatrix([1, -0.5]), "\\begin{bmatrix} 1 \\\\ -0.5 \\end{bmatrix}");
  assert.equal(texMatrix([1, 2], { row: true }), "\\begin{bmatrix} 1 & 2 \\end{bmatrix}");
  assert.equal(texMatrix(new Array(7).fill(0)), null);
});
