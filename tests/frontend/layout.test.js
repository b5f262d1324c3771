// Unit tests for layout.js: trace -> ELK graph conversion and reading positions back.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import {
  layoutTrace,
  repeatedTargets,
  toElkGraph,
  positionsFromElk,
  labelAnchor,
  nodeBoxes,
  inputPortY,
  OUTPUT_NODE,
  OUTPUT_EDGE,
  LABEL_LIMIT,
} from "../../frontend/js/layout.js";
import { circuit, branch, square } from "./fixtures.js";

const ELK = createRequire(import.meta.url)("../../frontend/node_modules/elkjs/lib/elk.bundled.js");

// A layered trace of about `n` nodes: inputs x0..x9, then gates each taking two recent nodes.
const bigTrace = (n) => {
  const nodes = [];
  const edges = [];
  for (let i = 0; i < 10; i += 1)
    nodes.push({ id: `n${i}`, kind: "input", label: `x${i}`, value: 1, grad: 1, shape: [] });
  for (let i = 10; i < n; i += 1) {
    const a = i < 20 ? `n${i - 10}` : `n${i - 1 - (i % 13)}`; // every input is used
    const b = i % 50 === 0 ? a : `n${Math.max(0, i - 1 - ((i * 3) % 17))}`; // every 50th gate squares its operand
    nodes.push({ id: `n${i}`, kind: "op", op: "mul", symbol: "×", label: null, value: 1, grad: 1, shape: [] });
    edges.push({ id: `e${edges.length}`, source: a, target: `n${i}`, index: 0, grad: 1 });
    edges.push({ id: `e${edges.length}`, source: b, target: `n${i}`, index: 1, grad: 1 });
  }
  return { output: { node: `n${n - 1}`, value: 1 }, nodes, edges, steps: [] };
};

test("every node becomes an ELK child, plus a virtual output node", () => {
  const g = toElkGraph(circuit);
  assert.deepEqual(
    g.children.map((c) => c.id),
    [...circuit.nodes.map((n) => n.id), OUTPUT_NODE],
  );
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
    width: 200,
    height: 100,
    children: [{ id: "a", x: 10, y: 20, width: 30, height: 30 }],
    edges: [
      {
        id: "e",
        sections: [{ startPoint: { x: 40, y: 35 }, bendPoints: [{ x: 60, y: 35 }], endPoint: { x: 90, y: 35 } }],
        labels: [{ x: 50, y: 17, width: 20, height: 36 }],
      },
    ],
  };
  const p = positionsFromElk(result);
  assert.equal(p.nodes.get("a").x, 10);
  assert.equal(p.edges.get("e").points.length, 3);
  assert.deepEqual(labelAnchor(p.edges.get("e")), { x: 60, y: 35 });
  assert.deepEqual(
    labelAnchor({
      points: [
        { x: 0, y: 5 },
        { x: 0, y: 50 },
        { x: 100, y: 50 },
      ],
      label: null,
    }),
    { x: 50, y: 50 },
  );
});

test("small graphs keep ports on every node and orthogonal wires", () => {
  const g = toElkGraph(circuit);
  assert.ok(g.children.every((c) => c.ports?.length && c.layoutOptions["elk.portConstraints"] === "FIXED_POS"));
  assert.equal(g.layoutOptions["elk.edgeRouting"], "ORTHOGONAL");
  assert.equal(g.layoutOptions["elk.layered.nodePlacement.strategy"], undefined);
});

test("big graphs wire nodes directly with straight polylines", () => {
  const g = toElkGraph(circuit, { fast: true });
  assert.ok(g.children.every((c) => !c.ports));
  const e3 = g.edges.find((e) => e.id === "e3");
  assert.deepEqual([e3.sources, e3.targets], [["n3"], ["n4"]]);
  assert.equal(g.layoutOptions["elk.edgeRouting"], "POLYLINE");
  assert.equal(toElkGraph(bigTrace(LABEL_LIMIT + 1)).layoutOptions["elk.edgeRouting"], "POLYLINE");
});

test("on big graphs x * x still gets a port per argument, so it draws two wires", () => {
  assert.deepEqual([...repeatedTargets(square)], ["n1"]);
  const g = toElkGraph(square, { fast: true });
  assert.deepEqual(
    g.edges
      .filter((e) => e.sources[0] === "n0")
      .map((e) => e.targets[0])
      .sort(),
    ["n1.in0", "n1.in1"],
  );
  assert.ok(!g.children.find((c) => c.id === "n0").ports);
});

test("ELK lays a big graph out left to right: inputs first, the output last, every wire drawn", async () => {
  const trace = bigTrace(200);
  const pos = await layoutTrace(new ELK(), trace);
  const xs = trace.nodes.map((n) => pos.nodes.get(n.id).x);
  const inputsRight = Math.max(...xs.slice(0, 10));
  assert.ok(xs.slice(10).every((x) => x > inputsRight));
  assert.ok(pos.nodes.get(OUTPUT_NODE).x > Math.max(...xs));
  for (const e of [...trace.edges, { id: OUTPUT_EDGE }]) assert.ok(pos.edges.get(e.id).points.length >= 2, e.id);
  const squared = trace.edges.filter((e) => e.target === "n50").map((e) => pos.edges.get(e.id).points.at(-1).y);
  assert.notEqual(squared[0], squared[1]); // two wires ending at two ports
});
