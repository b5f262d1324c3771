// SVG elements of one node or one wire (d3), the path strings of the overview, and the text
// size classes that hide type smaller than READABLE_PX at the current zoom.
import { formatValue } from "../format.js";
import { OUTPUT_EDGE } from "../layout.js";
import { drawNeuron, drawSeries, drawBelow, belowShape } from "../render_groups.js";
import { READABLE_PX } from "./camera.js";
import { TOOTH_WIDTH } from "./layout_comb.js";

const CORNER = 7;

// Designed font sizes (px in graph space) of the graph's text classes; view.css hides each class
// while `hide-<size>` is on the <svg>, i.e. while size × zoom < READABLE_PX.
export const TEXT_SIZES = [12, 13, 14, 15, 19, 20];
export const hiddenSizes = (k) => TEXT_SIZES.filter((size) => size * k < READABLE_PX - 1e-9);

/** Path through points with rounded corners (cs231n's orthogonal wires). */
export const roundedPath = (points) => {
  if (points.length < 2) return "";
  let d = `M${points[0].x},${points[0].y}`;
  for (let i = 1; i < points.length - 1; i += 1) {
    const [a, b, c] = [points[i - 1], points[i], points[i + 1]];
    const r = Math.min(CORNER, Math.hypot(b.x - a.x, b.y - a.y) / 2, Math.hypot(c.x - b.x, c.y - b.y) / 2);
    const p1 = toward(b, a, r);
    const p2 = toward(b, c, r);
    d += `L${p1.x},${p1.y}Q${b.x},${b.y} ${p2.x},${p2.y}`;
  }
  const last = points[points.length - 1];
  return `${d}L${last.x},${last.y}`;
};

const toward = (from, to, r) => {
  const len = Math.hypot(to.x - from.x, to.y - from.y) || 1;
  return { x: from.x + ((to.x - from.x) * r) / len, y: from.y + ((to.y - from.y) * r) / len };
};

/** A wire's points from the source's drawn shape to the target's (a gate's circle edge). */
export const clipToShapes = (points, from, to) => {
  if (points.length < 2) return points;
  const first = { x: from ? from.x + from.shape.x + from.shape.width : points[0].x, y: points[0].y };
  const end = points[points.length - 1];
  let x = end.x;
  if (to) {
    const s = to.shape;
    x = to.x + s.x;
    if (s.kind === "circle") {
      const r = s.width / 2;
      const dy = end.y - (to.y + s.y + s.height / 2);
      x += r - Math.sqrt(Math.max(0, r * r - dy * dy));
    }
    if (s.kind === "comb") x = end.x; // a term ends at its own tooth, inside the comb's box
  }
  return [first, ...points.slice(1, -1), { x, y: end.y }];
};

/** The overview's path of shapes (circles and pills) for the boxes of `ids`: one <path>. */
export const shapesPath = (ids, boxes) => {
  let d = "";
  for (const id of ids) {
    const b = boxes.get(id);
    if (!b) continue;
    const s = b.shape;
    const x = b.x + s.x;
    const y = b.y + s.y;
    if (s.kind === "circle") {
      const r = s.width / 2;
      d += `M${x},${y + r}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`;
    } else if (s.kind === "comb") d += combPath(s, x, y);
    else d += `M${x},${y}h${s.width}v${s.height}h${-s.width}Z`;
  }
  return d;
};

/** A comb's outline at (x, y): its rail along the top and a bar per tooth. */
export const combPath = (s, x, y) => {
  let d = `M${x},${y}h${s.width}v${s.top}h${-s.width}Z`;
  for (const t of s.teeth) d += `M${x + t.x},${y}h${TOOTH_WIDTH}v${s.height}h${-TOOTH_WIDTH}Z`;
  return d;
};

/** The overview's path of wires (straight segments, no rounding: it is drawn small). */
export const wiresPath = (ids, wires) => {
  let d = "";
  for (const id of ids) {
    const w = wires.get(id);
    if (!w || w.points.length < 2) continue;
    d += `M${w.points[0].x},${w.points[0].y}`;
    for (let i = 1; i < w.points.length; i += 1) d += `L${w.points[i].x},${w.points[i].y}`;
  }
  return d;
};

/** How a node is named for assistive technology, with what is known of it. */
// Words of a text as axe and speech input compare them (case and punctuation aside).
const words = (text) =>
  String(text)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();

/**
 * A node's accessible name. `shown` is its visible text (symbol, name, shape) in order: when the
 * description does not already contain it, it leads, so the name holds what a sighted user reads
 * (WCAG 2.5.3 label in name; axe's label-content-name-mismatch).
 */
export const nodeAriaLabel = (node, value, grad, shown = "") => {
  const base = describeNode(node, value, grad);
  return shown && !` ${words(base)} `.includes(` ${words(shown)} `) ? `${shown}, ${base}` : base;
};

const describeNode = (node, value, grad) => {
  const name =
    node.kind === "group"
      ? node.chain
        ? `${node.label ? `${node.label}, ` : ""}${node.symbol} gate of ${node.terms} terms`
        : node.series
          ? `series ${node.label} of ${node.statements} statements`
          : `${node.group}, ${node.label}`
      : node.kind === "op"
        ? `${node.label ? `${node.label}, ` : ""}${node.symbol ?? node.op} gate`
        : node.kind === "const"
          ? `constant ${formatValue(node.value)}`
          : node.kind === "stub"
            ? `${node.label ?? "constant"} (another use of ${node.label ?? "it"})`
            : `input ${node.label}`;
  const v = value === undefined ? "value not yet computed" : `value ${formatValue(value)}`;
  const g = grad === undefined ? "gradient not yet computed" : `gradient ${formatValue(grad)}`;
  return `${name}: ${v}, ${g}`;
};

// One text of a node at [x, y] (a d3 selection of it, for what only some texts need).
const addText = (g, cls, [x, y], text) => g.append("text").attr("class", cls).attr("x", x).attr("y", y).text(text);

/** Appends a node's <g> to `layer` (a d3 selection); `d` = {id, node, box}. */
export const appendNode = (layer, d, { outputId, onSelect, onHover }) => {
  const { width: w, height: h } = d.box.shape;
  const n = d.node;
  const kindClass = n.kind === "group" && n.chain ? "op kind-chain" : n.series ? "group kind-series" : n.kind;
  const g = layer
    .append("g")
    .datum(d)
    .attr("class", `node kind-${kindClass}${n.op ? ` op-${n.op}` : ""}`)
    .attr("data-node-id", d.id)
    .attr("tabindex", 0)
    .attr("role", "button")
    .attr("transform", `translate(${d.box.x + d.box.shape.x},${d.box.y + d.box.shape.y})`)
    .on("click", (event) => {
      event.stopPropagation();
      onSelect(n.of ?? d.id);
    })
    .on("keydown", (event) => {
      if (event.key === "Enter") onSelect(n.of ?? d.id);
    })
    .on("pointerenter focus", () => onHover(d.id))
    .on("pointerleave blur", () => onHover(null));
  if (n.of) g.attr("data-of", n.of);
  const kind = d.box.shape.kind;
  if (n.series) drawSeries(g, d);
  else if (n.kind === "group" && !n.chain) drawNeuron(g, d);
  else if (kind === "comb" || kind === "bus" || kind === "circle") {
    // A gate: its shape, its symbol, its name above (the output's name is the output mark), and
    // the count of an n-ary gate's terms. Where each goes depends on the shape.
    const at =
      kind === "comb"
        ? { symbol: [w - TOOTH_WIDTH / 2, -14], name: [w - TOOTH_WIDTH / 2, -36], terms: [0, -8] }
        : { symbol: [w / 2, h / 2], name: [w / 2, -7], terms: [w / 2, h + (kind === "bus" ? 16 : 14)] };
    if (kind === "comb")
      g.append("path")
        .attr("class", "shape comb")
        .attr("d", combPath(d.box.shape, 0, 0));
    else if (kind === "bus")
      g.append("rect")
        .attr("class", "shape")
        .attr("width", w)
        .attr("height", h)
        .attr("rx", w / 2);
    else
      g.append("circle")
        .attr("class", "shape")
        .attr("cx", w / 2)
        .attr("cy", h / 2)
        .attr("r", w / 2);
    addText(g, "symbol", at.symbol, n.symbol ?? n.op);
    if (n.label && d.id !== outputId) addText(g, "name", at.name, n.label);
    if (n.chain)
      addText(g, "terms", at.terms, `${n.terms} terms`).attr("text-anchor", kind === "comb" ? "start" : null);
  } else {
    const isName = n.kind === "input" || (n.kind === "stub" && n.leafKind === "input");
    g.append("rect")
      .attr("class", "shape")
      .attr("width", w)
      .attr("height", h)
      .attr("rx", isName ? h / 2 : 4);
    g.append("text")
      .attr("class", isName ? "name inside" : "symbol")
      .attr("x", w / 2)
      .attr("y", h / 2)
      .text(isName ? n.label : formatValue(n.value));
  }
  drawBelow(g, d);
  if (!d.branch) return g; // only a node whose gradient arrives on several wires shows a running sum
  const badge = g
    .append("g")
    .attr("class", "sum-badge")
    .attr("transform", `translate(${w / 2},${h + belowShape(d) + 19})`);
  badge.append("rect").attr("class", "sum-bg").attr("y", -12).attr("height", 19).attr("rx", 4);
  badge.append("text").attr("class", "sum-text");
  return g;
};

/** Appends a wire's <g> (path, and value/gradient labels when `labelled`) to `layer`. */
export const appendEdge = (layer, d) => {
  const g = layer
    .append("g")
    .attr("class", `edge${d.id === OUTPUT_EDGE ? " output-edge" : ""}${d.wrap ? " wrap" : ""}`)
    .attr("data-edge-id", d.id);
  g.append("path").attr("class", "wire").attr("d", roundedPath(d.points)).attr("marker-end", "url(#cr-arrow)");
  if (d.labelled) {
    g.append("text")
      .attr("class", "wire-value")
      .attr("x", d.anchor.x)
      .attr("y", d.anchor.y - 6);
    g.append("text")
      .attr("class", "wire-grad")
      .attr("x", d.anchor.x)
      .attr("y", d.anchor.y + 16);
  }
  return g;
};
