// The view's URL flags (pure): one table, read and written the same way, like TensorFlow
// Playground's `*_hide` parameters. `#…&present=1&follow=0&hide=stepper,narration`.
import { HIDEABLE } from "./view_dom.js";

// name -> [default, parse(text), write(value) | null to omit]
export const FLAGS = {
  present: [false, (t) => t === "1" || t === "true", (v) => (v ? "1" : null)],
  follow: [true, (t) => !(t === "0" || t === "false"), (v) => (v ? null : "0")],
  hide: [[], (t) => t.split(",").map((x) => x.trim()).filter((x) => HIDEABLE.includes(x)), (v) => (v.length ? v.join(",") : null)],
};

/** The flags in a URL hash (defaults for those it does not name). */
export const readFlags = (hash) => {
  const params = new URLSearchParams((hash ?? "").replace(/^#/, ""));
  const out = {};
  for (const [name, [fallback, parse]] of Object.entries(FLAGS)) out[name] = params.has(name) ? parse(params.get(name)) : fallback;
  return out;
};

/** Writes non-default flags into URLSearchParams `params` (and removes default ones). */
export const writeFlags = (params, flags) => {
  for (const [name, [, , write]] of Object.entries(FLAGS)) {
    const text = flags[name] === undefined ? null : write(flags[name]);
    if (text === null) params.delete(name);
    else params.set(name, text);
  }
  return params;
};
