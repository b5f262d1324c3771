// The shape algebra of a tensor gate's vector-Jacobian products, and matrices as TeX (pure, DOM-free).
import { formatScalar, shapeOf } from "./format.js";

const dims = (shape) => (shape.length ? shape.join("×") : "1");
const asMatrix = (shape, side) => (shape.length === 1 ? (side === "row" ? [1, shape[0]] : [shape[0], 1]) : shape);
const paren = (shape) => `(${shape.join("×")})`;

/**
 * How each operand's gradient is made, with its shapes, for gate `op` with operand shapes `ins`
 * and output shape `out`: for W @ x with W 4×3, x 3, G 4: `G·xᵀ : (4×1)·(1×3) → 4×3` and
 * `Wᵀ·G : (3×4)·(4×1) → 3`. Elementwise operands smaller than the output are summed over the
 * broadcast axes (`Σ over the batch (axis 0) : 3×1 → 1`). Returns one entry per operand:
 * { rule (plain text, operands called `names`), shapes (text), summed (axes summed, [] when none) }.
 */
export const vjpShapes = (op, ins, out, names = ["A", "B"]) => {
  if (op === "matmul" && ins.length === 2) {
    const [a, b] = ins;
    const A = asMatrix(a, "row");
    const B = asMatrix(b, "col");
    const G = [A[0], B[1]];
    return [
      { rule: `G·${names[1]}ᵀ`, shapes: `${paren(G)}·${paren([B[1], B[0]])} → ${dims(a)}`, summed: [] },
      { rule: `${names[0]}ᵀ·G`, shapes: `${paren([A[1], A[0]])}·${paren(G)} → ${dims(b)}`, summed: [] },
    ];
  }
  if (op === "sum" || op === "mean") {
    return [
      {
        rule: op === "sum" ? "g·1" : "(g/n)·1",
        shapes: `${dims(out)} → ${dims(ins[0])} (the upstream number copied to every element)`,
        summed: [],
      },
    ];
  }
  if (op === "transpose") return [{ rule: "Gᵀ", shapes: `${dims(out)} → ${dims(ins[0])}`, summed: [] }];
  return ins.map((shape) => {
    const summed = broadcastAxes(shape, out);
    const shapes = summed.length ? `${dims(out)} → ${dims(shape)}` : `${dims(out)}`;
    return { rule: "G ⊙ f′", shapes, summed };
  });
};

/** The output axes an operand of shape `shape` was broadcast along (numpy's rules, reversed). */
export const broadcastAxes = (shape, out) => {
  const extra = out.length - shape.length;
  const axes = [];
  for (let i = 0; i < out.length; i += 1) {
    const own = i - extra < 0 ? null : shape[i - extra];
    if (own === null || (own === 1 && out[i] !== 1)) axes.push(i);
  }
  return axes;
};

/** "Σ over the batch (axis 0)" or "Σ over axes 0, 1": why a smaller operand's gradient is a sum. */
export const summedText = (axes, out) => {
  if (!axes.length) return "";
  if (axes.length === 1 && axes[0] === 0 && out.length === 2) return "Σ over the batch (axis 0: one row per sample)";
  return `Σ over ${axes.length === 1 ? "axis" : "axes"} ${axes.join(", ")} (the axes it was broadcast along)`;
};

/** A small vector or matrix as a TeX bmatrix (a vector as a column), or null when it is too big to read. */
export const texMatrix = (value, { max = 6, row = false } = {}) => {
  const shape = shapeOf(value);
  if (shape.length === 0) return formatScalar(value, 3);
  if (shape.length > 2 || shape.some((n) => n > max)) return null;
  const rows = shape.length === 1 ? (row ? [value] : value.map((v) => [v])) : value;
  const body = rows.map((r) => r.map((v) => formatScalar(v, 3).replace("∞", "\\infty")).join(" & ")).join(" \\\\ ");
  return `\\begin{bmatrix} ${body} \\end{bmatrix}`;
};
