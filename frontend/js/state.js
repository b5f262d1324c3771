// The one app state object: setState(patch) with subscribers, and its URL-hash and storage forms.
import { encodeState, decodeState, fieldsNamed } from "./hash_state.js";

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
  openGroups: [], // an expression program's series and chains drawn open (view/display.js)
  view: "graph", // or "training" (the top bar's tabs); `training` holds that view's settings
  training: null,
});

// The expression program's part of the URL hash; every field is a row of hash_state.js's table.
const PROGRAM_FIELDS = fieldsNamed("open", "expr", "values", "step");
const OPEN_FIELDS = fieldsNamed("open", "step");
const VIEW_FIELDS = fieldsNamed("view", "train");
const names = (list) => list.filter((g) => typeof g === "string");

/**
 * The shareable part of the state as a URL hash: `#expr=...&values={...}&step=k`, with
 * `open=[...]` first when some series or chain is drawn open.
 */
export const encodeHash = ({ expression, values, step, openGroups = [] }) =>
  encodeState(
    { expression: expression ?? "", values: values ?? {}, step: step ?? 0, expanded: openGroups },
    PROGRAM_FIELDS,
  );

/** Reads a hash written by encodeHash; returns null when it holds no program. */
export const decodeHash = (hash) => {
  const { expression, values, step, expanded, has } = decodeState(hash, PROGRAM_FIELDS);
  return has.has("expr") ? { expression, values, step, openGroups: names(expanded) } : null;
};

/** The hash of a program too long for a link (it lives in localStorage): its step and open groups. */
export const encodeShortHash = ({ step, openGroups = [] }) =>
  encodeState({ step: step ?? 0, expanded: openGroups }, OPEN_FIELDS);

/** The open groups a hash names (any hash; [] when it names none). */
export const decodeOpenGroups = (hash) => names(decodeState(hash, OPEN_FIELDS).expanded);

/**
 * A graph hash with the Training view and its settings added (`&view=training&train={...}`), so a
 * reload or a shared link opens that view; the graph hash alone when the Graph view is shown.
 */
export const withViewHash = (hash, { view = "graph", training = null } = {}) => {
  if (view !== "training") return hash;
  const params = new URLSearchParams((hash ?? "").replace(/^#/, ""));
  for (const [k, v] of new URLSearchParams(encodeState({ view, training }, VIEW_FIELDS).slice(1))) params.set(k, v);
  return `#${params.toString()}`;
};

/** Reads withViewHash's part: {view: "graph" | "training", training: settings object or null}. */
export const decodeViewHash = (hash) => {
  const { view, training } = decodeState(hash, VIEW_FIELDS);
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
