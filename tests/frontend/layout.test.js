// Unit tests for layout.js: trace -> ELK graph conversion and reading positions back.
import { test } from "node:test";
import assert from "node:assert/strict";
import { toElkGraph, positionsFromElk, labelAnchor, nodeBoxes, inputPortY, OUTPUT_NODE, OUTPUT_EDGE, LABEL_LIMIT } from "../../frontend/js/layout.js";
import { circuit, branch, square } from "./fixtures.js";

test("every node becomes an ELK child, plus a virtual output node", () => {
  const g = toElkGraph(circuit);
  assert.deepEqual(g.children.map((c) => c.id), [...circuit.nodes.map((n) => n.id), OUTPUT_NODE]);
  assert.equal(g.layoutOptions["elk.algorithm"], "layered");
  assert.equal(g.layoutOptions["elk.direction"], "RIGHT");
});

test("inputs are constrained to the first layer, the output marker to the last", () => {
  const g = toElkGraph(circuit);
  const x = g.children.find((c) => c.id === "n0");
  assert.equal(x.layoutOptions["elk.layered.layering.layerConstraint"], "FIRST");
  const out = g.children.find((c) => c.id === OUTPUT_NODE);
  assert.equal(out.layoutOptions["elk.layered.layering.layerConstraint"], "LAST");
});

test("edges connect the source's out port to the target's port for that argument", () => {
  const g = toElkGraph(circuit);
  const e3 = g.edges.find((e) => e.id === "e3");
  assert.deepEqual(e3.sources, ["n3.out"]);
  assert.deepEqual(e3.targets, ["n4.in1"]);
  assert.ok(g.edges.some((e) => e.id === OUTPUT_EDGE && e.sources[0] === "n4.out"));
});

test("x * x keeps two distinct edges into two distinct ports", () => {
  const g = toElkGraph(square);
  const intoGate = g.edges.filter((e) => e.sources[0] === "n0.out");
  assert.equal(intoGate.length, 2);
  assert.deepEqual(intoGate.map((e) => e.targets[0]).sort(), ["n1.in0", "n1.in1"]);
  const gate = g.children.find((c) => c.id === "n1");
  const ys = gate.ports.filter((p) => p.id.includes(".in")).map((p) => p.y);
  assert.notEqual(ys[0], ys[1]);
});

test("wire labels reserve inline space on small graphs and are dropped on big ones", () => {
  const small = toElkGraph(circuit);
  assert.ok(small.edges.every((e) => e.labels?.[0]?.layoutOptions["elk.edgeLabels.inline"] === "true"));
  const big = toElkGraph(circuit, { labels: false });
  assert.ok(big.edges.every((e) => !e.labels));
  assert.ok(LABEL_LIMIT >= 50);
});

test("a branch node gets room for its running sum under its shape", () => {
  const boxes = nodeBoxes(branch);
  const x = boxes.get("n0");
  assert.ok(x.height > x.shape.height);
  assert.ok(x.width >= x.shape.width);
  assert.equal(boxes.get("n1").height, boxes.get("n1").shape.height);
});

test("input ports are spread symmetrically around the centre", () => {
  assert.equal(inputPortY(40, 0, 1), 20);
  assert.equal(inputPortY(40, 0, 2) + inputPortY(40, 1, 2), 40);
});

test("positionsFromElk reads nodes, edge points and label anchors", () => {
  const result = {
    width: 200, height: 100,
    children: [{ id: "a", x: 10, y: 20, width: 30, height: 30 }],
    edges: [{ id: "e", sections: [{ startPoint: { x: 40, y: 35 }, bendPoints: [{ x: 60, y: 35 }], endPoint: { x: 90, y: 35 } }],
      labels: [{ x: 50, y: 17, width: 20, height: 36 }] }],
  };
  const p = positionsFromElk(result);
  assert.equal(p.nodes.get("a").x, 10);
  assert.equal(p.edges.get("e").points.length, 3);
  assert.deepEqual(labelAnchor(p.edges.get("e")), { x: 60, y: 35 });
  assert.deepEqual(labelAnchor({ points: [{ x: 0, y: 5 }, { x: 0, y: 50 }, { x: 100, y: 50 }], label: null }), { x: 50, y: 50 });
});
