// Unit tests for view/layout_fast.js, checked on the geometry alone: every node placed, no overlaps,
// left-to-right within a row, stubs beside their consumer, long chains wrapped to the viewport's shape.
import { test } from "node:test";
import assert from "node:assert/strict";
import { layoutFast } from "../../frontend/js/view/layout_fast.js";
import { buildDisplay } from "../../frontend/js/view/display.js";
import { nodeBoxes, OUTPUT_NODE } from "../../frontend/js/layout.js";
import { fanOutChain } from "./view_programs.js";

const layOut = (trace, aspect = 1.6) => {
  const { trace: drawn } = buildDisplay(trace);
  return { drawn, positions: layoutFast(drawn, nodeBoxes(drawn), { aspect }) };
};

const overlap = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

// Rows read from the drawing: horizontal bands of overlapping node boxes, top to bottom.
const rowBands = (boxes) => {
  const spans = [...boxes].map((b) => [b.y, b.y + b.height]).sort((p, q) => p[0] - q[0]);
  const bands = [];
  for (const [top, bottom] of spans) {
    const last = bands[bands.length - 1];
    if (last && top <= last[1]) last[1] = Math.max(last[1], bottom);
    else bands.push([top, bottom]);
  }
  return bands;
};
const bandOf = (bands, box) => bands.findIndex(([top, bottom]) => box.y >= top && box.y + box.height <= bottom);

for (const n of [100, 400]) {
  test(`fan-out chain of ${n} statements: every node has a box, none overlap`, () => {
    const { drawn, positions } = layOut(fanOutChain(n));
    for (const node of drawn.nodes) {
      const b = positions.nodes.get(node.id);
      assert.ok(b, `${node.id} has a box`);
      for (const v of [b.x, b.y, b.width, b.height]) assert.ok(Number.isFinite(v));
      assert.ok(
        b.x >= 0 && b.y >= 0 && b.x + b.width <= positions.width && b.y + b.height <= positions.height,
        `${node.id} inside the drawing`,
      );
    }
    assert.ok(positions.nodes.has(OUTPUT_NODE));
    // Sweep by x so the pairwise check stays fast.
    const boxes = [...positions.nodes.entries()].sort((p, q) => p[1].x - q[1].x);
    for (let i = 0; i < boxes.length; i += 1) {
      for (let j = i + 1; j < boxes.length && boxes[j][1].x < boxes[i][1].x + boxes[i][1].width; j += 1) {
        assert.ok(!overlap(boxes[i][1], boxes[j][1]), `${boxes[i][0]} overlaps ${boxes[j][0]}`);
      }
    }
  });
}

test("a gate is right of the gates it reads within a row, and rows wrap downwards", () => {
  const { drawn, positions } = layOut(fanOutChain(400));
  const bands = rowBands(positions.nodes.values());
  assert.ok(bands.length > 1, "400 statements wrap into rows");
  const kind = new Map(drawn.nodes.map((n) => [n.id, n.kind]));
  let within = 0;
  for (const e of drawn.edges) {
    if (kind.get(e.source) !== "op" || kind.get(e.target) !== "op") continue;
    const a = positions.nodes.get(e.source);
    const b = positions.nodes.get(e.target);
    const [ra, rb] = [bandOf(bands, a), bandOf(bands, b)];
    assert.ok(ra >= 0 && rb >= 0);
    if (ra === rb) {
      within += 1;
      assert.ok(b.x >= a.x + a.width, `${e.target} is right of ${e.source}`);
    } else assert.ok(rb > ra, `${e.target} is in a later row than ${e.source}`);
  }
  assert.ok(within > 300, "most wires stay inside a row");
});

test("every stub sits in the column right before its consumer", () => {
  const source = fanOutChain(400);
  const { drawn, positions } = layOut(source);
  const bands = rowBands(positions.nodes.values());
  const gatesByBand = new Map();
  for (const n of drawn.nodes) {
    if (n.kind !== "op") continue;
    const b = positions.nodes.get(n.id);
    const r = bandOf(bands, b);
    if (!gatesByBand.has(r)) gatesByBand.set(r, []);
    gatesByBand.get(r).push(b);
  }
  const stubs = drawn.nodes.filter((n) => n.kind === "stub");
  const leafUses = source.edges.filter((e) => source.nodes.find((n) => n.id === e.source).kind === "input").length;
  assert.equal(stubs.length, leafUses, "x and y are stubbed at every use (a1 = x * y reads both)");
  for (const s of stubs) {
    const wire = drawn.edges.find((e) => e.source === s.id);
    const a = positions.nodes.get(s.id);
    const b = positions.nodes.get(wire.target);
    assert.equal(bandOf(bands, a), bandOf(bands, b), `${s.id} is in its consumer's row`);
    assert.ok(a.x + a.width <= b.x, `${s.id} is left of its consumer`);
    assert.ok(b.x - (a.x + a.width) < 80, `${s.id} is close to its consumer`);
    // No gate stands between the stub and its consumer.
    const between = gatesByBand
      .get(bandOf(bands, b))
      .filter((g) => g.x + g.width / 2 > a.x + a.width && g.x + g.width / 2 < b.x);
    assert.equal(between.length, 0, `no gate between ${s.id} and ${wire.target}`);
  }
});

for (const aspect of [1280 / 720, 390 / 500]) {
  test(`a 2,000-statement chain wraps into rows near the requested aspect ${aspect.toFixed(2)}`, () => {
    const { positions } = layOut(fanOutChain(2000), aspect);
    assert.ok(positions.rows > 1);
    assert.ok(rowBands(positions.nodes.values()).length >= positions.rows, "the rows are separate bands");
    const ratio = positions.width / positions.height;
    assert.ok(ratio > aspect / 3 && ratio < aspect * 3, `width/height ${ratio.toFixed(2)} vs ${aspect.toFixed(2)}`);
  });
}
