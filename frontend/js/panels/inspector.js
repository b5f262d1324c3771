// Inspector: a clicked node's op, value, gradient, local-derivative formulas (KaTeX) and chain rule.
import { formatValue, formatSum } from "../format.js";
import { describeNode } from "../narrate.js";
import { isTensorNode, renderTensorBody } from "./tensor_inspector.js";
import { el, panelHead, tex, texName, texNum, texTerm } from "./dom.js";

const LETTERS = ["a", "b", "c", "d"];

const row = (label, value, cls = "") => {
  const dt = el("dt", "", label);
  const dd = el("dd", cls, value);
  return [dt, dd];
};

/** Returns { show(index, state, nodeId, ops), hide() } bound to `box` (an <aside>); onClose() on ✕. */
export const createInspector = ({ box, onClose }) => {

  const hide = () => {
    box.hidden = true;
    box.replaceChildren();
  };

  const show = (index, state, nodeId, ops = {}) => {
    const node = index.nodes.get(nodeId);
    if (!node) return hide();
    box.replaceChildren();
    box.hidden = false;
    const kind = node.kind === "op" ? `${node.symbol ?? node.op} gate${node.label ? ` · ${node.label}` : ""}` : node.kind === "input" ? `input ${node.label}` : `constant`;
    box.append(panelHead("inspector-head", kind, "Close inspector", onClose));

    if (isTensorNode(node)) return renderTensorBody(box, index, state, nodeId, ops); // heatmaps, matrix formulas
    const value = state.values.get(nodeId);
    const grad = state.grads.get(nodeId);
    const dl = el("dl", "facts");
    if (node.op) dl.append(...row("op", `${node.op}${ops[node.op]?.description ? ` — ${ops[node.op].description}` : ""}`));
    dl.append(...row("value", value === undefined ? "not computed yet" : formatValue(value), "value"));
    const terms = state.terms.get(nodeId) ?? [];
    const gradText = grad === undefined ? "not computed yet" : terms.length > 1 ? formatSum(terms, grad) : formatValue(grad);
    dl.append(...row("gradient", gradText, "grad"));
    if (node.shape?.length) dl.append(...row("shape", node.shape.join(" × ")));
    box.append(dl);

    const inputs = index.inEdges.get(nodeId).map((e) => ({ edge: e, source: index.nodes.get(e.source) }));
    const info = ops[node.op];
    if (node.kind === "op" && info) {
      box.append(el("h3", "", "Local derivatives"));
      info.latex.forEach((formula) => box.append(tex(formula, true)));
      if (info.pattern) box.append(el("p", "pattern", `${info.pattern[0].toUpperCase()}${info.pattern.slice(1)}.`));
      const backward = index.trace.steps.find((s) => s.phase === "backward" && s.node === nodeId);
      if (inputs.length) {
        const names = inputs.map(({ edge, source }) => `${LETTERS[edge.index] ?? `x_${edge.index}`} = ${texName(source)} = ${texNum(state.values.get(source.id))}`);
        box.append(el("h3", "", "With the numbers"));
        box.append(tex(names.join(",\\quad "), true));
      }
      const done = backward && state.k >= index.trace.steps.indexOf(backward) + 1;
      box.append(el("h3", "", "Chain rule, per input"));
      if (!backward) box.append(el("p", "muted", "This gate does not reach the output: its gradient is 0."));
      else if (!done) box.append(el("p", "muted", "Step on into the backward pass to see the gradient flow through this gate."));
      else {
        for (const c of backward.contributions ?? []) {
          const edge = index.edges.get(c.edge);
          const target = index.nodes.get(c.target);
          const letter = LETTERS[edge.index] ?? `x_${edge.index}`;
          const local = c.local === null || c.local === undefined ? "J^\\top" : texTerm(c.local);
          box.append(tex(`\\frac{\\partial f}{\\partial ${letter}} = \\underbrace{${texNum(backward.grad)}}_{\\text{upstream}} \\times \\underbrace{${local}}_{\\text{local}} = ${texNum(c.grad)} \\;\\rightarrow\\; ${texName(target)}`, true));
        }
      }
    } else if (node.kind !== "op") {
      const out = index.outEdges.get(nodeId);
      box.append(el("h3", "", "Gradient"));
      if (terms.length > 1) {
        box.append(tex(`\\frac{\\partial f}{\\partial ${texName(node)}} = ${terms.map(texTerm).join(" + ")} = ${texNum(grad)}`, true));
        box.append(el("p", "pattern", `${describeNode(node)} feeds ${out.length} wires, so its gradient is the sum of what comes back along each: gradients add at branches.`));
      } else if (grad !== undefined) {
        box.append(tex(`\\frac{\\partial f}{\\partial ${texName(node)}} = ${texNum(grad)}`, true));
      } else {
        box.append(el("p", "muted", "Not computed yet: it arrives during the backward pass."));
      }
    }
  };

  return { show, hide };
};
