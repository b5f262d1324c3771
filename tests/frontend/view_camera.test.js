// Unit tests for view/camera.js's pure maths: Fit centres and fits; Follow leaves a readable,
// in-view focus alone, pans the least when it is partly out, zooms in when the zoom is unreadable.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  clearOf,
  fitTransform,
  followTransform,
  openingTransform,
  toScreen,
  FOLLOW_SCALE,
  READABLE_PX,
  READABLE_ZOOM,
} from "../../frontend/js/view/camera.js";

const close = (a, b, msg) => assert.ok(Math.abs(a - b) < 1e-9, `${msg}: ${a} vs ${b}`);
const inside = (s, box, margin, top = 0) =>
  s.x >= margin - 1e-9 &&
  s.y >= top + margin - 1e-9 &&
  s.x + s.width <= box.width - margin + 1e-9 &&
  s.y + s.height <= box.height - margin + 1e-9;

test("fitTransform centres a wide graph and fills the width", () => {
  const box = { width: 1000, height: 600 };
  const bounds = { x: 100, y: 50, width: 2000, height: 500 };
  const t = fitTransform(box, bounds);
  const s = toScreen(t, bounds);
  close(s.x + s.width / 2, 500, "centred horizontally");
  close(s.y + s.height / 2, 300, "centred vertically");
  close(s.width, 1000 - 16, "fills the width less the margin"); // hand: k = 984 / 2000
  assert.ok(s.height < 600);
});

test("fitTransform centres a tall graph below the toolbar strip and fills the height", () => {
  const box = { width: 1000, height: 600, top: 40 };
  const bounds = { x: -30, y: 0, width: 300, height: 1200 };
  const t = fitTransform(box, bounds);
  const s = toScreen(t, bounds);
  close(s.height, 600 - 40 - 16, "fills the height under the toolbar");
  close(s.y + s.height / 2, 40 + (600 - 40) / 2, "centred in the space under the toolbar");
  close(s.x + s.width / 2, 500, "centred horizontally");
  assert.ok(s.y >= 40);
});

test("fitTransform does not blow a tiny graph up past its cap", () => {
  const t = fitTransform({ width: 1000, height: 600 }, { x: 0, y: 0, width: 50, height: 20 });
  assert.equal(t.k, 2.2);
  const s = toScreen(t, { x: 0, y: 0, width: 50, height: 20 });
  close(s.x + s.width / 2, 500, "still centred");
});

const box = { width: 1200, height: 700, top: 40 };
const MARGIN = 40;

test("followTransform leaves a readable focus that is in view unchanged", () => {
  const current = { x: -300, y: 20, k: 1 };
  const focus = { x: 700, y: 200, width: 120, height: 80 }; // on screen at (400, 220)
  assert.ok(inside(toScreen(current, focus), box, MARGIN, box.top));
  assert.deepEqual(followTransform(box, current, focus), current);
});

test("followTransform pans just enough when the focus is partly out, keeping the zoom", () => {
  const current = { x: 0, y: 0, k: 1.2 };
  const focus = { x: 900, y: 200, width: 150, height: 60 }; // right edge at 1260 on screen, past 1200 - 40
  const t = followTransform(box, current, focus);
  assert.equal(t.k, 1.2);
  assert.equal(t.y, 0, "no vertical move needed");
  const s = toScreen(t, focus);
  close(s.x + s.width, box.width - MARGIN, "right edge lands exactly on the margin");
  close(t.x, -(900 * 1.2 + 150 * 1.2 - (1200 - 40)), "the least pan");
  // And from below: the bottom edge comes up onto the margin.
  const low = followTransform(box, current, { x: 100, y: 560, width: 100, height: 50 });
  close(
    toScreen(low, { x: 100, y: 560, width: 100, height: 50 }).y + 50 * 1.2,
    box.height - MARGIN,
    "bottom on the margin",
  );
  assert.equal(low.x, 0);
});

test("followTransform zooms to at least the follow scale when the zoom is unreadable", () => {
  const current = { x: 10, y: 10, k: 0.3 }; // 15 px wire labels at 4.5 px
  const focus = { x: 5000, y: 3000, width: 160, height: 90 };
  const t = followTransform(box, current, focus);
  assert.ok(t.k >= FOLLOW_SCALE, `zoom ${t.k}`);
  assert.ok(15 * t.k >= READABLE_PX, "wire labels are readable again");
  assert.ok(inside(toScreen(t, focus), box, MARGIN, box.top), "and the focus is in view");
});

test("followTransform zooms out only as far as needed to fit a focus too big for the view", () => {
  const focus = { x: 0, y: 0, width: 2400, height: 200 };
  const t = followTransform(box, { x: 0, y: 0, k: 1 }, focus);
  close(t.k, (1200 - 2 * MARGIN) / 2400, "fits the width between the margins");
  assert.ok(inside(toScreen(t, focus), box, MARGIN - 1e-6, box.top));
});

test("openingTransform is Fit when the type is readable there", () => {
  const box = { width: 1000, height: 600, top: 40 };
  const bounds = { x: 0, y: 0, width: 600, height: 300 };
  assert.deepEqual(openingTransform(box, bounds), fitTransform(box, bounds));
});

test("openingTransform shows the start of a graph of a few screens at a readable zoom", () => {
  // Fit would be 984 / 2400 = 0.41: every text under 12 px. Open at zoom 1 on the left edge.
  const box = { width: 1000, height: 600, top: 40 };
  const bounds = { x: 10, y: 20, width: 2400, height: 400 };
  const t = openingTransform(box, bounds);
  assert.equal(t.k, FOLLOW_SCALE);
  const s = toScreen(t, bounds);
  close(s.x, 16, "the graph's left edge at the margin");
  close(s.y + s.height / 2, 40 + (600 - 40) / 2, "centred under the toolbar");
  assert.ok(15 * t.k >= READABLE_PX, "wire values readable");
});

test("openingTransform keeps the whole height when a lower readable zoom allows it, else the top", () => {
  const box = { width: 1000, height: 600, top: 40 };
  const fitsAt09 = openingTransform(box, { x: 0, y: 0, width: 3000, height: 600 });
  close(fitsAt09.k, (600 - 40 - 16) / 600, "zoomed out just enough for the height"); // 0.907 >= 0.8
  const tall = openingTransform(box, { x: 0, y: 0, width: 2000, height: 1500 });
  assert.equal(tall.k, READABLE_ZOOM);
  close(toScreen(tall, { x: 0, y: 0, width: 1, height: 1 }).y, 40 + 8, "the top just under the toolbar");
});

test("openingTransform shows the whole outline of a graph too big to read anyway", () => {
  const box = { width: 1000, height: 600 };
  const bounds = { x: 0, y: 0, width: 20000, height: 9000 }; // Fit 0.049
  assert.deepEqual(openingTransform(box, bounds), fitTransform(box, bounds));
});

test("Follow keeps the focus clear of a panel over the graph's right side or bottom", () => {
  const box = { width: 1000, height: 600, top: 40 };
  const focus = { x: 900, y: 100, width: 40, height: 40 }; // at zoom 1 with no pan: x 900..940
  const current = { x: 0, y: 0, k: 1 };
  assert.deepEqual(followTransform(box, current, focus), current, "in view: left alone");
  const beside = clearOf(box, { right: 400 }); // an inspector 392 px wide + 8 px gap
  assert.equal(beside.width, 600);
  const moved = followTransform(beside, current, focus);
  const s = toScreen(moved, focus);
  assert.ok(s.x + s.width <= 600 - 40 + 1e-9, `left of the panel: ${s.x + s.width}`);
  assert.equal(moved.k, 1, "no zoom for a pan");
  const sheet = clearOf(box, { bottom: 350 });
  assert.equal(sheet.height, 250);
  const low = followTransform(sheet, current, { x: 100, y: 400, width: 40, height: 40 });
  assert.ok(toScreen(low, { x: 100, y: 400, width: 40, height: 40 }).y + 40 <= 250 - 40 + 1e-9, "above the sheet");
  assert.equal(clearOf(box, { right: 5000 }).width, 1000 / 3, "never less than a third");
});
