// Unit tests for view/spatial.js: a query returns exactly the nodes whose boxes and the wires
// whose segments meet the rectangle, compared with a brute-force check over every item.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createSpatialIndex } from "../../frontend/js/view/spatial.js";

// A small deterministic random generator (mulberry32), so failures reproduce.
const random = (seed) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const boxesMeet = (a, b) =>
  a.x <= b.x + b.width && b.x <= a.x + a.width && a.y <= b.y + b.height && b.y <= a.y + a.height;

// Whether segment p-q meets rectangle r: sampled finely (the reference is slow but obviously right).
const segmentMeets = (p, q, r) => {
  const n = Math.ceil(Math.hypot(q.x - p.x, q.y - p.y) / 0.25) + 1;
  for (let i = 0; i <= n; i += 1) {
    const x = p.x + ((q.x - p.x) * i) / n;
    const y = p.y + ((q.y - p.y) * i) / n;
    if (x >= r.x && x <= r.x + r.width && y >= r.y && y <= r.y + r.height) return true;
  }
  return false;
};

test("query returns exactly the boxes that meet the rectangle", () => {
  const rnd = random(7);
  const index = createSpatialIndex(100);
  const boxes = new Map();
  for (let i = 0; i < 400; i += 1) {
    const b = { x: rnd() * 2000, y: rnd() * 1500, width: 5 + rnd() * 120, height: 5 + rnd() * 60 };
    boxes.set(`n${i}`, b);
    index.add(`n${i}`, b, "node");
  }
  for (let q = 0; q < 60; q += 1) {
    const r = { x: rnd() * 2000 - 100, y: rnd() * 1500 - 100, width: rnd() * 400, height: rnd() * 300 };
    const got = index
      .query(r)
      .map((h) => h.id)
      .sort();
    const want = [...boxes]
      .filter(([, b]) => boxesMeet(b, r))
      .map(([id]) => id)
      .sort();
    assert.deepEqual(got, want, `query ${JSON.stringify(r)}`);
  }
});

test("query returns exactly the wires with a segment in the rectangle, including diagonal ones", () => {
  const rnd = random(11);
  const index = createSpatialIndex(100);
  const wires = new Map();
  for (let i = 0; i < 200; i += 1) {
    const points = [{ x: rnd() * 2000, y: rnd() * 1500 }];
    for (let s = 0; s < 3; s += 1) {
      const last = points[points.length - 1];
      // Mostly orthogonal wires, as the layouts route them, and some diagonals (wrapped rows).
      const kind = rnd();
      const next =
        kind < 0.4
          ? { x: last.x + rnd() * 300, y: last.y }
          : kind < 0.8
            ? { x: last.x, y: last.y + (rnd() - 0.5) * 300 }
            : { x: last.x + (rnd() - 0.5) * 900, y: last.y + (rnd() - 0.5) * 900 };
      points.push(next);
    }
    wires.set(`e${i}`, points);
    index.addPoints(`e${i}`, points, "edge");
  }
  for (let q = 0; q < 40; q += 1) {
    const r = { x: rnd() * 2000 - 100, y: rnd() * 1500 - 100, width: 20 + rnd() * 300, height: 20 + rnd() * 200 };
    const got = index
      .query(r)
      .map((h) => h.id)
      .sort();
    const want = [...wires]
      .filter(([, pts]) => pts.slice(1).some((b, i) => segmentMeets(pts[i], b, r)))
      .map(([id]) => id)
      .sort();
    assert.deepEqual(got, want, `query ${JSON.stringify(r)}`);
  }
});

test("an item is reported once however many cells it spans, with its kind", () => {
  const index = createSpatialIndex(100);
  index.add("big", { x: 0, y: 0, width: 950, height: 950 }, "node");
  index.addPoints(
    "long",
    [
      { x: 0, y: 500 },
      { x: 5000, y: 500 },
    ],
    "edge",
  );
  const hits = index.query({ x: 0, y: 0, width: 5000, height: 5000 });
  assert.deepEqual(
    hits.sort((a, b) => a.id.localeCompare(b.id)),
    [
      { id: "big", kind: "node" },
      { id: "long", kind: "edge" },
    ],
  );
  assert.deepEqual(index.query({ x: 960, y: 0, width: 30, height: 30 }), [], "a cell it shares but does not reach");
});
