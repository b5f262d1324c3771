// Unit tests for format.js: numbers, non-finite strings, tensors and branch sums.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  formatScalar,
  formatValue,
  formatTerm,
  formatSum,
  toNumber,
  shapeOf,
  formatShape,
} from "../../frontend/js/format.js";

test("integers print exactly, other numbers to 4 significant digits", () => {
  assert.equal(formatScalar(-12), "-12");
  assert.equal(formatScalar(3.0), "3");
  assert.equal(formatScalar(0.7310585786), "0.7311");
  assert.equal(formatScalar(-0.19661193), "-0.1966");
  assert.equal(formatScalar(-0), "0");
});

test("very small and very large numbers use exponents", () => {
  assert.equal(formatScalar(1e-7), "1e-7");
  assert.equal(formatScalar(123456789.2), "1.23e8");
});

test("the API's non-finite strings are read and shown", () => {
  assert.equal(toNumber("Infinity"), Infinity);
  assert.ok(Number.isNaN(toNumber("NaN")));
  assert.equal(formatScalar("NaN"), "NaN");
  assert.equal(formatScalar("Infinity"), "∞");
  assert.equal(formatScalar("-Infinity"), "-∞");
});

test("unknown values are a question mark, not 0", () => {
  assert.equal(formatValue(undefined), "?");
  assert.equal(formatValue(null), "?");
  assert.equal(formatValue(0), "0");
});

test("short vectors are written out, bigger tensors by shape", () => {
  assert.equal(formatValue([1, -2.5]), "[1, -2.5]");
  assert.equal(
    formatValue([
      [1, 2],
      [3, 4],
    ]),
    "tensor 2×2",
  );
  assert.equal(formatValue([1, 2, 3, 4, 5]), "vector 5");
  assert.deepEqual(
    shapeOf([
      [1, 2, 3],
      [4, 5, 6],
    ]),
    [2, 3],
  );
  assert.equal(formatShape([]), "scalar");
});

test("sums put negative terms in parentheses", () => {
  assert.equal(formatTerm(-4), "(-4)");
  assert.equal(formatTerm(1), "1");
  assert.equal(formatSum([1, -4], -3), "1 + (-4) = -3");
  assert.equal(formatSum([3, 3], 6), "3 + 3 = 6");
  assert.equal(formatSum([2], 2), "2");
  assert.equal(formatSum([], undefined), "?");
});

test("a tensor summary is formatted by its shape, like the tensor it stands for", () => {
  assert.equal(formatValue({ shape: [3], norm: 1, min: 0, max: 1 }), "vector 3");
  assert.equal(formatValue({ shape: [2, 5], norm: 1, min: 0, max: 1 }), "tensor 2×5");
  assert.equal(
    formatValue([
      [1, 2, 3, 4, 5],
      [1, 2, 3, 4, 5],
    ]),
    "tensor 2×5",
  );
});
