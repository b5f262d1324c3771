// The legend: what the colours, "?" and the branch-sum badge mean, and each gate's symbol.
import { el } from "./dom.js";

const ENTRIES = [
  ["swatch value", "-2", "forward value, above the wire"],
  ["swatch grad", "-4", "gradient sent back, below the wire"],
  ["swatch unknown", "?", "not computed yet"],
  ["swatch sum", "1 + (-4) = -3", "gradients add at branches"],
];

/** Fills #legend; `ops` (from /api/v1/ops) lists the gate symbols. */
export const renderLegend = (ops = []) => {
  const root = document.getElementById("legend");
  root.replaceChildren();
  root.append(el("h2", "panel-title", "Legend"));
  const list = el("ul", "legend-list");
  for (const [cls, sample, text] of ENTRIES) {
    const item = el("li");
    item.append(el("span", cls, sample), el("span", "legend-text", text));
    list.append(item);
  }
  root.append(list);
  const gates = ops.filter((op) => op.syntax !== "none");
  if (gates.length) {
    const symbols = el("ul", "legend-gates");
    symbols.setAttribute("aria-label", "Gate symbols");
    for (const op of gates) {
      const item = el("li");
      item.title = `${op.description}: ${op.pattern}`;
      item.append(el("span", "gate-symbol", op.symbol), el("span", "gate-name", op.name));
      symbols.append(item);
    }
    root.append(symbols);
  }
};
