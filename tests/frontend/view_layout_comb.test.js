// Unit tests for view/layout_comb.js through layout_fast: a long sum is drawn as a comb whose
// shape nears the viewport's, every term on a straight short wire into a port of its own, no
// leaf on another or on a tooth; a 30-term sum stays one bar.
import { test } from "node:test";
import assert from "node:assert/strict";
import { layoutFast } from "../../frontend/js/view/layout_fast.js";
import { buildDisplay } from "../../frontend/js/view/display.js";
import { combGates, combShape, COMB_MIN_TERMS, TOOTH_WIDTH } from "../../frontend/js/view/layout_comb.js";
import { nodeBoxes } from "../../frontend/js/layout.js";
import { programTrace, sumOfTerms } from "./view_programs.js";

const overlap = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

const layOut = (trace, aspect) => {
  const { trace: drawn } = buildDisplay(trace);
  return { drawn, positions: layoutFast(drawn, nodeBoxes(drawn), { aspect }) };
};

for (const [terms, aspect] of [
  [300, 1.6],
  [120, 1],
  [1000, 2.2],
]) {
  test(`a ${terms}-term sum at aspect ${aspect} is a comb of about that shape`, () => {
    const { drawn, positions } = layOut(sumOfTerms(terms), aspect);
    const gate = drawn.nodes.find((n) => n.chain);
    assert.equal(gate.terms, terms);
    const box = positions.nodes.get(gate.id);
    assert.equal(box.shape.kind, "comb");
    const ratio = box.width / box.height;
    assert.ok(ratio > aspect / 2 && ratio < aspect * 2, `comb ${box.width}×${box.height} near aspect ${aspect}`);
    // Teeth: bars inside the box, left to right.
    const teeth = box.shape.teeth.map((t) => ({
      x: box.x + t.x,
      y: box.y,
      width: TOOTH_WIDTH,
      height: box.height,
    }));
    for (let i = 1; i < teeth.length; i += 1) assert.ok(teeth[i].x > teeth[i - 1].x + TOOTH_WIDTH);
    for (const t of teeth) assert.ok(t.x >= box.x && t.x + t.width <= box.x + box.width + 1e-9);
    const leaves = drawn.nodes.filter((n) => n.kind === "input").map((n) => positions.nodes.get(n.id));
    assert.equal(leaves.length, terms);
    for (let i = 0; i < leaves.length; i += 1) {
      for (const t of teeth) assert.ok(!overlap(leaves[i], t), `leaf ${i} on a tooth`);
      for (let j = i + 1; j < leaves.length; j += 1) assert.ok(!overlap(leaves[i], leaves[j]), `leaves ${i}, ${j}`);
    }
    // Each term's wire: two points, horizontal, from its leaf's right edge to a tooth, ≤ 80 px.
    const ports = new Set();
    for (const e of drawn.edges.filter((edge) => edge.target === gate.id)) {
      const { points } = positions.edges.get(e.id);
      assert.equal(points.length, 2);
      const [a, b] = points;
      assert.equal(a.y, b.y, "straight");
      assert.ok(b.x > a.x && b.x - a.x <= 80, `short: ${b.x - a.x}`);
      const leaf = positions.nodes.get(e.source);
      assert.ok(Math.abs(a.x - (leaf.x + leaf.width)) < 1e-9, "from the leaf's right edge");
      assert.ok(
        teeth.some((t) => Math.abs(b.x - t.x) < 1e-9),
        "into a tooth",
      );
      assert.ok(a.y > leaf.y && a.y < leaf.y + leaf.height, "at the leaf's height");
      const key = `${b.x},${b.y}`;
      assert.ok(!ports.has(key), "a port of its own");
      ports.add(key);
    }
  });
}

test(`a sum of ${COMB_MIN_TERMS} terms or fewer stays one bar with a column of leaves`, () => {
  const { drawn, positions } = layOut(sumOfTerms(30), 1.6);
  const gate = drawn.nodes.find((n) => n.chain);
  assert.notEqual(positions.nodes.get(gate.id).shape.kind, "comb");
  assert.equal(combGates(drawn).size, 0);
});

test("a term fed by a gate lands on a first tooth of its own at the comb's left edge", () => {
  // p = a * b, then p + x1 + x2 + … + x59 (the sum's gates unnamed, as the parser makes them).
  const statements = [["p", "mul", "a", "b"]];
  for (let i = 1; i < 60; i += 1) statements.push([`t${i}`, "add", i === 1 ? "p" : `t${i - 1}`, `x${i}`]);
  const raw = programTrace(statements);
  const last = raw.output.node;
  const trace = { ...raw, nodes: raw.nodes.map((n) => (n.op === "add" && n.id !== last ? { ...n, label: null } : n)) };
  const { drawn, positions } = layOut(trace, 1.6);
  const gate = drawn.nodes.find((n) => n.chain);
  const comb = combGates(drawn).get(gate.id);
  assert.equal(comb.terms.length, 59);
  assert.equal(comb.others.length, 1);
  const box = positions.nodes.get(gate.id);
  assert.equal(box.shape.teeth[0].x, 0, "the gate-fed tooth is the comb's left edge");
  assert.equal(box.shape.teeth.length, combShape(59, 40, { others: 1 }).columns + 1);
  const product = drawn.nodes.find((n) => n.label === "p");
  const wire = positions.edges.get(drawn.edges.find((e) => e.source === product.id && e.target === gate.id).id);
  const end = wire.points[wire.points.length - 1];
  assert.equal(end.x, box.x, "the product's wire ends on the first tooth");
  assert.ok(
    positions.nodes.get(product.id).x + positions.nodes.get(product.id).width < box.x,
    "the product left of it",
  );
  for (const name of ["a", "b"]) {
    const leaf = positions.nodes.get(drawn.nodes.find((n) => n.label === name).id);
    assert.ok(leaf.x + leaf.width < box.x, `${name} stays by its product, outside the comb`);
  }
});
