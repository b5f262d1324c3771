// What a step changes on one drawn wire or gate: classes, data-value / data-grad, the wire's
// numbers, the running-sum badge and the accessible name. graph_svg decides which to rewrite.
import { formatValue, toNumber } from "../format.js";
import { formatWire } from "../tensor.js";
import { nodeAriaLabel } from "./graph_elements.js";

// data-value / data-grad: a scalar exactly (shortest round trip, for tests and scripts to compare
// with the API), a tensor as its label says; the type on screen is rounded by formatValue.
export const dataNumber = (v) => (v === undefined ? "" : Array.isArray(v) ? formatValue(v) : String(toNumber(v)));

/** A wire's <g>: known value and gradient (undefined while not), whether the step uses it. */
export const writeEdgeLook = (el, { value: v, grad: gr, active: on, backward: back }) => {
  el.classList.toggle("has-value", v !== undefined);
  el.classList.toggle("has-grad", gr !== undefined);
  el.classList.toggle("active", on);
  el.classList.toggle("backward", back);
  el.dataset.value = dataNumber(v);
  el.dataset.grad = dataNumber(gr);
  el.firstChild.setAttribute("marker-end", on ? "url(#cr-arrow-active)" : "url(#cr-arrow)");
  const [tv, tg] = [el.querySelector("text.wire-value"), el.querySelector("text.wire-grad")];
  if (tv) (tv.classList.toggle("unknown", v === undefined), (tv.textContent = v === undefined ? "?" : formatWire(v)));
  if (tg)
    (tg.classList.toggle("unknown", gr === undefined), (tg.textContent = gr === undefined ? "?" : formatWire(gr)));
};

/** A gate's or leaf's <g>: what is known of it, its part in the step, its running sum's text. */
export const writeNodeLook = (el, { value, grad, active, receiving, selected, badge, complete }) => {
  const has = value !== undefined;
  const hasG = grad !== undefined;
  el.classList.toggle("has-value", has);
  el.classList.toggle("has-grad", hasG);
  el.classList.toggle("active", active);
  el.classList.toggle("receiving", receiving);
  el.classList.toggle("selected", selected);
  if (active) el.setAttribute("aria-current", "step");
  else el.removeAttribute("aria-current");
  el.dataset.value = has ? dataNumber(value) : "";
  el.dataset.grad = hasG ? dataNumber(grad) : "";
  const b = el.querySelector("g.sum-badge");
  if (!b) return;
  b.classList.toggle("visible", Boolean(badge));
  b.classList.toggle("complete", complete);
  const text = b.querySelector("text.sum-text");
  text.textContent = badge;
  const width = badge ? text.getComputedTextLength() + 12 : 0;
  const rect = b.querySelector("rect.sum-bg");
  rect.setAttribute("x", String(-width / 2));
  rect.setAttribute("width", String(width));
};

/**
 * Names a node once its texts are final: the name contains the visible text, word by word (a
 * space between the drawn texts, unrendered in SVG, keeps "W1" and "4×3" two words, not "W14×3").
 */
export const nameNode = (el, node, value, grad) => {
  for (const child of el.children)
    if (child.previousSibling?.nodeType !== 3) el.insertBefore(document.createTextNode(" "), child);
  const shown = [...el.children]
    .filter((c) => c.tagName === "text")
    .map((t) => t.textContent.trim())
    .filter(Boolean)
    .join(" ");
  el.setAttribute("aria-label", nodeAriaLabel(node, value, grad, shown));
};
