// Unit tests for layout_network.js: the network diagram as an ELK compound graph, and positions read back.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import {
  toElkNetwork,
  positionsFromNetwork,
  labelledEdges,
  networkBoxes,
  layoutView,
  FRAME_PREFIX,
} from "../../frontend/js/layout_network.js";
import { buildView, groupId } from "../../frontend/js/groups.js";
import { OUTPUT_NODE, OUTPUT_EDGE } from "../../frontend/js/layout.js";
import { lectureNeuron, lectureLayer } from "./network_fixtures.js";

const ELK = createRequire(import.meta.url)("../../frontend/node_modules/elkjs/lib/elk.bundled.js");
const UNIT3 = "hidden 1 · unit 3";

test("collapsed: one top-level ELK node per input and unit, inputs in the first layer, no frames", () => {
  const graph = toElkNetwork(buildView(lectureNeuron, new Set()));
  assert.equal(graph.layoutOptions["elk.hierarchyHandling"], "INCLUDE_CHILDREN");
  assert.equal(graph.children.length, 10 + 1);
  assert.ok(!graph.children.some((c) => c.id.startsWith(FRAME_PREFIX)));
  const x1 = graph.children.find((c) => c.id === lectureNeuron.nodes.find((n) => n.label === "x[1]").id);
  assert.equal(x1.layoutOptions["elk.layered.layering.layerConstraint"], "FIRST");
  assert.ok(graph.children.some((c) => c.id === OUTPUT_NODE));
  // Only the output wire is labelled; wires between columns stay bare.
  assert.deepEqual(
    graph.edges.filter((e) => e.labels).map((e) => e.id),
    [OUTPUT_EDGE],
  );
});

test("expanded: the unit becomes a frame holding its gates, with its own labelled wires", () => {
  const view = buildView(lectureNeuron, new Set([UNIT3]));
  const graph = toElkNetwork(view);
  const frame = graph.children.find((c) => c.id === `${FRAME_PREFIX}${UNIT3}`);
  assert.ok(frame);
  const labels = new Set(frame.children.map((c) => view.trace.nodes.find((n) => n.id === c.id).label).filter(Boolean));
  for (const name of ["W1[3,1]", "W1[3,2]", "W1[3,3]", "z1[3]", "h1[3]"]) assert.ok(labels.has(name), name);
  assert.ok(frame.edges.length > 0 && frame.edges.every((e) => e.labels?.length === 1));
  assert.equal(labelledEdges(view).size, frame.edges.length);
  // Weights inside a frame are not pinned to the diagram's first layer.
  assert.ok(frame.children.every((c) => !c.layoutOptions["elk.layered.layering.layerConstraint"]));
});

test("nodes whose wires carry no labels get a value/gradient caption; branch nodes a badge", () => {
  const view = buildView(lectureNeuron, new Set([UNIT3]));
  const boxes = networkBoxes(view);
  const x1 = boxes.get(lectureNeuron.nodes.find((n) => n.label === "x[1]").id);
  assert.equal(x1.caption, true);
  assert.equal(x1.badge, true);
  assert.ok(x1.height > x1.shape.height);
  const w = boxes.get(lectureNeuron.nodes.find((n) => n.label === "W1[3,2]").id);
  assert.equal(w.caption, false, "a weight's value is on its labelled wire");
  assert.equal(boxes.get(groupId("hidden 1 · unit 1")).caption, true);
  assert.equal(boxes.get(groupId("loss")).caption, false, "the loss is on the output wire");
});

test("positions are absolute: children of a frame are offset by the frame, edges by their container", () => {
  const result = {
    width: 300,
    height: 200,
    children: [
      { id: "a", x: 10, y: 20, width: 30, height: 30 },
      {
        id: `${FRAME_PREFIX}g`,
        x: 100,
        y: 50,
        width: 150,
        height: 100,
        children: [{ id: "b", x: 14, y: 40, width: 30, height: 30 }],
        edges: [
          {
            id: "in",
            container: `${FRAME_PREFIX}g`,
            sections: [{ startPoint: { x: 0, y: 55 }, endPoint: { x: 14, y: 55 } }],
            labels: [{ x: 2, y: 40, width: 10, height: 10 }],
          },
        ],
      },
    ],
    edges: [
      {
        id: "ab",
        container: "root",
        sections: [
          {
            startPoint: { x: 40, y: 35 },
            bendPoints: [
              { x: 70, y: 35 },
              { x: 70, y: 105 },
            ],
            endPoint: { x: 114, y: 105 },
          },
        ],
      },
    ],
  };
  const pos = positionsFromNetwork(result);
  assert.deepEqual([pos.nodes.get("b").x, pos.nodes.get("b").y], [114, 90]);
  assert.deepEqual(pos.groups.get("g"), { x: 100, y: 50, width: 150, height: 100 });
  assert.deepEqual(pos.edges.get("in").points, [
    { x: 100, y: 105 },
    { x: 114, y: 105 },
  ]);
  assert.deepEqual(pos.edges.get("in").label, { x: 102, y: 90, width: 10, height: 10 });
  assert.deepEqual(
    pos.edges.get("ab").points,
    [
      { x: 40, y: 35 },
      { x: 114, y: 105 },
    ],
    "wires between columns are straight",
  );
});

test("ELK lays out the diagram in columns: inputs, hidden units, outputs, loss", async () => {
  const elk = new ELK();
  const view = buildView(lectureNeuron, new Set());
  const pos = await layoutView(elk, view);
  const x = (label) => pos.nodes.get(view.trace.nodes.find((n) => n.label === label).id).x;
  assert.ok(x("x[1]") < x("h1[1]") && x("h1[1]") < x("o[1]") && x("o[1]") < x("E"));
  const centre = (label) => {
    const b = pos.nodes.get(view.trace.nodes.find((n) => n.label === label).id);
    return b.x + b.width / 2;
  };
  assert.ok(Math.abs(centre("h1[1]") - centre("h1[4]")) < 3, "a layer's units stand in one column");
  const y = (label) => pos.nodes.get(view.trace.nodes.find((n) => n.label === label).id).y;
  assert.ok(y("h1[1]") < y("h1[2]") && y("h1[2]") < y("h1[3]"), "units keep their order top to bottom");
  const expanded = await layoutView(elk, buildView(lectureNeuron, new Set([UNIT3])));
  const frame = expanded.groups.get(UNIT3);
  const w = expanded.nodes.get(lectureNeuron.nodes.find((n) => n.label === "W1[3,2]").id);
  assert.ok(
    w.x >= frame.x &&
      w.x + w.width <= frame.x + frame.width &&
      w.y >= frame.y &&
      w.y + w.height <= frame.y + frame.height,
  );
});

test("a trace without groups is laid out as layout.js does (tensor nodes)", async () => {
  const pos = await layoutView(new ELK(), buildView(lectureLayer));
  assert.equal(pos.nodes.size, lectureLayer.nodes.length + 1);
  assert.equal(pos.groups, undefined);
});
