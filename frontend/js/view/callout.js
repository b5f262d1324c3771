// A screen-space card for a node whose own text is too small to read at this zoom: the hovered or
// focused node, else the active gate. Its type is never smaller than READABLE_PX.
import { formatValue } from "../format.js";
import { toScreen } from "./camera.js";

const nameOf = (node) =>
  node.kind === "const"
    ? `constant ${formatValue(node.value)}`
    : node.kind === "op" || node.chain
      ? `${node.label ? `${node.label} · ` : ""}${node.symbol ?? node.op} gate`
      : (node.label ?? node.group ?? node.id);

/**
 * `box` is the callout element, `toolbar` the view's (it never covers it); `describe(id)` ->
 * {node, value, grad} | null. Returns
 * { hover(id | null), setActive(id | null), place() }.
 */
export const createCallout = (box, { graph, camera, describe, toolbar = null }) => {
  let hovered = null;
  let active = null;
  const place = () => {
    const id = hovered ?? active;
    const t = camera.transform();
    // Shown only while the gate's own symbol (19 px) is drawn smaller than 12 px.
    const info = id && t.k * 19 < 12 ? describe(id) : null;
    const rect = info ? graph.nodeRect(id) : null;
    if (!info || !rect) {
      box.hidden = true;
      return;
    }
    const s = toScreen(t, rect);
    const v = info.value === undefined ? "?" : formatValue(info.value);
    const g = info.grad === undefined ? "?" : formatValue(info.grad);
    box.replaceChildren();
    const title = document.createElement("strong");
    title.textContent = nameOf(info.node);
    const val = document.createElement("span");
    val.className = "value";
    val.textContent = `value ${v}`;
    const grad = document.createElement("span");
    grad.className = "grad";
    grad.textContent = `∂ ${g}`;
    box.append(title, val, grad);
    box.hidden = false;
    // Centred on the gate, but never cut off by the graph area's edges.
    const half = box.offsetWidth / 2;
    const area = box.parentElement?.clientWidth ?? Infinity;
    box.style.left = `${Math.round(Math.min(Math.max(s.x + s.width / 2, half + 4), area - half - 4))}px`;
    // Under the gate; above it when there is no room below (a tall comb, a gate at the bottom).
    const height = box.offsetHeight;
    const bottom = box.parentElement?.clientHeight ?? Infinity;
    const below = s.y + s.height + 6;
    const ceiling = toolbar ? toolbar.offsetTop + toolbar.offsetHeight + 4 : 4; // never over the toolbar
    const top =
      below + height <= bottom - 4 ? below : Math.max(ceiling, Math.min(s.y - height - 6, bottom - height - 4));
    box.style.top = `${Math.round(top)}px`;
  };
  return {
    hover(id) {
      hovered = id;
      place();
    },
    setActive(id) {
      active = id;
      place();
    },
    place,
  };
};
