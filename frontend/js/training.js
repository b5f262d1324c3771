// Training panel logic: settings -> /train request, runs built from chunks, replay pacing, snapshots (pure).
import { toNumber } from "./format.js";

export const DATASETS = ["xor", "circle", "spiral", "gaussians"];

/** The softmax choice: linear outputs, one per class, and the cross-entropy loss (softmax inside). */
export const SOFTMAX = "softmax";

/**
 * An output layer choice (an activation's name with squared error, or "softmax") as the spec's
 * output activation, loss and number of outputs.
 */
export const outputOf = (choice) =>
  choice === SOFTMAX
    ? { output_activation: "linear", loss: "cross_entropy", units: 2 }
    : { output_activation: choice || "tanh", loss: "squared_error", units: 1 };

/** The output layer's [choice, label] options: each activation (activations.js) with squared error, then softmax. */
export const outputOptions = (activations) => [
  ...activations.names.map((name) => [name, `${name}, squared error`]),
  [SOFTMAX, "softmax, cross-entropy"],
];

/**
 * Settings that learn each built-in set in a few seconds of replay (checked by hand and by the
 * browser tests): choosing a dataset fills them in; every field stays editable.
 */
export const PRESETS = {
  xor: {
    size: 4,
    noise: 0,
    hidden: "4",
    activation: "tanh",
    output: "tanh",
    learningRate: 0.5,
    steps: 500,
    batchSize: "",
  },
  circle: {
    size: 200,
    noise: 0.05,
    hidden: "4",
    activation: "tanh",
    output: "tanh",
    learningRate: 0.3,
    steps: 500,
    batchSize: "",
  },
  gaussians: {
    size: 200,
    noise: 0.3,
    hidden: "2",
    activation: "tanh",
    output: "tanh",
    learningRate: 0.3,
    steps: 300,
    batchSize: "",
  },
  // Full-batch steps of 0.2 on 100 points: the loss falls without a spike (at 1 it jumped to ~2.8).
  spiral: {
    size: 100,
    noise: 0.05,
    hidden: "16, 16",
    activation: "tanh",
    output: "softmax",
    learningRate: 0.2,
    steps: 5000,
    batchSize: "",
  },
};

export const defaultSettings = (dataset = "xor") => ({ dataset, seed: 0, ...PRESETS[dataset] });

/** The number of snapshots (decision surfaces) a chunk of training asks for, besides step 0. */
export const SNAPSHOTS_PER_CHUNK = 50;
export const GRID_SIZE = 30;

/** "16, 16" or "16 16" -> [16, 16]; "" -> [] (no hidden layer). Throws Error naming the field. */
export const parseHidden = (text) => {
  const parts = String(text ?? "")
    .split(/[\s,;x×]+/)
    .filter(Boolean);
  return parts.map((part) => {
    const n = Number(part);
    if (!Number.isInteger(n) || n < 1) throw new Error(`Hidden layers: “${part}” is not a whole number of units ≥ 1`);
    return n;
  });
};

/** The network spec (without input and target) that the settings describe. */
export const networkSpec = (settings) => {
  const out = outputOf(settings.output);
  return {
    layers: [2, ...parseHidden(settings.hidden), out.units],
    activation: settings.activation,
    output_activation: out.output_activation,
    loss: out.loss,
    bias: true,
    seed: settings.seed,
  };
};

/** Number fields read from text: a finite number or an Error naming the field. */
export const readNumber = (text, field, { integer = false, min = -Infinity, optional = false } = {}) => {
  const trimmed = String(text ?? "").trim();
  if (trimmed === "" && optional) return null;
  const n = Number(trimmed);
  if (trimmed === "" || !Number.isFinite(n)) throw new Error(`${field}: enter a number`);
  if (integer && !Number.isInteger(n)) throw new Error(`${field}: enter a whole number`);
  if (n < min) throw new Error(`${field}: must be at least ${min}`);
  return n;
};

/**
 * The POST /train body for the next chunk: `weights` continues a run from its last weights
 * (Train pressed again after a run ends), else training starts from the seed's weights.
 */
export const trainRequest = (settings, weights = null) => {
  const network = networkSpec(settings);
  if (weights) network.weights = weights;
  const steps = settings.steps;
  const body = {
    network,
    dataset: { name: settings.dataset, size: settings.size, noise: settings.noise },
    learning_rate: settings.learningRate,
    steps,
    seed: settings.seed,
    snapshot_every: Math.max(1, Math.ceil(steps / SNAPSHOTS_PER_CHUNK)),
    grid_size: GRID_SIZE,
  };
  if (settings.batchSize) body.batch_size = settings.batchSize;
  return body;
};

/**
 * A run grown by one /train answer: losses and accuracies appended, the chunk's snapshots shifted
 * by the steps already taken (its step-0 snapshot repeats the run's last one and is dropped).
 */
export const appendRun = (run, chunk) => {
  if (!run) {
    return {
      initialLoss: toNumber(chunk.initial_loss),
      loss: chunk.loss.map(toNumber),
      accuracy: chunk.accuracy ?? null,
      snapshots: chunk.snapshots,
      dataset: chunk.dataset,
      weights: chunk.weights,
      total: chunk.steps,
    };
  }
  const offset = run.total;
  return {
    ...run,
    loss: [...run.loss, ...chunk.loss.map(toNumber)],
    accuracy: run.accuracy && chunk.accuracy ? [...run.accuracy, ...chunk.accuracy] : run.accuracy,
    snapshots: [
      ...run.snapshots,
      ...chunk.snapshots.filter((s) => s.step > 0).map((s) => ({ ...s, step: s.step + offset })),
    ],
    weights: chunk.weights,
    total: offset + chunk.steps,
  };
};

/** The latest snapshot taken at or before `step` (snapshots sorted by step), or null. */
export const snapshotAt = (snapshots, step) => {
  let lo = 0;
  let hi = snapshots.length - 1;
  let found = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (snapshots[mid].step <= step) {
      found = snapshots[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
};

/** Loss and accuracy after `step` steps (step 0: before training). */
export const metricsAt = (run, step) => {
  if (!run) return { loss: null, accuracy: null };
  const k = Math.max(0, Math.min(step, run.total));
  const loss = k === 0 ? run.initialLoss : run.loss[k - 1];
  const first = run.snapshots[0]?.accuracy ?? null;
  const accuracy = run.accuracy ? (k === 0 ? first : run.accuracy[k - 1]) : null;
  return { loss, accuracy };
};

/** Replay speed in steps per second: a chunk plays in 1.5 to 6 seconds, whatever its length. */
export const replayRate = (chunkSteps) => {
  const seconds = Math.min(6, Math.max(1.5, chunkSteps / 400));
  return chunkSteps / seconds;
};

/** Where a replay is after `elapsed` ms, starting at `from` and stopping at `to`. */
export const replayStep = (from, to, elapsedMs, rate) => Math.min(to, from + Math.floor((elapsedMs / 1000) * rate));

/**
 * The target one example trains toward, encoded as the server encodes built-in labels
 * (engine/training/targets.py): a class index for cross-entropy; for squared error 1 for class 1
 * and the output activation's class_off (activations.js) for class 0, one-hot over several outputs.
 */
export const exampleTarget = (spec, label, activations) => {
  if (spec.loss === "cross_entropy") return label;
  const low = activations.classOff(spec.output_activation);
  const units = spec.layers[spec.layers.length - 1];
  if (units === 1) return [label === 1 ? 1 : low];
  return Array.from({ length: units }, (_, j) => (j === label ? 1 : low));
};

/** Small nets open as the classic neuron diagram; bigger ones as one tensor node per layer. */
export const NEURON_LIMIT = 40;

/** Parameters of a spec (weights and biases), to choose the granularity a snapshot opens at. */
export const parameterCount = (layers, bias = true) =>
  layers.slice(1).reduce((n, units, k) => n + units * layers[k] + (bias ? units : 0), 0);

/**
 * The network spec to open in the graph view: the trained net at a snapshot's weights with one
 * example (0-based `i`) of the dataset as input and its target (`activations`: activations.js).
 */
export const snapshotNetwork = (settings, snapshot, dataset, i, activations) => {
  const spec = networkSpec(settings);
  const k = Math.max(0, Math.min(dataset.size - 1, i));
  const label = dataset.labels ? dataset.labels[k] : toNumber(dataset.targets[k]);
  return {
    ...spec,
    weights: snapshot.weights,
    input: dataset.inputs[k],
    target: exampleTarget(spec, label, activations),
    granularity: parameterCount(spec.layers, spec.bias) <= NEURON_LIMIT ? "neuron" : "layer",
  };
};
