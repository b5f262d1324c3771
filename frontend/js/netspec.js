// Network mode's form (what the user typed, as text) <-> the POST /api/v1/network request, and its URL hash.
import { formatTensorText } from "./tensor.js";
import { encodeState, decodeState, fieldsNamed } from "./hash_state.js";

export const LOSSES = ["squared_error", "cross_entropy", "none"];
export const GRANULARITIES = ["layer", "neuron"];

/** The form as typed: every field a string except bias (boolean). The lecture's 3-4-2 shape. */
export const DEFAULT_NETWORK_FORM = Object.freeze({
  layers: "3, 4, 2",
  activation: "relu",
  output_activation: "linear",
  loss: "squared_error",
  granularity: "neuron",
  input: "0.5, -1, 1",
  target: "1, 0",
  bias: false,
  seed: "0",
  weights: "",
});

/** A problem in one form field, found before asking the server. */
export class FormError extends Error {
  constructor(message, field) {
    super(message);
    this.name = "FormError";
    this.field = field;
  }
}

const LABELS = {
  layers: "Layer sizes",
  input: "Input x",
  target: "Target t",
  seed: "Seed",
  weights: "Weights",
  activation: "Hidden activation",
};

const parseJson = (text, field) => {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new FormError(`${LABELS[field]}: not valid JSON (${err.message.replace(/^JSON\.parse: /, "")})`, field);
  }
};

/** "3, 4, 2", "3 4 2", "3-4-2" or "[3, 4, 2]" -> [3, 4, 2]; JSON text -> its value. */
export const parseNumbers = (text, field) => {
  const trimmed = String(text ?? "").trim();
  if (trimmed === "") throw new FormError(`${LABELS[field]} is empty`, field);
  if (trimmed.startsWith("[")) return parseJson(trimmed, field);
  // Layer sizes may also be written 3-4-2 or 3×4×2 (x, × and a hyphen only between digits, so
  // -4 stays -4 and a lone x is an entry that is not a number).
  const spaced = field === "layers" ? trimmed.replace(/(?<=\d)\s*[x×]\s*(?=\d)|(?<=\d)-(?=\d)/g, ",") : trimmed;
  const parts = spaced.replace(/\s*[,;]\s*$/, "").split(/\s*[,;]\s*|\s+/);
  return parts.map((part, i) => {
    const where = parts.length > 1 ? ` (entry ${i + 1} of ${parts.length})` : "";
    if (part === "") throw new FormError(`${LABELS[field]}: entry ${i + 1} is empty, between two commas`, field);
    const n = Number(part);
    if (!Number.isFinite(n)) throw new FormError(`${LABELS[field]}: “${part}” is not a number${where}`, field);
    return n;
  });
};

const parseLayers = (text) => {
  const layers = parseNumbers(text, "layers");
  if (!Array.isArray(layers) || layers.some((n) => !Number.isInteger(n))) {
    throw new FormError(`${LABELS.layers} must be whole numbers, e.g. 3, 4, 2`, "layers");
  }
  return layers;
};

const parseActivation = (text) => {
  const names = String(text)
    .split(/[\s,;]+/)
    .filter(Boolean);
  return names.length === 1 ? names[0] : names;
};

/**
 * The request body for POST /api/v1/network from the typed form. Throws FormError naming the
 * field when a field is not even readable; everything else (shapes, ranges) is the server's call.
 */
export const formToRequest = (form) => {
  const request = {
    layers: parseLayers(form.layers),
    activation: parseActivation(form.activation),
    output_activation: form.output_activation,
    loss: form.loss,
    input: parseNumbers(form.input, "input"),
    bias: Boolean(form.bias),
    granularity: form.granularity,
  };
  if (form.loss !== "none") {
    const target = parseNumbers(form.target, "target");
    // A class index for cross-entropy is a plain number; one number for one output works too.
    request.target = Array.isArray(target) && target.length === 1 && form.loss === "cross_entropy" ? target[0] : target;
  }
  const seed = String(form.seed ?? "").trim();
  if (seed !== "") {
    const n = Number(seed);
    if (!Number.isInteger(n) || n < 0) throw new FormError(`${LABELS.seed} must be a whole number ≥ 0`, "seed");
    request.seed = n;
  }
  const weights = String(form.weights ?? "").trim();
  if (weights !== "") {
    const parsed = parseJson(weights, "weights");
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new FormError(`${LABELS.weights} must be an object such as {"W1": [[…]], "W2": [[…]]}`, "weights");
    }
    request.weights = parsed;
  }
  return request;
};

/** Weights as text: one parameter per line group, each matrix row on its own line. */
export const formatWeights = (weights) => {
  const entries = Object.entries(weights ?? {});
  if (!entries.length) return "";
  const body = entries.map(([name, value]) => `"${name}": ${formatTensorText(value).replaceAll("\n", "\n  ")}`);
  return `{${body.join(",\n ")}}`;
};

const listText = (v) =>
  Array.isArray(v)
    ? v.some(Array.isArray)
      ? JSON.stringify(v)
      : v.join(", ")
    : v === undefined || v === null
      ? ""
      : String(v);

/** The form for a spec (an example's `network`), with the defaults the API uses. */
export const specToForm = (spec) => ({
  layers: listText(spec.layers ?? []),
  activation: Array.isArray(spec.activation) ? spec.activation.join(", ") : (spec.activation ?? "relu"),
  output_activation: spec.output_activation ?? "linear",
  loss: spec.loss ?? "squared_error",
  granularity: spec.granularity ?? "layer",
  input: listText(spec.input),
  target: listText(spec.target),
  bias: spec.bias ?? true,
  seed: String(spec.seed ?? 0),
  weights: formatWeights(spec.weights),
});

/** Which form field a server message is about (its first words name the parameter), or null. */
export const fieldOfMessage = (message) => {
  const text = String(message ?? "");
  const match = /^(?:unknown )?(layers|input|target|weights|seed|activation|output_activation|loss|bias)\b/.exec(text);
  if (match) return match[1];
  if (/^loss "none"|cross_entropy/.test(text)) return "loss";
  return null;
};

/** Fills missing or invalid fields of a stored/hashed form from the defaults. */
export const normalizeForm = (raw) => {
  const form = { ...DEFAULT_NETWORK_FORM };
  if (!raw || typeof raw !== "object") return form;
  for (const key of Object.keys(form)) {
    if (key === "bias") form.bias = typeof raw.bias === "boolean" ? raw.bias : form.bias;
    else if (typeof raw[key] === "string") form[key] = raw[key];
  }
  // Which activations exist is the server's list (activations.js); here only a name's form.
  if (!/^[A-Za-z_]\w*$/.test(form.output_activation)) form.output_activation = DEFAULT_NETWORK_FORM.output_activation;
  if (!LOSSES.includes(form.loss)) form.loss = DEFAULT_NETWORK_FORM.loss;
  if (!GRANULARITIES.includes(form.granularity)) form.granularity = DEFAULT_NETWORK_FORM.granularity;
  return form;
};

const NETWORK_FIELDS = fieldsNamed("mode", "net", "open", "step", "expr", "values");

/**
 * The network-mode hash: `#mode=network&net={form}&open=[groups]&step=k`, plus the expression
 * program (`expr`, `values`) so switching back to Expression mode finds it again.
 */
export const encodeNetworkHash = ({ network, expanded = [], step = 0, expression = "", values = {} }) =>
  encodeState({ mode: "network", network, expanded, step, expression, values }, NETWORK_FIELDS);

/** Reads encodeNetworkHash's hash; null when the hash is not in network mode. */
export const decodeNetworkHash = (hash) => {
  const { mode, network, expanded, step } = decodeState(hash, NETWORK_FIELDS);
  if (mode !== "network") return null;
  return { network: normalizeForm(network), expanded: expanded.filter((g) => typeof g === "string"), step };
};
