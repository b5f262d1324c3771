// Gradient descent on the graph: which nodes show a parameter, the step cards, and undo history (pure).
import { elementAt } from "./gradcheck.js";

// Neuron-granularity names: W1[2,1] (unit 2 of layer 1, input 1) and b1[2] are 1-based.
const ELEMENT = /^(.+)\[(\d+(?:,\d+)*)\]$/;

/**
 * Nodes drawing parameter `name` in a trace: the input node labelled `name` itself, or (at neuron
 * granularity) the scalar nodes `name[j,i]`. Returns [{id, index}] with 0-based element indices.
 */
export const parameterNodes = (trace, name) => {
  const found = [];
  for (const node of trace?.nodes ?? []) {
    if (node.kind !== "input") continue;
    if (node.label === name) {
      found.push({ id: node.id, index: [] });
      continue;
    }
    const match = ELEMENT.exec(node.label ?? "");
    if (match && match[1] === name) found.push({ id: node.id, index: match[2].split(",").map((i) => Number(i) - 1) });
  }
  return found;
};

/** ∂E/∂w0 with the output's name (J when it has none). */
export const gradName = (outputLabel, name) => `∂${outputLabel || "J"}/∂${name}`;

/**
 * The cards to draw after a step: one per parameter node, with w, ∂J/∂w and w − α∂J/∂w for that
 * node's element. `result` is a /step answer; `outputLabel` names J.
 */
export const stepCards = (trace, result, outputLabel) => {
  const cards = [];
  for (const [name, p] of Object.entries(result.parameters)) {
    for (const { id, index } of parameterNodes(trace, name)) {
      const label = index.length ? trace.nodes.find((n) => n.id === id).label : name;
      cards.push({
        nodeId: id,
        name: label,
        parameter: name,
        w: elementAt(p.w, index),
        grad: elementAt(p.grad, index),
        wNew: elementAt(p.w_new, index),
        gradLabel: gradName(outputLabel, label),
      });
    }
  }
  return cards;
};

// Names that by the usual notation are data (x, x0, X) or targets (t, y): not stepped by default.
const DATA_NAME = /^(?:[xXtTyY]\d*|target|label|data)$/;
const PARAMETER_NAME = /^(?:[wWbB]\d*|w_\w+|theta\d*|θ\d*|bias\d*|weight\w*)$/;

/**
 * The inputs a gradient step leaves alone by default: an example that declares its `parameters`
 * says which the rest are; otherwise, when the names follow the w/x/t notation, the data and
 * targets (x0, x1, t), and when they do not (x, y, z), none.
 */
export const defaultFrozen = (names, expression, examples = []) => {
  const example = examples.find(
    (ex) => ex.kind === "expression" && ex.expression === expression && Array.isArray(ex.parameters),
  );
  if (example) return names.filter((n) => !example.parameters.includes(n));
  if (!names.some((n) => PARAMETER_NAME.test(n))) return [];
  return names.filter((n) => DATA_NAME.test(n));
};

/** How a number is shown in an input field after a step: -0.08, not -0.07999999999999996. */
export const roundForField = (v) => (typeof v === "number" && Number.isFinite(v) ? Number(v.toPrecision(10)) : v);

/** Parameters to send: the names not unchecked, in order. */
export const chosenParameters = (names, checked) => names.filter((n) => checked[n] !== false);

/**
 * Every input of a network trace as one value per name ({x, W1, b1, ...}), at either granularity:
 * a tensor node's value, or (neuron granularity) the scalar nodes `W1[j,i]` gathered into the
 * shape of the trace's gradient for that name.
 */
export const networkValues = (trace) => {
  const nodes = (trace?.nodes ?? []).filter((n) => n.kind === "input");
  const values = {};
  for (const [name, grad] of Object.entries(trace?.gradients ?? {})) {
    const whole = nodes.find((n) => n.label === name);
    if (whole) {
      values[name] = whole.value;
      continue;
    }
    const copy = (v) => (Array.isArray(v) ? v.map(copy) : 0);
    const value = copy(grad);
    for (const { id, index } of parameterNodes(trace, name)) {
      const node = nodes.find((n) => n.id === id);
      const last = index.length - 1;
      if (last < 0) values[name] = node.value;
      else index.slice(0, last).reduce((v, i) => v[i], value)[index[last]] = node.value;
    }
    if (values[name] === undefined) values[name] = value;
  }
  return values;
};

/** The undo stack of gradient steps: push({values, result}), pop(), top(), size(), clear(). */
export const createHistory = (limit = 200) => {
  const entries = [];
  return {
    push(entry) {
      entries.push(entry);
      if (entries.length > limit) entries.shift();
    },
    pop: () => entries.pop() ?? null,
    top: () => entries[entries.length - 1] ?? null,
    size: () => entries.length,
    clear() {
      entries.length = 0;
    },
  };
};

/** Whether two value maps hold the same numbers (the step's values are still what is shown). */
export const sameValues = (a, b) => {
  const sorted = (v) =>
    JSON.stringify(
      Object.keys(v ?? {})
        .sort()
        .map((k) => [k, v[k]]),
    );
  return sorted(a) === sorted(b);
};
