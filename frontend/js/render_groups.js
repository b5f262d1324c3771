// SVG drawing for network diagrams and tensors: unit frames, expand/collapse toggles, neurons, captions, shape tags.
import { formatValue, formatShape } from "./format.js";
import { DECK_OFFSET, SHAPE_TAG_HEIGHT, shapeTagHeight } from "./layout.js";
import { CAPTION_HEIGHT } from "./layout_network.js";

const TOGGLE_R = 10;
// The group whose toggle was pressed from the keyboard: its new toggle gets the focus after the redraw.
let refocus = null;

/** Space between a node's shape and its branch badge: the shape tag or the value/gradient caption. */
export const belowShape = (d) => (d.box.caption ? CAPTION_HEIGHT : shapeTagHeight(d.node));

// A keyboard- and pointer-operable SVG button (role=button, Enter/Space).
const svgButton = (parent, { x, y, label, group, expanded, onPress }) => {
  const b = parent
    .append("g")
    .attr("class", `group-toggle${expanded ? " expanded" : ""}`)
    .attr("transform", `translate(${x},${y})`)
    .attr("role", "button")
    .attr("tabindex", 0)
    .attr("aria-label", label)
    .attr("aria-expanded", expanded ? "true" : "false")
    .on("click", (event) => {
      event.stopPropagation();
      onPress();
    })
    .on("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        event.stopPropagation();
        refocus = group;
        onPress();
      }
    });
  b.append("title").text(label);
  b.append("circle").attr("r", TOGGLE_R);
  b.append("path").attr("d", expanded ? "M-5,0H5" : "M-5,0H5M0,-5V5");
  if (refocus === group) {
    refocus = null;
    b.node().focus();
  }
  return b;
};

/**
 * Draws the frame of each expanded unit (title and a Collapse toggle) into `frameLayer`, and an
 * Expand toggle on each collapsed unit into `toggleLayer`. `onToggle(groupName)`.
 */
export const drawGroups = (frameLayer, toggleLayer, index, positions, onToggle) => {
  frameLayer.selectAll("*").remove();
  toggleLayer.selectAll("*").remove();
  const series = index.trace.series ?? new Map(); // view/series.js seriesInfo, for their names
  for (const [name, f] of positions.groups ?? []) {
    const chain = name.startsWith("chain:"); // an n-ary gate shown gate by gate (view/display.js)
    const run = series.get(name); // a series of statements shown statement by statement
    const g = frameLayer
      .append("g")
      .attr("class", `frame kind-${name === "loss" ? "loss" : chain ? "chain" : run ? "series" : "unit"}`)
      .attr("data-group", name);
    g.append("rect").attr("x", f.x).attr("y", f.y).attr("width", f.width).attr("height", f.height).attr("rx", 14);
    // A series' frame is the box round rows of the fast layout, with the leaves' column at its
    // left: its title sits by its Collapse toggle on the right.
    g.append("text")
      .attr("class", "frame-title")
      .attr("x", run ? f.x + f.width - 40 : f.x + 14)
      .attr("y", f.y + 24)
      .attr("text-anchor", run ? "end" : null)
      .text(chain ? "one sum, gate by gate" : run ? `series ${run.label}: ${run.statements} statements` : name);
    const label = chain ? "Merge into one gate" : run ? `Collapse the series ${run.label}` : `Collapse ${name}`;
    svgButton(toggleLayer, {
      x: f.x + f.width - 20,
      y: f.y + 19,
      label,
      group: name,
      expanded: true,
      onPress: () => onToggle(name),
    });
  }
  for (const node of index.trace.nodes) {
    if (node.kind !== "group") continue;
    const box = positions.nodes.get(node.id);
    if (!box) continue;
    const cx = box.x + box.shape.x + box.shape.width;
    const label = node.chain
      ? `Expand the ${node.symbol} of ${node.terms} terms`
      : node.series
        ? `Expand the series ${node.label} (${node.statements} statements)`
        : `Expand ${node.group}`;
    svgButton(toggleLayer, {
      x: cx - 4,
      y: box.y + box.shape.y + 4,
      label,
      group: node.group,
      expanded: false,
      onPress: () => onToggle(node.group),
    });
  }
};

/** Draws a collapsed unit: a neuron circle with its name and activation inside. */
export const drawNeuron = (g, d) => {
  const { width: w, height: h } = d.box.shape;
  const node = d.node;
  g.classed("kind-group", true).attr("data-group", node.group);
  g.append("circle")
    .attr("class", "shape neuron")
    .attr("cx", w / 2)
    .attr("cy", h / 2)
    .attr("r", w / 2);
  g.append("text")
    .attr("class", "name inside neuron-name")
    .attr("x", w / 2)
    .attr("y", h / 2 - 6)
    .text(node.label);
  const sub =
    node.group === "loss" ? "loss" : node.activation === "add" ? "linear" : (node.symbol ?? node.activation ?? "");
  g.append("text")
    .attr("class", "neuron-act")
    .attr("x", w / 2)
    .attr("y", h / 2 + 13)
    .text(sub);
  g.append("text")
    .attr("class", "inner-step")
    .attr("x", w / 2)
    .attr("y", -9);
};

/**
 * Draws a collapsed series as a deck of cards: the front card holds its name (`a2 … a300`), the
 * count of statements, and the value and gradient of its output (filled in by updateBelow).
 */
export const drawSeries = (g, d) => {
  const { width: w, height: h } = d.box.shape;
  const node = d.node;
  const o = DECK_OFFSET;
  g.attr("data-group", node.group);
  for (const k of [2, 1])
    g.append("rect")
      .attr("class", "deck-card")
      .attr("x", k * o)
      .attr("y", (2 - k) * o)
      .attr("width", w - 2 * o)
      .attr("height", h - 2 * o)
      .attr("rx", 6);
  g.append("rect")
    .attr("class", "shape")
    .attr("y", 2 * o)
    .attr("width", w - 2 * o)
    .attr("height", h - 2 * o)
    .attr("rx", 6);
  const cx = (w - 2 * o) / 2;
  const top = 2 * o;
  const line = (cls, y, text = "") =>
    g
      .append("text")
      .attr("class", cls)
      .attr("x", cx)
      .attr("y", top + y)
      .text(text);
  line("series-name", 24, node.label);
  line("series-count", 43, `×${node.statements} statements`);
  line("node-value", 62);
  line("node-grad", 79);
  g.append("text").attr("class", "inner-step").attr("x", cx).attr("y", -9);
};

/** Adds what sits under a node's shape: its tensor shape (`4×3`) or a value/gradient caption. */
export const drawBelow = (g, d) => {
  const { width: w, height: h } = d.box.shape;
  if (d.box.caption) {
    g.append("text")
      .attr("class", "node-value")
      .attr("x", w / 2)
      .attr("y", h + 16);
    g.append("text")
      .attr("class", "node-grad")
      .attr("x", w / 2)
      .attr("y", h + 34);
  } else if (d.node.shape?.length) {
    g.append("text")
      .attr("class", "shape-tag")
      .attr("x", w / 2)
      .attr("y", h + SHAPE_TAG_HEIGHT - 3)
      .text(formatShape(d.node.shape));
  }
};

/** Fills captions and the inner-step line of collapsed units for the state after a step. */
export const updateBelow = (nodeSel, state) => {
  const cur = state.current;
  nodeSel
    .select("text.node-value")
    .classed("unknown", (d) => !state.values.has(d.id))
    .text((d) => (state.values.has(d.id) ? formatValue(state.values.get(d.id)) : "?"));
  nodeSel
    .select("text.node-grad")
    .classed("unknown", (d) => !state.grads.has(d.id))
    .text((d) => (state.grads.has(d.id) ? formatValue(state.grads.get(d.id)) : "?"));
  nodeSel
    .select("text.inner-step")
    .classed("backward", cur?.phase === "backward")
    .text((d) => (cur?.inner && cur.node === d.id ? (cur.caption ?? "") : ""));
};
