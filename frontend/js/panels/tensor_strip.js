// "Heatmaps": every tensor of an expression program as small value and gradient heatmaps under the
// graph, in program order, the gate being computed marked — the numbers behind the ‖·‖ on the wires.
import { heatmap } from "./heatmap.js";
import { describeNode } from "../narrate.js";

const html = (tag, attrs = {}, text = null) => {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (text !== null) el.textContent = text;
  return el;
};

const isTensor = (node) => Boolean(node.shape?.length);

/**
 * Adds the "Heatmaps" toggle to `tools` and the strip after `after`. render(index, state) after
 * each step draws, per tensor node, its value and (once known) its gradient; the toggle is
 * disabled for programs without tensors. Returns { render, destroy }.
 */
export const createTensorStrip = ({ tools, after }) => {
  const toggle = html(
    "button",
    {
      type: "button",
      class: "ghost small heatmaps-toggle",
      "aria-pressed": "false",
      title: "Show every tensor's values and gradients as heatmaps",
    },
    "Heatmaps",
  );
  tools.append(toggle);
  const strip = html("section", { class: "tensor-strip", "aria-label": "Tensor heatmaps", tabindex: "0" });
  strip.hidden = true;
  after.after(strip);
  let on = false;
  let last = null;
  let drawn = null; // signature of what is drawn, to skip redrawing an unchanged strip

  const render = (index, state) => {
    last = { index, state };
    const tensors = index ? index.trace.nodes.filter(isTensor) : [];
    toggle.disabled = tensors.length === 0;
    strip.hidden = !on || tensors.length === 0;
    if (strip.hidden) return;
    const sig = JSON.stringify([
      index.trace.output,
      state.k,
      tensors.map((n) => [state.values.has(n.id), state.grads.has(n.id)]),
    ]);
    if (sig === drawn) return;
    drawn = sig;
    const out = index.nodes.get(index.outputId)?.label ?? "f";
    const items = tensors.map((node) => {
      const name = node.label ?? describeNode(node, index);
      const item = html("div", {
        class: `tensor-item${state.current?.node === node.id ? " current" : ""}`,
        "data-node-id": node.id,
      });
      item.append(html("h4", { class: "tensor-name" }, name));
      const maps = html("div", { class: "heatmap-row" });
      maps.append(
        state.values.has(node.id)
          ? heatmap(state.values.get(node.id), { name: node.label ?? "", kind: "value", caption: "value" })
          : html("p", { class: "muted" }, "value: ?"),
      );
      maps.append(
        state.grads.has(node.id)
          ? heatmap(state.grads.get(node.id), { name: node.label ?? "", kind: "grad", caption: `∂${out}/∂·` })
          : html("p", { class: "muted" }, "gradient: ?"),
      );
      item.append(maps);
      return item;
    });
    strip.replaceChildren(...items);
    const current = strip.querySelector(".tensor-item.current");
    if (current) strip.scrollLeft = Math.max(0, current.offsetLeft - strip.offsetLeft - 12); // the strip only, not the page
  };

  toggle.addEventListener("click", () => {
    on = !on;
    toggle.setAttribute("aria-pressed", String(on));
    drawn = null;
    if (last) render(last.index, last.state);
  });

  return { render, destroy: () => (strip.remove(), toggle.remove()) };
};
