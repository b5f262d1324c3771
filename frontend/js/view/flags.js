// The view's URL flags (present, follow, hide): the flag rows of the one hash table (hash_state.js).
import { decodeState, fieldsNamed } from "../hash_state.js";

const FLAG_FIELDS = fieldsNamed("present", "follow", "hide");

/** The flags in a URL hash (defaults for those it does not name): {present, follow, hide}. */
export const readFlags = (hash) => {
  const { present, follow, hide } = decodeState(hash, FLAG_FIELDS);
  return { present, follow, hide };
};

/** Writes non-default flags into URLSearchParams `params` (and removes default ones). */
export const writeFlags = (params, flags) => {
  for (const f of FLAG_FIELDS) {
    const text = flags[f.state] === undefined ? null : f.write(flags[f.state]);
    if (text === null) params.delete(f.key);
    else params.set(f.key, text);
  }
  return params;
};
