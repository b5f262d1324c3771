// Tensor helpers (pure, DOM-free): matrix views, norms, a diverging colour scale, readable text.
import { toNumber, formatScalar, formatSum, formatTerm, formatValue, shapeOf, isSummary } from "./format.js";

export { isSummary };

export const isTensor = (v) => Array.isArray(v);

/** All numbers of a nested list, row-major. */
export const flatten = (v) => (Array.isArray(v) ? v.flatMap(flatten) : [toNumber(v)]);

/** Frobenius norm ‖v‖ (the absolute value for a scalar, a summary's own norm); NaN if any element is. */
export const norm = (v) => (isSummary(v) ? toNumber(v.norm) : Math.sqrt(flatten(v).reduce((s, x) => s + x * x, 0)));

/** Largest finite |element|, 0 for an empty or all-zero tensor. */
export const maxAbs = (v) => {
  if (isSummary(v))
    return [toNumber(v.min), toNumber(v.max)].reduce((m, x) => (Number.isFinite(x) ? Math.max(m, Math.abs(x)) : m), 0);
  return flatten(v).reduce((m, x) => (Number.isFinite(x) ? Math.max(m, Math.abs(x)) : m), 0);
};

/**
 * A 2-D view for drawing: a scalar is 1×1, a vector is a column (n×1, as in W x), a matrix is
 * itself, and higher ranks fold their leading axes into rows. Returns {rows, cols, cells, index}
 * where cells[r][c] is a number and index(r, c) gives the element's 0-based position in `v`.
 */
export const asMatrix = (v) => {
  const shape = shapeOf(v);
  if (shape.length === 0) return { rows: 1, cols: 1, cells: [[toNumber(v)]], index: () => [] };
  if (shape.length === 1) return { rows: shape[0], cols: 1, cells: v.map((x) => [toNumber(x)]), index: (r) => [r] };
  const cols = shape[shape.length - 1];
  const flat = flatten(v);
  const rows = flat.length / Math.max(cols, 1);
  const cells = [];
  for (let r = 0; r < rows; r += 1) cells.push(flat.slice(r * cols, (r + 1) * cols));
  const lead = shape.slice(0, -1);
  const index = (r, c) => {
    const out = [];
    let rest = r;
    for (let a = lead.length - 1; a >= 0; a -= 1) {
      out.unshift(rest % lead[a]);
      rest = Math.floor(rest / lead[a]);
    }
    return [...out, c];
  };
  return { rows, cols, cells, index };
};

/** `W1[2,3]` for 0-based position [1, 2]: 1-based like the lecture's units. */
export const elementName = (name, position) =>
  position.length ? `${name}[${position.map((i) => i + 1).join(",")}]` : name;

const NOT_FINITE = "rgb(150, 150, 150)";

/**
 * The heatmap colour of a value on d3's diverging scale with the RdBu scheme, reversed: blue
 * for negative, near-white at 0, red for positive, full colour at ±max and clamped beyond;
 * NaN and ±∞ are grey, and with max 0 (an all-zero tensor) every cell is the middle colour.
 * `d3` is passed in so this module stays free of globals (the page passes vendor.js's getD3()).
 * Returns v => "rgb(r, g, b)".
 */
export const divergingScale = (d3, max) => {
  const m = max > 0 ? max : 1;
  const scale = d3.scaleDiverging([m, 0, -m], d3.interpolateRdBu).clamp(true);
  return (raw) => {
    const v = toNumber(raw);
    if (!Number.isFinite(v)) return NOT_FINITE;
    return scale(max > 0 ? v : 0);
  };
};

/** Whether text on a cell of this colour should be white (the cell is dark). */
export const darkCell = (raw, max) => {
  const v = toNumber(raw);
  return Number.isFinite(v) && max > 0 && Math.abs(v) / max > 0.55;
};

/** A tensor as editable text: a vector on one line, a matrix one row per line. */
export const formatTensorText = (v) => {
  if (!Array.isArray(v)) return String(v);
  if (!v.some(Array.isArray)) return `[${v.join(", ")}]`;
  return `[${v.map((row) => JSON.stringify(row).replaceAll(",", ", ")).join(",\n ")}]`;
};

/** Number of lines formatTensorText writes, for sizing a text box. */
export const tensorTextRows = (v) => (Array.isArray(v) && v.some(Array.isArray) ? v.length : 1);

/**
 * The running gradient of a tensor that feeds several consumers: `Σ of 2 contributions,
 * ‖∂‖ = 3.46`, or while some are still on their way `1 of 2 contributions, ‖∂‖ = 1.2 + …`.
 */
export const formatTensorSum = (terms, total, expected = terms.length) => {
  const n = terms.length;
  const size = `‖∂‖ = ${formatScalar(norm(total), 3)}`;
  if (n < expected) return `${n} of ${expected} contributions, ${size} + …`;
  return `Σ of ${n} contribution${n === 1 ? "" : "s"}, ${size}`;
};

/** A short description of a tensor for a caption: `4×3, ‖·‖ = 2.9`. */
export const describeTensor = (v) => `${shapeOf(v).join("×")}, ‖·‖ = ${formatScalar(norm(v), 3)}`;

/** A branch badge's sum: `1 + (-4) = -3` (`+ …` while arrivals are pending), or the tensor summary. */
export const branchSum = (terms, total, expected = terms.length) => {
  // Short vectors are written out like numbers ([1, 1] + [4, 6] = [5, 7]); bigger tensors summarised.
  const short = (v) => !isSummary(v) && (!Array.isArray(v) || (!v.some(Array.isArray) && v.length <= 4));
  if (!short(total) || !terms.every(short)) return formatTensorSum(terms, total, expected);
  return `${formatSum(terms, total)}${expected > terms.length ? " + …" : ""}`;
};

/**
 * What a wire says about the value it carries: numbers and short vectors written out, a bigger
 * tensor by its norm (`‖·‖ = 2.95`; its shape is on the node), so a layer-level graph still shows
 * how large each value and gradient is.
 */
export const formatWire = (v) => {
  if (isSummary(v)) return `‖·‖ = ${formatScalar(norm(v), 3)}`;
  if (!Array.isArray(v)) return formatValue(v);
  const shape = shapeOf(v);
  return shape.length === 1 && shape[0] <= 4 ? formatValue(v) : `‖·‖ = ${formatScalar(norm(v), 3)}`;
};

// A leaf read by hundreds of gates would get a badge of hundreds of terms, wider than the graph:
// past this many, the badge names the first terms, how many arrived, and the sum.
const BADGE_TERMS = 4;

/** The running sum a branch node's badge shows: branchSum, shortened past BADGE_TERMS scalar terms. */
export const badgeSum = (terms, total, expected) => {
  if (terms.length <= BADGE_TERMS || terms.some(Array.isArray)) return branchSum(terms, total, expected);
  const head = terms
    .slice(0, 2)
    .map((t) => formatTerm(t))
    .join(" + ");
  const more = expected > terms.length ? ` (${terms.length} of ${expected} terms)` : ` (${terms.length} terms)`;
  return `${head} + …${more} = ${formatValue(total)}`;
};
