// Which activations a network may use, and the target each gives "not this class", from the op registry.
//
// The server's registry is the one list: GET /api/v1/ops marks each activation op with
// role "activation" and its class_off (the squared-error target of class 0: 0 after an
// activation that is never negative, else -1). The page passes that list in; nothing else in
// the frontend names an activation or states the rule.

/** The spec's identity activation: always allowed, and not a registry op (nothing to compute). */
export const LINEAR = "linear";
// Class 0's target when the registry gives none (linear, or an output that can be negative).
const DEFAULT_OFF = -1;

/**
 * The activations of an ops list (GET /api/v1/ops): the registry's activation ops sorted by
 * name, as the server's spec lists them, then linear. Returns { names, includes(name),
 * classOff(name) }; classOff is -1 for a name it does not know.
 */
export const activationsFrom = (ops = []) => {
  const found = ops
    .filter((op) => op.role === "activation" && op.name !== LINEAR)
    .map((op) => [op.name, typeof op.class_off === "number" ? op.class_off : DEFAULT_OFF])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const off = new Map([...found, [LINEAR, DEFAULT_OFF]]);
  return Object.freeze({
    names: [...off.keys()],
    includes: (name) => off.has(name),
    classOff: (name) => off.get(name) ?? DEFAULT_OFF,
  });
};

/** Until the registry has arrived (or when it cannot be fetched): only linear is known. */
export const NO_ACTIVATIONS = activationsFrom([]);
