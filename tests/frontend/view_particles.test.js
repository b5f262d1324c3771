// Unit test for view/particles.js's pointAlong: the point at a fraction of a polyline's length.
import { test } from "node:test";
import assert from "node:assert/strict";
import { pointAlong } from "../../frontend/js/view/particles.js";

test("pointAlong walks a polyline by length, clamped to its ends", () => {
  // An L: 30 px right, then 10 px down (40 in all).
  const at = pointAlong([
    { x: 0, y: 0 },
    { x: 30, y: 0 },
    { x: 30, y: 10 },
  ]);
  assert.deepEqual(at(0), { x: 0, y: 0 });
  assert.deepEqual(at(0.5), { x: 20, y: 0 }); // 20 of 40
  assert.deepEqual(at(0.75), { x: 30, y: 0 }); // the corner
  assert.deepEqual(at(0.875), { x: 30, y: 5 });
  assert.deepEqual(at(1), { x: 30, y: 10 });
  assert.deepEqual(at(1.5), { x: 30, y: 10 });
  assert.deepEqual(at(-1), { x: 0, y: 0 });
});
