// Unit tests for groups.js: neuron groups, collapsing them into one node, and stepping in either state.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  groupsOf,
  buildView,
  projectState,
  projectStep,
  parseGroupName,
  groupId,
  innerCaption,
  sortedGroupNames,
  startsBackward,
  texLabel,
} from "../../frontend/js/groups.js";
import { indexTrace, stateAt, branchNodes } from "../../frontend/js/timeline.js";
import { lectureNeuron, lectureLayer, deltaNeuron } from "./network_fixtures.js";
import { circuit } from "./fixtures.js";

const byLabel = (trace, label) => trace.nodes.find((n) => n.label === label);

test("group names are read as hidden layer / output unit / loss", () => {
  assert.deepEqual(parseGroupName("hidden 2 · unit 3"), { kind: "hidden", layer: 2, unit: 3 });
  assert.deepEqual(parseGroupName("output · unit 1"), { kind: "output", layer: null, unit: 1 });
  assert.equal(parseGroupName("loss").kind, "loss");
});

test("the lecture net has 4 hidden units, 2 outputs and a loss; each unit's output is its activation", () => {
  const groups = groupsOf(lectureNeuron);
  assert.deepEqual(
    sortedGroupNames(groups),
    [1, 2, 3, 4].map((j) => `hidden 1 · unit ${j}`).concat(["output · unit 1", "output · unit 2", "loss"]),
  );
  const unit3 = groups.get("hidden 1 · unit 3");
  assert.equal(lectureNeuron.nodes.find((n) => n.id === unit3.output).label, "h1[3]");
  assert.deepEqual(
    unit3.params.map((id) => lectureNeuron.nodes.find((n) => n.id === id).label),
    ["W1[3,1]", "W1[3,2]", "W1[3,3]"],
  );
  assert.equal(groups.get("loss").output, lectureNeuron.output.node);
  assert.equal(lectureNeuron.nodes.find((n) => n.id === groups.get("output · unit 1").output).label, "o[1]");
});

test("collapsed, the diagram is 3 inputs, 4 + 2 units and the loss, fully connected", () => {
  const view = buildView(lectureNeuron, new Set());
  assert.equal(view.trace.nodes.length, 3 + 4 + 2 + 1);
  assert.deepEqual(
    view.trace.nodes.filter((n) => n.kind === "input").map((n) => n.label),
    ["x[1]", "x[2]", "x[3]"],
  );
  const unit = view.trace.nodes.find((n) => n.id === groupId("hidden 1 · unit 2"));
  assert.equal(unit.kind, "group");
  assert.equal(unit.label, "h1[2]");
  assert.equal(unit.value, byLabel(lectureNeuron, "h1[2]").value);
  // 3×4 wires into the hidden units, 4×2 into the outputs, 2 into the loss.
  assert.equal(view.trace.edges.length, 12 + 8 + 2);
  const into = view.trace.edges.filter((e) => e.target === unit.id);
  assert.deepEqual(
    into.map((e) => e.index),
    [0, 1, 2],
    "one port per incoming wire",
  );
  assert.equal(view.trace.output.node, groupId("loss"));
  assert.equal(view.trace.steps.length, lectureNeuron.steps.length, "steps keep their numbers");
});

test("expanding a unit brings back its gates and weights; expanding all is the full trace", () => {
  const one = buildView(lectureNeuron, new Set(["hidden 1 · unit 3"]));
  const members = groupsOf(lectureNeuron).get("hidden 1 · unit 3").members;
  assert.equal(one.trace.nodes.length, 10 - 1 + members.length);
  assert.ok(one.trace.nodes.some((n) => n.label === "W1[3,2]"));
  const all = buildView(lectureNeuron, new Set(groupsOf(lectureNeuron).keys()));
  assert.equal(all.trace.nodes.length, lectureNeuron.nodes.length);
  assert.equal(all.trace.edges.length, lectureNeuron.edges.length);
});

test("a trace without groups (layer granularity, expressions) is its own view", () => {
  assert.equal(buildView(lectureLayer).identity, true);
  assert.equal(buildView(circuit).identity, true);
  const index = indexTrace(circuit);
  const st = stateAt(index, 2);
  assert.equal(projectState(buildView(circuit), st), st);
});

test("an inner forward step shows on its collapsed unit, lighting only the wire it reads", () => {
  const view = buildView(lectureNeuron, new Set());
  const index = indexTrace(lectureNeuron);
  const w = byLabel(lectureNeuron, "W1[1,2]");
  const k =
    lectureNeuron.steps.findIndex(
      (s) => s.phase === "forward" && index.inEdges.get(s.node).some((e) => e.source === w.id),
    ) + 1;
  const st = projectState(view, stateAt(index, k));
  assert.equal(st.current.node, groupId("hidden 1 · unit 1"));
  assert.equal(st.current.inner, lectureNeuron.steps[k - 1].node);
  const x2 = byLabel(lectureNeuron, "x[2]").id;
  assert.deepEqual(
    st.current.edges.map((id) => view.trace.edges.find((e) => e.id === id).source),
    [x2],
  );
  assert.equal(
    st.values.has(groupId("hidden 1 · unit 1")),
    false,
    "the unit has no value until its activation is computed",
  );
  assert.equal(innerCaption(index, lectureNeuron.steps[k - 1]), "W1[1,2]·x[2] = 0.5");
});

test("collapsed or expanded, step k shows the same numbers on the nodes both draw", () => {
  const index = indexTrace(lectureNeuron);
  const collapsed = buildView(lectureNeuron, new Set());
  const expanded = buildView(lectureNeuron, new Set(groupsOf(lectureNeuron).keys()));
  for (let k = 0; k <= index.total; k += 1) {
    const real = stateAt(index, k);
    const a = projectState(collapsed, real);
    const b = projectState(expanded, real);
    for (const label of ["x[1]", "x[2]", "x[3]"]) {
      const id = byLabel(lectureNeuron, label).id;
      assert.equal(a.grads.get(id), b.grads.get(id), `${label} at ${k}`);
      assert.deepEqual(a.terms.get(id), b.terms.get(id), `${label} at ${k}`);
    }
    for (const [name, g] of groupsOf(lectureNeuron)) {
      assert.equal(a.values.get(groupId(name)), b.values.get(g.output), `${name} value at ${k}`);
      assert.equal(a.grads.get(groupId(name)), b.grads.get(g.output), `${name} grad at ${k}`);
    }
  }
});

test("backward: a unit receives one contribution per consumer; the inputs sum four", () => {
  const view = buildView(lectureNeuron, new Set());
  const vindex = indexTrace(view.trace);
  const branches = branchNodes(vindex);
  assert.ok(branches.has(groupId("hidden 1 · unit 1")), "h1[1] feeds both outputs");
  assert.equal(vindex.expected.get(groupId("hidden 1 · unit 1")), 2);
  assert.equal(vindex.expected.get(byLabel(lectureNeuron, "x[1]").id), 4);
  const index = indexTrace(lectureNeuron);
  const end = projectState(view, stateAt(index, index.total));
  const x1 = byLabel(lectureNeuron, "x[1]").id;
  // ∂E/∂x = W1ᵀ δ1: the lecture net's gradient at x (from the layer trace, computed independently).
  assert.ok(Math.abs(end.grads.get(x1) - lectureLayer.gradients.x[0]) < 1e-12);
  assert.equal(end.terms.get(x1).length, 4);
  const step = projectStep(
    view,
    lectureNeuron.steps.find((s) => s.phase === "backward" && s.contributions.some((c) => c.target === x1)),
  );
  assert.ok(
    step.contributions.every((c) => view.trace.edges.some((e) => e.id === c.edge)),
    "only drawn wires carry contributions",
  );
});

test("the delta rule's single unit collapses to o[1] between x and the loss", () => {
  const view = buildView(deltaNeuron, new Set());
  assert.deepEqual(
    view.trace.nodes.map((n) => n.label),
    ["x[1]", "x[2]", "o[1]", "E"],
  );
  assert.equal(view.trace.nodes[2].activation, "add");
});

test("node names become TeX with layer superscripts", () => {
  assert.equal(texLabel("W1[3,2]"), "W^{(1)}_{3,2}");
  assert.equal(texLabel("x[2]"), "x_{2}");
  assert.equal(texLabel("W1"), "W_{1}");
  assert.equal(texLabel("E_p"), "E_{p}");
  assert.equal(texLabel("x"), "x");
});

test("only the real output's backward step lights the output wire of a collapsed loss unit (regression)", () => {
  const view = buildView(lectureNeuron, new Set());
  const index = indexTrace(view.trace);
  const backward = view.trace.steps.filter((s) => s.phase === "backward" && s.node === groupId("loss"));
  assert.ok(backward.length >= 3, "the loss unit has inner backward steps");
  assert.deepEqual(
    backward.map((s) => startsBackward(index, s)),
    backward.map((s, i) => i === 0),
  );
  assert.equal(backward[0].inner, lectureNeuron.output.node);
  // Outside network mode (no groups) the output's first backward step is the one.
  const plain = indexTrace(circuit);
  assert.equal(
    startsBackward(
      plain,
      circuit.steps.find((s) => s.phase === "backward"),
    ),
    true,
  );
  assert.equal(startsBackward(plain, circuit.steps[0]), false);
});
