// Unit tests for view/series.js and its use in view/display.js: which runs of statements become a
// series, that lecture programs and networks get none, and what a collapsed series shows
// (checked against the trace's own numbers; the fan-out generator is checked against the API).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  seriesRuns,
  seriesSpans,
  signatures,
  statementsOf,
  SERIES_MIN_STATEMENTS,
} from "../../frontend/js/view/series.js";
import { buildDisplay, BIG_GRAPH } from "../../frontend/js/view/display.js";
import { withFrames } from "../../frontend/js/view/layout_client.js";
import { layoutFast } from "../../frontend/js/view/layout_fast.js";
import { nodeBoxes } from "../../frontend/js/layout.js";
import { indexTrace, stateAt } from "../../frontend/js/timeline.js";
import { fanOut12, rnn10, broken, lectureExamples } from "./series_fixtures.js";
import { fanOutTrace, statementsTrace } from "./series_programs.js";
import * as basics from "./fixtures.js";
import * as views from "./view_fixtures.js";
import * as teach from "./teach_fixtures.js";
import * as networks from "./network_fixtures.js";

const idOf = (trace, label) => trace.nodes.find((n) => n.label === label && n.kind === "op").id;
const names = (runs) => [...new Set(runs.values())];

test("the fan-out generator gives exactly the API's trace (12 statements)", () => {
  assert.deepEqual(fanOutTrace(12), fanOut12);
});

test("the fan-out chain is one series of period 2: a2 … a300, never a1, x or y", () => {
  const trace = fanOutTrace(300);
  const runs = seriesRuns(trace);
  assert.deepEqual(names(runs), [`series:${idOf(trace, "a2")}`]);
  const members = trace.nodes.filter((n) => runs.has(n.id)).map((n) => n.label);
  assert.deepEqual(
    members,
    Array.from({ length: 299 }, (_, i) => `a${i + 2}`),
  );
  const spans = seriesSpans(signatures(trace, statementsOf(trace)));
  assert.deepEqual(spans, [{ start: 1, length: 299, period: 2 }]);
});

test("an RNN-like chain h_k = tanh(h_(k-1) + x_k) is a series of period 1 whatever x_k is", () => {
  const runs = seriesRuns(rnn10);
  const byId = new Map(rnn10.nodes.map((n) => [n.id, n]));
  const members = [...runs.keys()].map((id) => byId.get(id));
  assert.equal(members.length, 18, "h2 … h10: an add and a tanh each (h2 reads h1's result as h3 reads h2's)");
  assert.ok(
    members.every((n) => n.kind === "op" && n.line >= 2),
    "h1 = tanh(x1) has another shape",
  );
  assert.deepEqual(names(runs), [`series:${members[0].id}`]);
  assert.equal(members[0].op, "add");
  const [span] = seriesSpans(signatures(rnn10, statementsOf(rnn10)));
  assert.equal(span.period, 1);
});

test("a different statement breaks a run; the part too short stays gate by gate", () => {
  // h2 … h6 (5 statements), b = h6 * 2, h7 (reads h6 two statements back), then h8 … h16.
  const runs = seriesRuns(broken);
  const byId = new Map(broken.nodes.map((n) => [n.id, n]));
  const lines = [...new Set([...runs.keys()].map((id) => byId.get(id).line))];
  assert.deepEqual(lines, [9, 10, 11, 12, 13, 14, 15, 16, 17], "h8 … h16 only");
  assert.equal(names(runs).length, 1);
  assert.equal(lines.length >= SERIES_MIN_STATEMENTS, true);
});

test("a run shorter than the minimum, or with fewer than three repeats, is no series", () => {
  // a0 = x * y, then n statements a_k = a_(k-1) op w with the ops repeating every `period`.
  const chain = (n, period) =>
    statementsTrace([
      ["a0", "mul", "x", "y"],
      ...Array.from({ length: n }, (_, i) => [`a${i + 1}`, ["add", "mul", "sub", "div"][i % period], `a${i}`, "w"]),
    ]);
  assert.equal(seriesRuns(chain(SERIES_MIN_STATEMENTS - 1, 1)).size, 0);
  assert.equal(seriesRuns(chain(SERIES_MIN_STATEMENTS, 1)).size, SERIES_MIN_STATEMENTS);
  assert.equal(seriesRuns(chain(11, 4)).size, 0, "period 4 repeated under three times");
  assert.equal(seriesRuns(chain(12, 4)).size, 12);
});

test("a gate read from far back is classed like an input: a_k = a_(k-1) + a1 becomes a series", () => {
  const list = [["a1", "mul", "x", "y"]];
  for (let k = 2; k <= 30; k += 1) list.push([`a${k}`, "add", `a${k - 1}`, "a1"]);
  const trace = statementsTrace(list);
  const runs = seriesRuns(trace);
  const first = trace.nodes.find((n) => runs.has(n.id));
  assert.equal(names(runs).length, 1);
  assert.ok(first.line > 2 && first.line <= 10, `starts once a1 is far behind (line ${first.line})`);
  assert.equal(trace.nodes.filter((n) => runs.has(n.id)).at(-1).label, "a30");
});

test("no lecture program and no recorded fixture has a series", () => {
  const traces = {
    ...lectureExamples,
    ...Object.fromEntries(
      Object.entries({ ...basics, ...views, ...teach, ...networks }).filter(([, t]) => Array.isArray(t?.nodes)),
    ),
  };
  assert.ok(Object.keys(traces).length >= 25);
  for (const [name, trace] of Object.entries(traces)) {
    assert.equal(seriesRuns(trace).size, 0, name);
    const display = buildDisplay(trace, { series: true });
    assert.deepEqual(display.trace, buildDisplay(trace, { series: false }).trace, name);
  }
});

test("networks are untouched: nodes in a unit never join a series", () => {
  const grouped = fanOutTrace(300);
  grouped.nodes = grouped.nodes.map((n) => (n.kind === "op" ? { ...n, group: "hidden 1 · unit 1" } : n));
  assert.equal(seriesRuns(grouped).size, 0);
  assert.equal(seriesRuns(networks.lectureNeuron).size, 0);
});

test("a program too small to be a big graph is drawn as it always was", () => {
  for (const n of [40, 100]) {
    const trace = fanOutTrace(n);
    assert.ok(trace.nodes.length <= BIG_GRAPH);
    assert.ok(seriesRuns(trace).size > 0, "it has a series");
    const display = buildDisplay(trace);
    assert.equal(display.series.size, 0, `${n} statements: not grouped`);
    assert.deepEqual(display.trace, buildDisplay(trace, { series: false }).trace);
  }
  assert.ok(buildDisplay(fanOutTrace(200)).series.size > 0, "200 statements: grouped");
});

test("the 2,000-statement fan-out chain is drawn with a handful of nodes; the series shows its output", () => {
  const trace = fanOutTrace(2000);
  const display = buildDisplay(trace);
  const ungrouped = buildDisplay(trace, { series: false });
  assert.ok(ungrouped.trace.nodes.length > 4000, "x and y get a stub per use");
  assert.equal(display.trace.nodes.length, 4, "x, y, a1 and the series");
  const node = display.trace.nodes.find((n) => n.series);
  assert.equal(node.label, "a2 … a2000");
  assert.equal(node.statements, 1999);
  assert.equal(display.trace.output.node, node.id, "a2000, the output, is its last member");
  // One wire from each source into the series (x is read by 1,000 of its statements).
  const into = display.trace.edges.filter((e) => e.target === node.id);
  const x = "n0";
  assert.deepEqual(into.map((e) => e.source).sort(), ["n0", "n1", idOf(trace, "a1")].sort());
  assert.deepEqual(into.map((e) => e.index).sort(), [0, 1, 2]);

  const index = indexTrace(trace);
  const out = trace.nodes.find((n) => n.id === trace.output.node);
  const end = display.project(stateAt(index, index.total));
  assert.equal(end.values.get(node.id), trace.output.value);
  assert.equal(end.values.get(node.id), out.value);
  assert.equal(end.grads.get(node.id), out.grad);
  assert.equal(end.grads.get(x), trace.gradients.x);
  // The one wire x → series carries all the series sent back to x: x's gradient less a1's part.
  const wire = into.find((e) => e.source === x);
  const viaA1 = trace.edges.find((e) => e.source === x && e.target === idOf(trace, "a1")).grad;
  const sent = end.edgeGrads.get(wire.id);
  assert.ok(Math.abs(sent - (trace.gradients.x - viaA1)) <= 1e-12 * Math.abs(trace.gradients.x), `${sent}`);

  // Half-way back: the step of a1501 shows on the series node, and says which statement it is.
  const k = index.trace.steps.findIndex((s) => s.phase === "backward" && s.node === idOf(trace, "a1501")) + 1;
  const mid = display.project(stateAt(index, k));
  assert.equal(mid.current.node, node.id);
  assert.equal(mid.current.inner, idOf(trace, "a1501"));
  assert.equal(mid.grads.get(node.id), 1, "the series' own gradient is its output's");
  assert.equal(
    display.where(stateAt(index, k).current),
    "Statement 1500 of 1999 in the series a2 … a2000 (line 1501).",
  );
  assert.equal(display.where(stateAt(index, 1).current), null, "a1 is in no series");
  // Any statement's use of x lights the one wire x → series: forward, and backward as it sends.
  const a1000 = idOf(trace, "a1000");
  const forward = display.projectStep(trace.steps.find((s) => s.phase === "forward" && s.node === a1000));
  assert.deepEqual(forward.edges, [wire.id]);
  const back = display.projectStep(trace.steps.find((s) => s.phase === "backward" && s.node === a1000));
  assert.deepEqual(
    back.contributions.map((c) => [c.edge, c.target]),
    [[wire.id, x]],
    "a999 is inside: only x's contribution leaves the series",
  );
});

test("an expanded series draws every member, framed by the fast layout", () => {
  const trace = fanOutTrace(300);
  const name = `series:${idOf(trace, "a2")}`;
  const display = buildDisplay(trace, { expanded: [name] });
  const gates = display.trace.nodes.filter((n) => n.kind === "op");
  assert.equal(gates.length, 300);
  assert.equal(gates.filter((n) => n.group === name).length, 299);
  const positions = layoutFast(display.trace, nodeBoxes(display.trace));
  const framed = withFrames(positions, display.trace, new Set([name]));
  const f = framed.groups.get(name);
  for (const n of gates.filter((g) => g.group === name)) {
    const b = framed.nodes.get(n.id);
    assert.ok(b.x >= f.x && b.y >= f.y + 30 && b.x + b.width <= f.x + f.width && b.y + b.height <= f.y + f.height);
  }
  assert.ok(framed.height >= f.y + f.height && framed.width >= f.x + f.width);
  assert.equal(withFrames(positions, display.trace, new Set()), positions, "nothing open: no frame");
});
