// Inspector: a clicked node's op, value, gradient, local-derivative formulas (KaTeX) and chain rule.
import { formatValue, formatSum, formatTerm } from "../format.js";
import { describeNode, gateExpression } from "../narrate.js";
import { isTensorNode, renderTensorBody } from "./tensor_inspector.js";
import { alignedSteps, localSteps, operandLetter, operandsWithNumbers } from "../local_math.js";
import { pathsToOutput } from "../paths.js";
import { el, panelHead, tex, texName, texNum, texTerm } from "./dom.js";

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
    const kind =
      node.kind === "op"
        ? `${node.symbol ?? node.op} gate${node.label ? ` · ${node.label}` : ""}`
        : node.kind === "input"
          ? `input ${node.label}`
          : `constant`;
    box.append(panelHead("inspector-head", kind, "Close inspector", onClose));

    if (isTensorNode(node)) return renderTensorBody(box, index, state, nodeId, ops); // heatmaps, matrix formulas
    const value = state.values.get(nodeId);
    const grad = state.grads.get(nodeId);
    const dl = el("dl", "facts");
    if (node.op)
      dl.append(...row("op", `${node.op}${ops[node.op]?.description ? ` — ${ops[node.op].description}` : ""}`));
    dl.append(...row("value", value === undefined ? "not computed yet" : formatValue(value), "value"));
    const why = nanReason(index, state, node, ops);
    if (why) dl.append(...row("why NaN", why));
    const terms = state.terms.get(nodeId) ?? [];
    const gradText =
      grad === undefined ? "not computed yet" : terms.length > 1 ? formatSum(terms, grad) : formatValue(grad);
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
        // Operands by placeholder letter (and name where they have one), then each local derivative filled in.
        const operandValues = inputs.map(({ source }) => state.values.get(source.id));
        box.append(el("h3", "", "With the numbers"));
        box.append(
          tex(operandsWithNumbers(inputs.map(({ source }, i) => ({ node: source, value: operandValues[i] }))), true),
        );
        const computed = state.values.has(nodeId);
        info.latex.forEach((formula, i) => {
          const c = backward?.contributions?.find((x) => index.edges.get(x.edge)?.index === i);
          const steps = localSteps(formula, {
            expression: info.expression_latex,
            inputs: operandValues,
            output: computed ? value : undefined,
            local: computed ? c?.local : undefined,
          });
          if (steps.length > 1) box.append(tex(alignedSteps(steps), true));
        });
      }
      const done = backward && state.k >= index.trace.steps.indexOf(backward) + 1;
      box.append(el("h3", "", "Chain rule, per input"));
      if (!backward) box.append(el("p", "muted", "This gate does not reach the output: its gradient is 0."));
      else if (!done)
        box.append(el("p", "muted", "Step on into the backward pass to see the gradient flow through this gate."));
      else {
        for (const c of backward.contributions ?? []) {
          if (!state.edgeGrads.has(c.edge)) continue; // not shown yet (Predict mode)
          const edge = index.edges.get(c.edge);
          const target = index.nodes.get(c.target);
          const letter = operandLetter(edge.index);
          const local = c.local === null || c.local === undefined ? "J^\\top" : texTerm(c.local);
          // An unnamed gate is named by what it computes (w0 × x0 + …), never by its symbol alone.
          const to =
            target.label || target.kind === "const"
              ? texName(target)
              : `\\text{${gateExpression(index, target, ops, 2).replace(/[{}\\$&#%~^_]/g, "")}}`;
          box.append(
            tex(
              alignedSteps([
                `\\frac{\\partial f}{\\partial ${letter}}`,
                `\\underbrace{${texNum(backward.grad)}}_{\\text{upstream}} \\times \\underbrace{${local}}_{\\text{local}}`,
                `${texNum(c.grad)} \\;\\rightarrow\\; ${to}`,
              ]),
              true,
            ),
          );
        }
      }
    } else if (node.kind !== "op") {
      const out = index.outEdges.get(nodeId);
      box.append(el("h3", "", "Gradient"));
      if (terms.length > 1) {
        box.append(
          tex(
            `\\frac{\\partial f}{\\partial ${texName(node)}} = ${terms.map(texTerm).join(" + ")} = ${texNum(grad)}`,
            true,
          ),
        );
        box.append(
          el(
            "p",
            "pattern",
            `${describeNode(node)} feeds ${out.length} wires, so its gradient is the sum of what comes back along each: gradients add at branches.`,
          ),
        );
      } else if (grad !== undefined) {
        box.append(tex(`\\frac{\\partial f}{\\partial ${texName(node)}} = ${texNum(grad)}`, true));
      } else {
        box.append(el("p", "muted", "Not computed yet: it arrives during the backward pass."));
      }
    }
  };

  // The gradient as a sum over paths: each path's product of local derivatives (lit on the graph).
  const showPaths = (index, state, nodeId) => {
    if (nodeId === index.outputId || !state.grads.has(nodeId) || Array.isArray(state.grads.get(nodeId))) return;
    const { paths, count, sum, complete } = pathsToOutput(index, nodeId, 12);
    if (!count) return;
    const node = index.nodes.get(nodeId);
    const out = index.nodes.get(index.outputId);
    box.append(el("h3", "", count === 1 ? "Its one path to the output" : `Its ${count} paths to the output`));
    const list = el("ol", "path-list");
    for (const p of paths) {
      const names = p.nodes.map((id) => {
        const n = index.nodes.get(id);
        return n.label ?? n.symbol ?? n.op;
      });
      const factors = p.locals.map((l) => (l === null ? "?" : formatTerm(l))).join(" × ");
      list.append(
        el("li", "", `${names.join(" → ")}: ${factors} = ${p.product === null ? "?" : formatValue(p.product)}`),
      );
    }
    box.append(list);
    if (paths.length < count) box.append(el("p", "muted", `and ${count - paths.length} more paths.`));
    if (complete) {
      box.append(
        el(
          "p",
          "pattern",
          `Each path multiplies the local derivatives along it; the paths add up: ${paths.map((p) => formatTerm(p.product)).join(" + ")} = ${formatValue(sum)} = ∂${out.label ?? "f"}/∂${node.label ?? describeNode(node)}.`,
        ),
      );
    }
  };

  return {
    show: (index, state, nodeId, ops = {}) => (
      show(index, state, nodeId, ops),
      box.hidden || showPaths(index, state, nodeId)
    ),
    hide,
  };
};

// Why a gate's value is NaN when its inputs are not: the op's undefined_where from the registry.
const nanReason = (index, state, node, ops) => {
  const isNaNValue = (v) => (Array.isArray(v) ? v.some(isNaNValue) : Number.isNaN(Number(v)));
  if (node.kind !== "op" || !state.values.has(node.id) || !isNaNValue(state.values.get(node.id))) return null;
  const inputs = index.inEdges.get(node.id).map((e) => state.values.get(e.source));
  if (inputs.some(isNaNValue)) return "an input is NaN, and NaN spreads through every operation";
  return ops[node.op]?.undefined_where || `${node.op} is not defined at these inputs`;
};
