// Unit tests for view/display.js: n-ary chains, stubs for reused leaves, and the projection of
// a step's state onto the drawn graph (checked against the API's recorded numbers).
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildDisplay } from "../../frontend/js/view/display.js";
import { indexTrace, stateAt } from "../../frontend/js/timeline.js";
import { abc, reuse, reuse4, sum30 } from "./view_fixtures.js";
import { programTrace } from "./view_programs.js";

const gates = (trace) => trace.nodes.filter((n) => n.kind === "op" || n.kind === "group");
const into = (trace, id) => trace.edges.filter((e) => e.target === id);
const from = (trace, id) => trace.edges.filter((e) => e.source === id);
const idOf = (trace, label) => trace.nodes.find((n) => n.label === label && n.kind !== "stub").id;

test("a 30-term sum is one Σ gate with one incoming wire per term", () => {
  const { trace } = buildDisplay(sum30);
  const drawnGates = gates(trace);
  assert.equal(drawnGates.length, 1, "29 + gates collapse into one");
  const [sigma] = drawnGates;
  assert.equal(sigma.symbol, "Σ");
  assert.equal(sigma.terms, 30);
  const wires = into(trace, sigma.id);
  assert.equal(wires.length, 30);
  // Each term x1..x30 arrives on its own wire, once, on its own port.
  const labels = wires.map((e) => trace.nodes.find((n) => n.id === e.source).label).sort();
  assert.deepEqual(labels, Array.from({ length: 30 }, (_, i) => `x${i + 1}`).sort());
  assert.equal(new Set(wires.map((e) => e.index)).size, 30);
  assert.equal(trace.output.node, sigma.id, "the Σ gate is the output");
  assert.equal(trace.nodes.length, 31);
});

test("a + b + c stays two binary + gates", () => {
  const { trace } = buildDisplay(abc);
  const drawnGates = gates(trace);
  assert.equal(drawnGates.length, 2);
  for (const g of drawnGates) {
    assert.equal(g.kind, "op");
    assert.equal(g.op, "add");
    assert.equal(into(trace, g.id).length, 2);
  }
  assert.deepEqual(
    trace.edges.map((e) => e.id),
    abc.edges.map((e) => e.id),
    "every wire kept as it was",
  );
});

test("a leaf used by five gates becomes one stub per use, keeping the edge ids; the leaf keeps no wires", () => {
  const { trace } = buildDisplay(reuse);
  const x = idOf(reuse, "x");
  const uses = from(reuse, x); // the API's wires out of x
  assert.equal(uses.length, 5);
  const stubs = trace.nodes.filter((n) => n.kind === "stub");
  assert.equal(stubs.length, 5);
  assert.ok(stubs.every((s) => s.of === x));
  for (const e of uses) {
    const drawn = trace.edges.find((d) => d.id === e.id);
    assert.ok(drawn, `wire ${e.id} is still drawn`);
    assert.equal(drawn.source, `stub:${e.id}`, "it leaves from its own stub");
    assert.equal(drawn.target, e.target, "and reaches the same gate");
    assert.equal(drawn.index, e.index, "on the same port");
  }
  assert.equal(from(trace, x).length, 0, "x itself is unwired");
  assert.ok(
    trace.nodes.some((n) => n.id === x),
    "but still drawn (its gradient adds up there)",
  );
  // Leaves used once keep their wires.
  for (const name of ["a", "b", "c", "d", "w"]) assert.equal(from(trace, idOf(reuse, name)).length, 1);
});

test("a leaf used by four gates keeps its wires in a small graph", () => {
  const { trace } = buildDisplay(reuse4);
  assert.equal(trace.nodes.filter((n) => n.kind === "stub").length, 0);
  assert.equal(from(trace, idOf(reuse4, "x")).length, 4);
});

// n named gates: t1 = a * b, t2 = t1 + c2, …; k is read by exactly two of them (t10 and t30).
const withTwiceUsed = (n) => {
  const statements = [["t1", "mul", "a", "b"]];
  for (let i = 2; i <= n; i += 1)
    statements.push([`t${i}`, i % 2 ? "mul" : "add", `t${i - 1}`, i === 10 || i === 30 ? "k" : `c${i}`]);
  return programTrace(statements);
};

test("in a graph of more than 150 nodes a leaf used by two gates gets two stubs", () => {
  const big = withTwiceUsed(160);
  assert.ok(big.nodes.length > 150);
  const k = idOf(big, "k");
  const { trace } = buildDisplay(big);
  const stubs = trace.nodes.filter((s) => s.kind === "stub" && s.of === k);
  assert.deepEqual(
    stubs.map((s) => s.id).sort(),
    from(big, k)
      .map((e) => `stub:${e.id}`)
      .sort(),
  );
  assert.equal(from(trace, k).length, 0);
  // Leaves used once are not stubbed.
  assert.equal(trace.nodes.filter((s) => s.kind === "stub").length, 2);
});

test("in a small graph a leaf used by two gates keeps its wires", () => {
  const small = withTwiceUsed(40);
  assert.ok(small.nodes.length < 150);
  const { trace } = buildDisplay(small);
  assert.equal(trace.nodes.filter((s) => s.kind === "stub").length, 0);
  assert.equal(from(trace, idOf(small, "k")).length, 2);
});

test("project(): stubs carry the leaf's value and their own wire's gradient, step by step", () => {
  const index = indexTrace(reuse);
  const display = buildDisplay(reuse);
  const x = idOf(reuse, "x");
  const xValue = reuse.nodes.find((n) => n.id === x).value;
  // The step at which the API sends gradient back along each of x's wires.
  const sentAt = new Map();
  reuse.steps.forEach((s, i) => (s.contributions ?? []).forEach((c) => sentAt.set(c.edge, i + 1)));
  const stubs = display.trace.nodes.filter((n) => n.kind === "stub");
  for (let k = 0; k <= index.total; k += 1) {
    const shown = display.project(stateAt(index, k));
    for (const s of stubs) {
      assert.equal(shown.values.get(s.id), xValue, `step ${k}: ${s.id} shows x's value`);
      const wire = reuse.edges.find((e) => e.id === s.edge);
      if (k >= sentAt.get(s.edge))
        assert.equal(shown.grads.get(s.id), wire.grad, `step ${k}: ${s.id} shows its wire's gradient`);
      else assert.equal(shown.grads.has(s.id), false, `step ${k}: ${s.id} has no gradient before it is sent`);
    }
  }
  // Hand-derived: s = x·(a + b + c + d + w), so the wire into x·a carries ∂s/∂x = a, …, and x sums them.
  const end = display.project(stateAt(index, index.total));
  const byPartner = Object.fromEntries(
    stubs.map((s) => {
      const gate = s.edge && reuse.edges.find((e) => e.id === s.edge).target;
      const partner = reuse.edges.find((e) => e.target === gate && e.source !== x).source;
      return [reuse.nodes.find((n) => n.id === partner).label, end.grads.get(s.id)];
    }),
  );
  assert.deepEqual(byPartner, { a: 1, b: 2, c: 3, d: 4, w: 5 });
  assert.equal(end.grads.get(x), 15);
});

test("project(): the chain gate shows its root's value only once the root is computed", () => {
  const index = indexTrace(reuse);
  const display = buildDisplay(reuse);
  const chain = display.trace.nodes.find((n) => n.kind === "group" && n.chain);
  assert.ok(chain, "the four + gates are one chain");
  const root = reuse.output.node;
  const rootStep = reuse.steps.findIndex((s) => s.phase === "forward" && s.node === root) + 1;
  const firstAdd =
    reuse.steps.findIndex((s) => s.phase === "forward" && reuse.nodes.find((n) => n.id === s.node).op === "add") + 1;
  assert.ok(firstAdd < rootStep, "inner + gates are computed before the root");
  for (let k = 0; k <= index.total; k += 1) {
    const shown = display.project(stateAt(index, k));
    if (k < rootStep)
      assert.equal(shown.values.has(chain.id), false, `step ${k}: no value before the root is computed`);
    else assert.equal(shown.values.get(chain.id), 30, `step ${k}: 2·(1+2+3+4+5)`);
  }
});
