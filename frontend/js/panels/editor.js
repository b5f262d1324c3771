// Program editor: the "Expression" textarea with an inline error underline, and one field per input.
import { formatTensorText } from "../tensor.js";
import { roundForField } from "../descent.js";
import { useTensorField } from "./tensor_field.js";
import { h } from "./dom.js";

/** Slider range that comfortably contains a value. */
export const sliderRange = (value) => {
  const span = Math.max(5, Math.ceil(Math.abs(value) * 2));
  return { min: -span, max: span, step: span > 50 ? 1 : 0.1 };
};

/** Why a field's text is not a value, or null when it reads: shown under the field (pure). */
export const valueProblem = (text) => {
  const trimmed = String(text ?? "").trim();
  if (trimmed === "") return "needs a value: type a number such as 1.5";
  if (trimmed.startsWith("[")) {
    try {
      JSON.parse(trimmed);
      return null;
    } catch {
      return `“${trimmed.length > 24 ? `${trimmed.slice(0, 24)}…` : trimmed}” is not a list of numbers: write a vector as [1, 2] or a matrix as [[1, 2], [3, 4]]`;
    }
  }
  return Number.isFinite(Number(trimmed))
    ? null
    : `“${trimmed.length > 24 ? `${trimmed.slice(0, 24)}…` : trimmed}” is not a number: type a number such as 1.5 (or a list such as [1, 2])`;
};

const roundDeep = (v) => (Array.isArray(v) ? v.map(roundDeep) : roundForField(v));

/** The text an input field shows for a value: rounded to 10 significant digits. */
export const fieldText = (value) =>
  Array.isArray(value) ? formatTensorText(roundDeep(value)) : String(roundForField(value));

const parseValue = (text) => {
  const trimmed = text.trim();
  if (trimmed.startsWith("[")) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return undefined;
    }
  }
  if (trimmed === "") return undefined;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : undefined;
};

/**
 * Wires the editor elements. Callbacks: onProgram(text) on each edit, onValue(name, value) when an
 * input field changes, onExample(id) when an example is chosen.
 */
export const createEditor = ({ onProgram, onValue, onExample }) => {
  const textarea = document.getElementById("program");
  const backdrop = document.getElementById("program-backdrop");
  const errorBox = document.getElementById("program-error");
  const fieldset = document.getElementById("inputs");
  const empty = document.getElementById("inputs-empty");
  const examples = document.getElementById("examples");
  // Its visible label is hidden on a narrow screen: the menu keeps its name there too.
  if (!examples.hasAttribute("aria-label")) examples.setAttribute("aria-label", "Examples");
  const rows = new Map();

  textarea.addEventListener("input", () => {
    setError(null);
    onProgram(textarea.value);
  });
  textarea.addEventListener("scroll", () => {
    backdrop.scrollTop = textarea.scrollTop;
    backdrop.scrollLeft = textarea.scrollLeft;
  });
  examples.addEventListener("change", () => {
    if (examples.value) onExample(examples.value);
  });

  const setProgram = (text) => {
    if (textarea.value !== text) textarea.value = text;
    setError(null);
  };

  // Underlines the offending token (or the spot after the last character) at line/column.
  const setError = (error) => {
    backdrop.replaceChildren();
    if (!error) {
      errorBox.hidden = true;
      errorBox.textContent = "";
      textarea.removeAttribute("aria-invalid");
      return;
    }
    const where = error.line ? `Line ${error.line}, column ${error.column ?? 1}: ` : "";
    errorBox.textContent = `${where}${error.message}`;
    errorBox.hidden = false;
    textarea.setAttribute("aria-invalid", "true");
    if (!error.line) return;
    const text = textarea.value;
    const lines = text.split("\n");
    const lineIndex = Math.min(error.line, lines.length) - 1;
    let offset = lines.slice(0, lineIndex).reduce((n, l) => n + l.length + 1, 0);
    offset += Math.max(0, (error.column ?? 1) - 1);
    offset = Math.min(offset, text.length);
    let end = offset;
    while (end < text.length && /[A-Za-z0-9_.]/.test(text[end])) end += 1;
    if (end === offset) end = offset + 1;
    const mark = h("mark", { class: "error-mark" }, text.slice(offset, end).replace("\n", " ") || " ");
    backdrop.append(document.createTextNode(text.slice(0, offset)), mark, document.createTextNode(text.slice(end)));
    backdrop.scrollTop = textarea.scrollTop;
  };

  const makeRow = (name) => {
    const row = h("div", { class: "input-row" });
    const id = `input-${name}`;
    const label = h("label", { for: id, class: "input-name" }, name);
    // A text field (not type=number) so a name can also be given a tensor: `[[1, 2], [3, 4]]`.
    const field = h("input", { id, type: "text", spellcheck: "false", autocomplete: "off", class: "input-value" });
    // autocomplete=off: the page restores values itself, and Chromium otherwise saves every
    // control's state on each history.replaceState (the hash rewrite of every step): ~5 ms at 300 inputs.
    const slider = h("input", {
      type: "range",
      class: "input-slider",
      autocomplete: "off",
      "aria-label": `slider for ${name}`,
    });
    // A field that does not read says why and is marked invalid; the graph keeps the last good value.
    const message = h("p", { class: "input-error", id: `${id}-error`, role: "alert" });
    message.hidden = true;
    const r = { row, field, slider, message };
    r.setProblem = (problem) => {
      message.hidden = !problem;
      message.textContent = problem ? `${name} ${problem}. The graph keeps the last value that read.` : "";
      if (problem) {
        r.field.setAttribute("aria-invalid", "true");
        r.field.setAttribute("aria-describedby", message.id);
      } else {
        r.field.removeAttribute("aria-invalid");
        r.field.removeAttribute("aria-describedby");
      }
    };
    r.onField = (event) => {
      const value = parseValue(event.target.value);
      r.setProblem(value === undefined ? (valueProblem(event.target.value) ?? "does not read as a value") : null);
      if (value === undefined) return;
      if (typeof value === "number") syncSlider(slider, value, false);
      onValue(name, value);
    };
    field.addEventListener("input", r.onField);
    slider.addEventListener("input", () => {
      const value = Number(slider.value);
      r.field.value = String(value);
      r.setProblem(null);
      onValue(name, value);
    });
    row.append(label, field, slider, message);
    return r;
  };

  const syncSlider = (slider, value, rescale) => {
    if (rescale || value < Number(slider.min) || value > Number(slider.max)) {
      const r = sliderRange(value);
      slider.min = String(r.min);
      slider.max = String(r.max);
      slider.step = String(r.step);
    }
    slider.value = String(value);
  };

  /** Shows one row per input name, keeping rows (and focus) for names that stay. */
  const setInputs = (names, values) => {
    for (const [name, r] of rows) {
      if (!names.includes(name)) {
        r.row.remove();
        rows.delete(name);
      }
    }
    names.forEach((name) => {
      if (!rows.has(name)) rows.set(name, makeRow(name));
      const r = rows.get(name);
      fieldset.append(r.row); // re-appending keeps program order
      const value = values[name];
      const tensor = Array.isArray(value);
      useTensorField(r, tensor ? value : null); // a tensor gets a text box, one matrix row per line
      r.slider.hidden = tensor;
      // Shown rounded (-0.08 after a step, not -0.07999999999999996); the store keeps every digit.
      const shown = fieldText(value);
      if (document.activeElement !== r.field && parseValue(r.field.value) !== value && r.field.value !== shown) {
        r.field.value = shown;
        r.setProblem(null);
      }
      if (!tensor && document.activeElement !== r.slider) syncSlider(r.slider, Number(value), !r.slider.dataset.ready);
      r.slider.dataset.ready = "1";
    });
    empty.hidden = names.length > 0;
  };

  // Expression and network examples in their own option groups.
  const setExamples = (list) => {
    const kinds = [
      ["expression", "Expressions"],
      ["network", "Networks"],
    ].filter(([kind]) => list.some((ex) => ex.kind === kind));
    for (const [kind, label] of kinds) {
      const group = kinds.length > 1 ? h("optgroup", { label }) : examples;
      for (const ex of list.filter((e) => e.kind === kind)) group.append(h("option", { value: ex.id }, ex.title));
      if (group !== examples) examples.append(group);
    }
  };

  const clearExample = () => {
    examples.value = "";
  };

  return {
    setProgram,
    setError,
    setInputs,
    setExamples,
    clearExample,
    getProgram: () => textarea.value,
    focus: () => textarea.focus(),
  };
};
