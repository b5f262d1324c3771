// The URL-hash state as one declarative table (pure), read by both serialisation and parsing, as
// TensorFlow Playground's state.ts does: a field is one row here and nowhere else.
import { HIDEABLE } from "./view/hide.js";

const jsonOf = (check) => ({
  read: (text) => {
    try {
      const v = JSON.parse(text);
      return check(v) ? v : undefined;
    } catch {
      return undefined;
    }
  },
  write: (v) => JSON.stringify(v),
});
const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const wholeNumber = { read: (t) => Math.max(0, Number.parseInt(t, 10) || 0), write: (v) => String(v ?? 0) };

/**
 * Each field: `key` in the hash, `state` key, `fallback`, `read(text)` (undefined = unreadable,
 * use fallback), `write(value)` (null = leave out), and `when(state)` (written only then).
 * The order is the order in the URL.
 */
export const HASH_FIELDS = [
  {
    key: "mode",
    state: "mode",
    fallback: "expression",
    read: (t) => (t === "network" ? "network" : "expression"),
    write: (v) => (v === "network" ? "network" : null),
  },
  { key: "net", state: "network", fallback: null, ...jsonOf(isObject), when: (s) => s.mode === "network" && s.network },
  // The groups drawn open: a network's units (always written), or a program's series and chains
  // (written only when there are any, so a plain program's link stays as it was).
  {
    key: "open",
    state: "expanded",
    fallback: [],
    ...jsonOf(Array.isArray),
    when: (s) => s.mode === "network" || s.expanded?.length > 0,
  },
  { key: "expr", state: "expression", fallback: "", read: (t) => t, write: (v) => v ?? "" },
  { key: "values", state: "values", fallback: {}, ...jsonOf(isObject) },
  { key: "step", state: "step", fallback: 0, ...wholeNumber },
  {
    key: "view",
    state: "view",
    fallback: "graph",
    read: (t) => (t === "training" ? "training" : "graph"),
    write: (v) => (v === "training" ? "training" : null),
  },
  {
    key: "train",
    state: "training",
    fallback: null,
    ...jsonOf(isObject),
    when: (s) => s.view === "training" && s.training,
  },
  // View flags (/embed and the page): presentation mode, the camera, hidden controls.
  {
    key: "present",
    state: "present",
    fallback: false,
    read: (t) => t === "1" || t === "true",
    write: (v) => (v ? "1" : null),
  },
  {
    key: "follow",
    state: "follow",
    fallback: true,
    read: (t) => !(t === "0" || t === "false"),
    write: (v) => (v === false ? "0" : null),
  },
  {
    key: "hide",
    state: "hide",
    fallback: [],
    read: (t) =>
      t
        .split(",")
        .map((x) => x.trim())
        .filter((x) => HIDEABLE.includes(x)),
    write: (v) => (v?.length ? v.join(",") : null),
  },
];

/** The hash for `state` (only the fields it has, and only where `when` allows). */
export const encodeState = (state, fields = HASH_FIELDS) => {
  const params = new URLSearchParams();
  for (const f of fields) {
    if (!(f.state in state) || (f.when && !f.when(state))) continue;
    const text = f.write(state[f.state]);
    if (text !== null && text !== undefined) params.set(f.key, text);
  }
  return `#${params.toString()}`;
};

/**
 * What a hash says: {state key: value} for every field (the fallback where it is missing or
 * unreadable), and `has` = the set of hash keys really there.
 */
export const decodeState = (hash, fields = HASH_FIELDS) => {
  const params = new URLSearchParams((hash ?? "").replace(/^#/, ""));
  const out = {};
  const has = new Set();
  for (const f of fields) {
    if (params.has(f.key)) has.add(f.key);
    const v = params.has(f.key) ? f.read(params.get(f.key)) : undefined;
    out[f.state] = v === undefined ? structuredClone(f.fallback) : v;
  }
  return { ...out, has };
};

/** The subset of HASH_FIELDS with these hash keys (in table order). */
export const fieldsNamed = (...keys) => HASH_FIELDS.filter((f) => keys.includes(f.key));
