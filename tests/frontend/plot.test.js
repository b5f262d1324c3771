// Unit tests for plot.js: colour scales for surfaces and agreement, loss-curve points and domains.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CLASS_COLORS,
  agreementColor,
  downsample,
  lossDomain,
  lossPoints,
  plotLoss,
  surfaceColor,
  surfaceRange,
} from "../../frontend/js/plot.js";

test("surface ranges follow the grid kind and the targets the server trains toward", () => {
  assert.deepEqual(surfaceRange("probability"), { lo: 0, hi: 1 });
  assert.deepEqual(surfaceRange("output", -1), { lo: -1, hi: 1 }); // class 0's target: class_off
  assert.deepEqual(surfaceRange("output", 0), { lo: 0, hi: 1 });
  assert.deepEqual(surfaceRange("output"), { lo: -1, hi: 1 });
  assert.deepEqual(surfaceRange("class", -1, 3), { lo: 0, hi: 2 });
});

test("surface colours diverge from white at the boundary to the class colours", () => {
  const range = { lo: -1, hi: 1 };
  assert.deepEqual(surfaceColor(0, range), [255, 255, 255]);
  const orange = surfaceColor(-1, range);
  const blue = surfaceColor(1, range);
  assert.ok(orange[0] > orange[2], "class 0 is orange");
  assert.ok(blue[2] > blue[0], "class 1 is blue");
  assert.deepEqual(surfaceColor(5, range), blue, "beyond the range saturates");
  const near = surfaceColor(0.1, range);
  assert.ok(near[0] > blue[0], "closer to the boundary is paler");
  assert.deepEqual(surfaceColor("NaN", range), [200, 200, 200]);
  assert.equal(CLASS_COLORS.length, 2);
});

test("agreement colours go green, amber at the threshold, red beyond", () => {
  const hue = (s) => Number(/hsl\((\d+)/.exec(s)[1]);
  assert.equal(hue(agreementColor(1e-13)), 130);
  assert.equal(hue(agreementColor(1e-5, 1e-5)), 65);
  assert.equal(hue(agreementColor(1)), 0);
  assert.ok(hue(agreementColor(1e-9)) > hue(agreementColor(1e-6)));
  assert.equal(hue(agreementColor("NaN")), 0);
});

test("loss points start at the initial loss and stop at the replayed step", () => {
  assert.deepEqual(lossPoints(1, [0.5, 0.25, 0.125], 2), [
    [0, 1],
    [1, 0.5],
    [2, 0.25],
  ]);
  assert.deepEqual(lossPoints(1, [0.5], 10), [
    [0, 1],
    [1, 0.5],
  ]);
});

test("downsampling keeps the ends and the count", () => {
  const points = Array.from({ length: 2001 }, (_, i) => [i, 1 / (i + 1)]);
  const few = downsample(points, 100);
  assert.equal(few.length, 100);
  assert.deepEqual(few[0], [0, 1]);
  assert.deepEqual(few[99], points[2000]);
  assert.equal(downsample(points.slice(0, 5), 100).length, 5);
});

test("loss domains: linear from 0, log floored so a vanishing loss does not flatten the curve", () => {
  assert.deepEqual(lossDomain([0.5, 0.2, 0.1]), [0, 0.5]);
  assert.deepEqual(lossDomain([0.5, 0.01]), [0, 0.5]);
  assert.deepEqual(lossDomain([0.5, 0.01], true), [0.01, 0.5]);
  const [lo, hi] = lossDomain([0.5, 3.7e-32, 0], true);
  assert.equal(hi, 0.5);
  assert.ok(Math.abs(lo - 0.5e-9) < 1e-20);
  assert.deepEqual(lossDomain(["NaN", 2], false), [0, 2]);
  assert.equal(plotLoss(0, [1e-9, 1]), 1e-9);
  assert.equal(plotLoss("Infinity", [0, 1]), 1);
});
