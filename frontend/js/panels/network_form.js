// Network mode's form: layer sizes, activations, loss, granularity, input, target, bias, seed and weights.
import { NO_ACTIVATIONS } from "../activations.js";
import { h, selectValue, setOptions } from "./dom.js";

const LOSS_NAMES = [
  ["squared_error", "Squared error ½Σ(t − o)²"],
  ["cross_entropy", "Cross-entropy (softmax)"],
  ["none", "None (one output is f)"],
];

const field = (id, label, control, help = null) => {
  const box = h("div", { class: `net-field net-${id}` });
  box.append(h("label", { for: `net-${id}`, class: "net-label" }, label), control);
  if (help) box.append(h("p", { class: "help", id: `net-${id}-help` }, help));
  return box;
};

const select = (id, options) => {
  const s = h("select", { id: `net-${id}` });
  setOptions(s, options);
  return s;
};

const activationOptions = (activations) => activations.names.map((a) => [a, a]);

/**
 * Builds the form inside `root` (the Network tab panel). `onChange(form, { field })` on every
 * edit with the whole form as typed; `activations` (activations.js) lists the choices until
 * setActivations gives the server's. Returns { set(form), setError(error | null), get(),
 * setActivations(activations) }.
 */
export const createNetworkForm = (root, { onChange, activations = NO_ACTIVATIONS }) => {
  const controls = {
    layers: h("input", {
      id: "net-layers",
      type: "text",
      spellcheck: "false",
      autocomplete: "off",
      "aria-describedby": "net-layers-help",
    }),
    activation: select("activation", activationOptions(activations)),
    output_activation: select("output_activation", activationOptions(activations)),
    loss: select("loss", LOSS_NAMES),
    input: h("input", {
      id: "net-input",
      type: "text",
      spellcheck: "false",
      autocomplete: "off",
      "aria-describedby": "net-input-help",
    }),
    target: h("input", {
      id: "net-target",
      type: "text",
      spellcheck: "false",
      autocomplete: "off",
      "aria-describedby": "net-target-help",
    }),
    bias: h("input", { id: "net-bias", type: "checkbox", autocomplete: "off" }),
    seed: h("input", {
      id: "net-seed",
      type: "number",
      min: "0",
      step: "1",
      inputmode: "numeric",
      autocomplete: "off",
    }),
    weights: h("textarea", {
      id: "net-weights",
      rows: "6",
      spellcheck: "false",
      autocomplete: "off",
      "aria-describedby": "net-weights-help",
    }),
  };
  const granularity = h("fieldset", { class: "segmented", id: "net-granularity" });
  granularity.append(h("legend", { class: "net-label" }, "Granularity"));
  const radios = {};
  for (const [value, text, title] of [
    ["layer", "Layer", "one tensor node per step: W1 @ x, relu, …"],
    ["neuron", "Neuron", "the classic diagram: one node per unit"],
  ]) {
    // The radio covers its label (invisibly), so a click anywhere on the segment hits it.
    radios[value] = h("input", {
      type: "radio",
      name: "net-granularity",
      id: `net-granularity-${value}`,
      value,
      autocomplete: "off",
    });
    const label = h("label", { title });
    label.append(radios[value], h("span", {}, text));
    granularity.append(label);
  }
  const error = h("p", { class: "program-error", id: "net-error", role: "alert" });
  error.hidden = true;
  const drawFromSeed = h("button", { type: "button", class: "ghost small" }, "Draw from seed");

  const two = h("div", { class: "net-row" });
  two.append(
    field("activation", "Hidden activation", controls.activation),
    field("output_activation", "Output activation", controls.output_activation),
  );
  const biasSeed = h("div", { class: "net-row" });
  const bias = h("div", { class: "net-field net-check" });
  bias.append(controls.bias, h("label", { for: "net-bias" }, "Bias"));
  biasSeed.append(bias, field("seed", "Seed", controls.seed));
  const weights = field("weights", "Weights", controls.weights, 'JSON {"W1": [[…]], …}; empty: drawn from the seed.');
  weights.querySelector("label").after(drawFromSeed);
  const data = h("div", { class: "net-row" });
  data.append(
    field("input", "Input x", controls.input, "e.g. 0.5, -1, 1"),
    field("target", "Target t", controls.target, "e.g. 1, 0 (a class index for cross-entropy)"),
  );
  root.replaceChildren(
    field("layers", "Layer sizes", controls.layers, "inputs, hidden…, outputs — e.g. 3, 4, 2"),
    two,
    field("loss", "Loss", controls.loss),
    granularity,
    data,
    biasSeed,
    weights,
    error,
  );

  const get = () => ({
    layers: controls.layers.value,
    activation: controls.activation.value,
    output_activation: controls.output_activation.value,
    loss: controls.loss.value,
    granularity: radios.neuron.checked ? "neuron" : "layer",
    input: controls.input.value,
    target: controls.target.value,
    bias: controls.bias.checked,
    seed: controls.seed.value,
    weights: controls.weights.value,
  });

  const changed = (name) => () => {
    setError(null);
    onChange(get(), { field: name });
  };
  for (const [name, control] of Object.entries(controls)) {
    control.addEventListener(
      control.tagName === "SELECT" || control.type === "checkbox" ? "change" : "input",
      changed(name),
    );
  }
  for (const radio of Object.values(radios)) radio.addEventListener("change", changed("granularity"));
  drawFromSeed.addEventListener("click", () => {
    controls.weights.value = "";
    changed("weights")();
  });

  /** Fills the form (keeps a field the user is typing in untouched). */
  const set = (form) => {
    for (const [name, control] of Object.entries(controls)) {
      if (control === document.activeElement) continue;
      if (control.type === "checkbox") control.checked = Boolean(form[name]);
      else if (control.tagName === "SELECT")
        selectValue(control, form[name]); // e.g. "relu, tanh": one per layer
      else control.value = form[name] ?? "";
    }
    radios[form.granularity === "neuron" ? "neuron" : "layer"].checked = true;
    controls.weights.rows = String(Math.min(12, Math.max(4, (form.weights.match(/\n/g)?.length ?? 0) + 1)));
    controls.target.disabled = form.loss === "none";
  };

  /** Shows an error under the form and marks the field it is about; null clears it. */
  const setError = (err) => {
    for (const control of [...Object.values(controls), granularity]) control.removeAttribute("aria-invalid");
    if (!err) {
      error.hidden = true;
      error.textContent = "";
      return;
    }
    const hint =
      err.field === "weights" && /shape/.test(err.message) ? " Edit the weights, or press “Draw from seed”." : "";
    error.textContent = `${err.message}${hint}`;
    error.hidden = false;
    const target = controls[err.field] ?? (err.field === "granularity" ? granularity : null);
    target?.setAttribute("aria-invalid", "true");
  };

  /** The activations to offer (the server's, once GET /api/v1/ops has answered). */
  const setActivations = (list) => {
    for (const name of ["activation", "output_activation"]) setOptions(controls[name], activationOptions(list));
  };

  return { set, get, setError, setActivations };
};
