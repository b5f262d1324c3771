// The training settings form: data, a compact network spec, and gradient-descent settings.
import { DATASETS, PRESETS, defaultSettings, outputOptions, parseHidden, readNumber } from "../training.js";
import { NO_ACTIVATIONS } from "../activations.js";
import { el, field, input, select, selectValue, setOptions } from "./dom.js";

// Fields whose change makes a different model or data: the run starts over.
export const STRUCTURAL = ["dataset", "size", "noise", "hidden", "activation", "output", "seed"];

const activationOptions = (activations) => activations.names.map((a) => [a, a]);

/**
 * Builds the form into `host`. onChange(name, structural) after a field changes; `activations`
 * (activations.js) are the choices until setActivations gives the server's. Returns
 * { read() -> settings (throws Error naming the field), element, set(settings),
 * setActivations(activations) }.
 */
export const createTrainingForm = (host, { onChange = () => {}, activations = NO_ACTIVATIONS } = {}) => {
  const form = el("form", "train-form");
  form.setAttribute("aria-label", "Training settings");
  form.noValidate = true;
  form.addEventListener("submit", (event) => event.preventDefault());
  const controls = {
    dataset: select(DATASETS.map((d) => [d, d])),
    size: input({ type: "number", min: 2, step: 1, inputmode: "numeric" }),
    noise: input({ type: "number", min: 0, step: "any", inputmode: "decimal" }),
    hidden: input({ type: "text", spellcheck: "false", autocomplete: "off" }),
    activation: select(activationOptions(activations)),
    output: select(outputOptions(activations)),
    learningRate: input({ type: "number", min: 0, step: "any", inputmode: "decimal" }),
    steps: input({ type: "number", min: 1, step: 1, inputmode: "numeric" }),
    batchSize: input({ type: "number", min: 1, step: 1, inputmode: "numeric", placeholder: "full batch" }),
    seed: input({ type: "number", min: 0, step: 1, inputmode: "numeric" }),
  };
  const group = (title, rows) => {
    const fs = el("fieldset", "train-group");
    fs.append(el("legend", "", title));
    for (const [name, text, hint, cls = "tool-field"] of rows)
      fs.append(field(text, controls[name], { hint, cls }).wrap);
    form.append(fs);
  };
  group("Data", [
    ["dataset", "Dataset", "choosing one fills in settings that learn it"],
    ["size", "Samples", null],
    ["noise", "Noise", "jitter (standard deviation)"],
  ]);
  group("Network", [
    ["hidden", "Hidden layers", "units per layer, e.g. 16, 16"],
    ["activation", "Activation", "of the hidden layers"],
    ["output", "Output layer and loss", null, "tool-field stacked"],
  ]);
  group("Gradient descent", [
    ["learningRate", "Learning rate", null],
    ["steps", "Steps", "per press of Train"],
    ["batchSize", "Batch size", "empty: the full dataset each step"],
    ["seed", "Seed", "data, initial weights and batches"],
  ]);
  const error = el("p", "train-form-error");
  error.setAttribute("role", "alert");
  error.hidden = true;
  form.append(error);
  host.append(form);

  const set = (settings) => {
    for (const [name, control] of Object.entries(controls)) {
      const v = settings[name];
      const text = v === null || v === undefined ? "" : String(v);
      if (control.tagName === "SELECT" && text) selectValue(control, text);
      else control.value = text;
    }
  };

  const setActivations = (list) => {
    setOptions(controls.activation, activationOptions(list));
    setOptions(controls.output, outputOptions(list));
  };

  const read = () => {
    for (const control of Object.values(controls)) control.removeAttribute("aria-invalid");
    error.hidden = true;
    const guard = (name, fn) => {
      try {
        return fn();
      } catch (err) {
        controls[name].setAttribute("aria-invalid", "true");
        error.textContent = err.message;
        error.hidden = false;
        throw err;
      }
    };
    const v = (name) => controls[name].value;
    const settings = {
      dataset: v("dataset"),
      size: guard("size", () => readNumber(v("size"), "Samples", { integer: true, min: 2 })),
      noise: guard("noise", () => readNumber(v("noise"), "Noise", { min: 0 })),
      hidden: guard("hidden", () => (parseHidden(v("hidden")), v("hidden"))),
      activation: v("activation"),
      output: v("output"),
      learningRate: guard("learningRate", () => {
        const rate = readNumber(v("learningRate"), "Learning rate");
        if (!(rate > 0)) throw new Error("Learning rate: must be above 0");
        return rate;
      }),
      steps: guard("steps", () => readNumber(v("steps"), "Steps", { integer: true, min: 1 })),
      batchSize: guard("batchSize", () =>
        readNumber(v("batchSize"), "Batch size", { integer: true, min: 1, optional: true }),
      ),
      seed: guard("seed", () => readNumber(v("seed"), "Seed", { integer: true, min: 0 })),
    };
    return settings;
  };

  for (const [name, control] of Object.entries(controls)) {
    control.addEventListener("change", () => {
      if (name === "dataset") set({ ...read.safe(), ...PRESETS[control.value], dataset: control.value });
      onChange(name, STRUCTURAL.includes(name));
    });
  }
  // The current fields as far as they read, for presets (a bad field is simply replaced).
  read.safe = () => {
    try {
      return read();
    } catch {
      return defaultSettings(controls.dataset.value);
    }
  };

  set(defaultSettings());
  return { read, set, element: form, controls, setActivations };
};
