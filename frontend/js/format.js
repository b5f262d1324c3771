// Number and sum formatting for wire labels, badges, narration and the inspector (pure, DOM-free).

// The API sends non-finite numbers as the strings "Infinity", "-Infinity" and "NaN".
export const toNumber = (v) => (typeof v === "number" ? v : Number(v));

/** Converts an API value (number, non-finite string or nested list) to numbers throughout. */
export const toNumeric = (v) => (Array.isArray(v) ? v.map(toNumeric) : toNumber(v));

/**
 * Whether v is a tensor summary {shape, norm, min, max}: how the server's compact document
 * (its default) sends a tensor edge's contribution and running total.
 */
export const isSummary = (v) => v !== null && typeof v === "object" && !Array.isArray(v) && Array.isArray(v.shape);

/** Shape of a nested list (or of a tensor summary), [] for a scalar. */
export const shapeOf = (v) => (isSummary(v) ? v.shape : Array.isArray(v) ? [v.length, ...shapeOf(v[0] ?? 0)] : []);

/** Formats one scalar compactly: integers exactly, others to `digits` significant digits. */
export const formatScalar = (raw, digits = 4) => {
  const v = toNumber(raw);
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "∞";
  if (v === -Infinity) return "-∞";
  if (Object.is(v, -0) || v === 0) return "0";
  const abs = Math.abs(v);
  if (Number.isInteger(v) && abs < 1e7) return String(v);
  if (abs >= 1e-3 && abs < 1e6) {
    return String(Number(v.toPrecision(digits)));
  }
  const [mant, exp] = v.toExponential(Math.max(0, digits - 2)).split("e");
  return `${String(Number(mant))}e${Number(exp)}`;
};

/** Formats a value: scalars via formatScalar, short vectors written out, bigger tensors by shape. */
export const formatValue = (raw, digits = 4) => {
  if (raw === undefined || raw === null) return "?";
  if (isSummary(raw)) return `${raw.shape.length === 1 ? "vector" : "tensor"} ${raw.shape.join("×")}`;
  if (!Array.isArray(raw)) return formatScalar(raw, digits);
  const shape = shapeOf(raw);
  if (shape.length === 1 && shape[0] <= 4) {
    return `[${raw.map((x) => formatScalar(x, 3)).join(", ")}]`;
  }
  return `${shape.length === 1 ? "vector" : "tensor"} ${shape.join("×")}`;
};

/** A term inside a sum or product: negatives in parentheses, as in `1 + (-4)`. */
export const formatTerm = (raw, digits = 4) => {
  const text = formatValue(raw, digits);
  return text.startsWith("-") ? `(${text})` : text;
};

/** Writes a running gradient sum: `1 + (-4) = -3`; one term is just that term. */
export const formatSum = (terms, total, digits = 4) => {
  if (terms.length === 0) return "?";
  if (terms.length === 1) return formatValue(terms[0], digits);
  return `${terms.map((t) => formatTerm(t, digits)).join(" + ")} = ${formatValue(total, digits)}`;
};

/** Formats a shape list like [2, 3] as `2×3`, scalars as `scalar`. */
export const formatShape = (shape) => (shape && shape.length ? shape.join("×") : "scalar");
