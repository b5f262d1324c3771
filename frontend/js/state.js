// The one app state object: setState(patch) with subscribers, and its URL-hash and storage forms.

/** A tiny store: `get()`, `set(patch)` (notifies subscribers with (state, previous)), `subscribe(fn)`. */
export const createStore = (initial) => {
  let state = { ...initial };
  const subscribers = new Set();
  return {
    get: () => state,
    set(patch) {
      const previous = state;
      state = { ...state, ...patch };
      for (const fn of subscribers) fn(state, previous);
    },
    subscribe(fn) {
      subscribers.add(fn);
      return () => subscribers.delete(fn);
    },
  };
};

export const initialState = () => ({
  expression: "",
  values: {},
  step: 0,
  trace: null,
  index: null,
  layout: null,
  error: null,
  status: "idle",
  playing: false,
  speed: 1,
  selected: null,
  mode: "expression", // or "network" (network_mode.js: form in `network`, open units in `expanded`)
  network: null,
  expanded: [],
  view: "graph", // or "training" (the top bar's tabs); `training` holds that view's settings
  training: null,
});

/** The shareable part of the state as a URL hash: `#expr=...&values={...}&step=k`. */
export const encodeHash = ({ expression, values, step }) => {
  const params = new URLSearchParams();
  params.set("expr", expression ?? "");
  params.set("values", JSON.stringify(values ?? {}));
  params.set("step", String(step ?? 0));
  return `#${params.toString()}`;
};

/** Reads a hash written by encodeHash; returns null when it holds no program. */
export const decodeHash = (hash) => {
  const text = (hash ?? "").replace(/^#/, "");
  if (!text) return null;
  const params = new URLSearchParams(text);
  if (!params.has("expr")) return null;
  let values = {};
  try {
    const parsed = JSON.parse(params.get("values") ?? "{}");
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) values = parsed;
  } catch {
    values = {};
  }
  const step = Number.parseInt(params.get("step") ?? "0", 10);
  return { expression: params.get("expr"), values, step: Number.isFinite(step) && step > 0 ? step : 0 };
};

/**
 * A graph hash with the Training view and its settings added (`&view=training&train={...}`), so a
 * reload or a shared link opens that view; the graph hash alone when the Graph view is shown.
 */
export const withViewHash = (hash, { view = "graph", training = null } = {}) => {
  if (view !== "training") return hash;
  const params = new URLSearchParams((hash ?? "").replace(/^#/, ""));
  params.set("view", "training");
  if (training) params.set("train", JSON.stringify(training));
  return `#${params.toString()}`;
};

/** Reads withViewHash's part: {view: "graph" | "training", training: settings object or null}. */
export const decodeViewHash = (hash) => {
  const params = new URLSearchParams((hash ?? "").replace(/^#/, ""));
  const view = params.get("view") === "training" ? "training" : "graph";
  let training = null;
  try {
    const parsed = JSON.parse(params.get("train") ?? "null");
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) training = parsed;
  } catch {
    training = null;
  }
  return { view, training };
};

export const STORAGE_KEY = "chainrule.last-program";

/** Serialises the program and values for localStorage. */
export const toStored = ({ expression, values }) => JSON.stringify({ expression, values });

/** Reads what toStored wrote; null if missing or corrupt. */
export const fromStored = (text) => {
  try {
    const data = JSON.parse(text ?? "null");
    if (data && typeof data.expression === "string") return { expression: data.expression, values: data.values ?? {} };
  } catch {
    /* a corrupt entry is ignored */
  }
  return null;
};

/**
 * Values for the names a program reads: keeps the values already typed, gives new names a
 * default, and drops names the program no longer uses.
 */
export const valuesForInputs = (names, values, defaults = {}) => {
  const next = {};
  for (const name of names) {
    if (values[name] !== undefined) next[name] = values[name];
    else if (defaults[name] !== undefined) next[name] = defaults[name];
    else next[name] = 1;
  }
  return next;
};
