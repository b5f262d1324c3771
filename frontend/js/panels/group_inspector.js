// Inspector body for a neuron (a group of the network diagram): its weighted sum, activation, δ and parameters.
import { formatValue } from "../format.js";
import { texLabel } from "../groups.js";
import { el, panelHead, tex, texTerm } from "./dom.js";

// The unit's products w·a (one per incoming wire), its bias and its pre-activation sum z.
const anatomy = (index, group) => {
  const members = new Set(group.members);
  const products = [];
  let bias = null;
  for (const id of group.members) {
    const node = index.nodes.get(id);
    const args = index.inEdges.get(id).map((e) => index.nodes.get(e.source));
    if (node.op === "mul" && args.length === 2) {
      const [w, a] = members.has(args[0].id) && args[0].kind === "input" ? args : [args[1], args[0]];
      products.push({ w, a });
    } else if (node.op === "add") {
      const b = args.find((a) => a.kind === "input" && members.has(a.id));
      if (b) bias = b;
    }
  }
  const out = index.nodes.get(group.output);
  const activated = out.op && !["add", "mul"].includes(out.op);
  const z = activated ? index.nodes.get(index.inEdges.get(out.id)[0]?.source) : out;
  return { products, bias, out, z, activated };
};

/**
 * Fills `box` for unit `group` (from groups.groupsOf) after the state's step, with the full
 * trace's index and state: the sum z = Σ w·a + b with numbers, the activation, δ = ∂E/∂z and a
 * table of the unit's parameters (value and gradient).
 */
export const renderGroupBody = (box, index, state, group, { expanded = false } = {}) => {
  const { products, bias, out, z, activated } = anatomy(index, group);
  const v = (node) => state.values.get(node?.id);
  const g = (node) => state.grads.get(node?.id);
  const outName = index.nodes.get(index.outputId)?.label ?? "f";
  box.append(
    el(
      "p",
      "pattern",
      expanded
        ? "Expanded: its gates are drawn inside the frame."
        : "Collapsed: one node; its gates' steps show on it. Use the + on the node to expand it.",
    ),
  );
  if (products.length) {
    const sum =
      products.map(({ w, a }) => `${texLabel(w.label)}\\,${texLabel(a.label)}`).join(" + ") +
      (bias ? ` + ${texLabel(bias.label)}` : "");
    const nums =
      products.map(({ w, a }) => `${texTerm(v(w))}\\cdot${texTerm(v(a))}`).join(" + ") +
      (bias ? ` + ${texTerm(v(bias))}` : "");
    box.append(el("h3", "", "Weighted sum"));
    box.append(tex(`${texLabel(z.label)} = ${sum}`, true));
    box.append(tex(`= ${nums} = ${texTerm(v(z))}`, true));
    if (activated) {
      box.append(el("h3", "", "Activation"));
      box.append(tex(`${texLabel(out.label)} = \\mathrm{${out.op}}(${texLabel(z.label)}) = ${texTerm(v(out))}`, true));
    }
  }
  const facts = el("dl", "facts");
  const fact = (k, val, cls = "") => facts.append(el("dt", "", k), el("dd", cls, val));
  fact(out.label ?? "value", v(out) === undefined ? "not computed yet" : formatValue(v(out)), "value");
  fact(`∂${outName}/∂${out.label}`, g(out) === undefined ? "not computed yet" : formatValue(g(out)), "grad");
  if (activated && z && group.kind !== "loss")
    fact(`δ = ∂${outName}/∂${z.label}`, g(z) === undefined ? "not computed yet" : formatValue(g(z)), "grad");
  box.append(facts);
  if (!group.params.length) return;
  box.append(el("h3", "", group.kind === "loss" ? "Targets" : "Parameters"));
  const table = el("table", "params");
  const head = el("tr");
  head.append(el("th", "", "name"), el("th", "", "value"), el("th", "", `∂${outName}/∂·`));
  table.append(head);
  for (const id of group.params) {
    const p = index.nodes.get(id);
    const row = el("tr");
    row.dataset.param = p.label;
    row.append(
      el("th", "", p.label),
      el("td", "value", v(p) === undefined ? "?" : formatValue(v(p))),
      el("td", "grad", g(p) === undefined ? "?" : formatValue(g(p))),
    );
    table.append(row);
  }
  box.append(table);
  if (products.length && group.kind !== "loss") {
    box.append(
      el(
        "p",
        "pattern",
        `Each weight's gradient is δ times the value on its wire: ∂${outName}/∂w = δ · a (the mul gate swaps).`,
      ),
    );
  }
};

/** Shows unit `group` in the inspector `box` with a header and a close button (onClose). */
export const showGroupInspector = (box, index, state, group, { expanded = false, onClose = () => {} } = {}) => {
  box.replaceChildren();
  box.hidden = false;
  box.append(
    panelHead("inspector-head", group.name === "loss" ? "loss" : `unit · ${group.name}`, "Close inspector", onClose),
  );
  renderGroupBody(box, index, state, group, { expanded });
};
