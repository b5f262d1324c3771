// Draws a gradient step on the graph: a card beside each parameter node (w, ∂J/∂w, w − α∂J/∂w) and the loss.
import { formatValue, formatTerm } from "../format.js";
import { svgEl } from "./dom.js";

const LINE = 18;
const PAD = 7;
const GAP = 10;

// A node's drawn box in graph coordinates, from its translate() and its shape.
const nodeBox = (svg, id) => {
  const g = svg.querySelector(`g.node[data-node-id="${CSS.escape(id)}"]`);
  if (!g) return null;
  const m = /translate\(([-\d.e]+),\s*([-\d.e]+)\)/.exec(g.getAttribute("transform") ?? "");
  const shape = g.querySelector(".shape")?.getBBox();
  if (!m || !shape) return null;
  return { x: Number(m[1]) + shape.x, y: Number(m[2]) + shape.y, width: shape.width, height: shape.height };
};

// A card of text lines with a rounded background sized to the widest line.
const card = (layer, lines, { cls, anchor }) => {
  const g = svgEl("g", { class: cls });
  layer.append(g);
  const bg = svgEl("rect", { class: "step-card-bg", rx: 6 });
  g.append(bg);
  const texts = lines.map(([text, lineCls], i) => {
    const t = svgEl("text", { class: `step-line ${lineCls}`, x: PAD, y: PAD + LINE * i + 12 }, text);
    g.append(t);
    return t;
  });
  const width = Math.max(...texts.map((t) => t.getComputedTextLength())) + PAD * 2;
  const height = LINE * lines.length + PAD * 2 - 3;
  bg.setAttribute("width", String(width));
  bg.setAttribute("height", String(height));
  const x = anchor === "left" ? -width : anchor === "center" ? -width / 2 : 0;
  return {
    g,
    width,
    height,
    place: (px, py) => g.setAttribute("transform", `translate(${px + x},${py - height / 2})`),
  };
};

const meets = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
// Whether cards cover each other or any drawn node (a card sits beside its own node, never on it).
const overlapping = (boxes, nodes) =>
  boxes.some((a, i) => boxes.slice(i + 1).some((b) => meets(a, b)) || nodes.some((n) => meets(a, n)));

/**
 * Draws the step's cards in the graph view's overlay layer (replacing earlier ones) and refits.
 * `cards` from descent.stepCards; `loss` = {label, before, after}; `alpha` the learning rate.
 */
export const drawStepOverlay = (view, cards, loss, alpha) => {
  const layer = view.overlay();
  const svg = view.svg();
  const placed = cards.map((c) => ({ c, box: nodeBox(svg, c.nodeId) })).filter((p) => p.box);
  const nodes = [...svg.querySelectorAll("g.node")].map((g) => nodeBox(svg, g.dataset.nodeId)).filter(Boolean);
  // Three densities: a three-line card, a one-line card, and (when even that covers nodes, as in
  // a fully expanded neuron diagram) just the new value under the parameter's node.
  const drawCards = (density) => {
    layer.replaceChildren();
    return placed.map(({ c, box }) => {
      const compact = density !== "full";
      // A scalar step writes the arithmetic out: new w0 = 0.5 − 0.1 × (-1.1) = 0.61.
      const update = Array.isArray(c.w)
        ? `new ${c.name} = ${c.name} − α·${c.gradLabel} = ${formatValue(c.wNew)}`
        : `${compact ? `${c.name}: ` : `new ${c.name} = `}${formatValue(c.w)} − ${formatValue(alpha)} × ${formatTerm(c.grad)} = ${formatValue(c.wNew)}`;
      const lines =
        density === "tag"
          ? [[`→ ${formatValue(c.wNew)}`, "new"]]
          : compact
            ? [[update, "new"]]
            : [
                [`${c.name} = ${formatValue(c.w)}`, "w"],
                [`${c.gradLabel} = ${formatValue(c.grad)}`, "grad"],
                [update, "new"],
              ];
      const tag = density === "tag";
      const k = card(layer, lines, {
        cls: `step-card${compact ? " compact" : ""}${tag ? " tag" : ""}`,
        anchor: tag ? "center" : "left",
      });
      Object.assign(k.g.dataset, {
        nodeId: c.nodeId,
        param: c.name,
        w: String(c.w),
        grad: String(c.grad),
        wNew: String(c.wNew),
      });
      if (tag) {
        k.g.append(svgEl("title", {}, update));
        k.place(box.x + box.width / 2, box.y + box.height + 3 + k.height / 2);
        return null;
      }
      k.place(box.x - GAP, box.y + box.height / 2);
      return { x: box.x - GAP - k.width, y: box.y + box.height / 2 - k.height / 2, width: k.width, height: k.height };
    });
  };
  // Dense graphs (a neuron diagram's weights) get one-line cards, which still show w, ∂J/∂w and the new w.
  if (placed.length > 60 || overlapping(drawCards("full"), nodes)) {
    if (overlapping(drawCards("compact"), nodes)) drawCards("tag");
  }
  const mark = svg.querySelector("text.output-mark");
  if (mark && loss) {
    const change = loss.after - loss.before;
    const k = card(
      layer,
      [
        [`${loss.label} before: ${formatValue(loss.before)}`, "before"],
        [`${loss.label} after: ${formatValue(loss.after)}`, "after"],
        [`change: ${change > 0 ? "+" : ""}${formatValue(change)}`, change <= 0 ? "down" : "up"],
      ],
      { cls: "step-card loss-card", anchor: "right" },
    );
    k.g.dataset.before = String(loss.before);
    k.g.dataset.after = String(loss.after);
    const x = Number(mark.getAttribute("x"));
    const y = Number(mark.getAttribute("y"));
    k.place(x - 6, y + 26 + k.height / 2);
  }
  view.fit();
  return placed.length;
};

/** Removes the step's cards. */
export const clearStepOverlay = (view) => {
  const layer = view.overlay();
  if (layer.childElementCount) {
    layer.replaceChildren();
    view.fit();
  }
};
