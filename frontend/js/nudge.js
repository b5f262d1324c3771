// Nudging one input: the nudged values to evaluate, and the table of predicted vs actual change (pure).
import { toNumber } from "./format.js";
import { elementAt, elementIndices, elementLabel } from "./gradcheck.js";

/** The step sizes the nudge table tries, smallest first. */
export const NUDGE_STEPS = [0.001, 0.01, 0.1, 1];

/** Below this relative gap the prediction "matches"; below CLOSE it is "close"; beyond, it breaks down. */
export const MATCH = 1e-6;
export const CLOSE = 0.01;

/** Every element an input can be nudged at: [{index, label}] ([] index for a scalar). */
export const nudgeTargets = (name, value, label = elementLabel) => {
  const shape = [];
  for (let v = value; Array.isArray(v); v = v[0]) shape.push(v.length);
  return elementIndices(shape).map((index) => ({ index, label: label(name, index) }));
};

/** A copy of `values` with one element of one input moved by `delta` (other values shared). */
export const nudgedValues = (values, name, index, delta) => {
  const bump = (v, rest) => {
    if (rest.length === 0) return toNumber(v) + delta;
    const copy = [...v];
    copy[rest[0]] = bump(v[rest[0]], rest.slice(1));
    return copy;
  };
  return { ...values, [name]: bump(values[name], index) };
};

/** How far the actual change is from the prediction, relative to the larger of the two. */
export const relativeGap = (predicted, actual) => {
  const scale = Math.max(Math.abs(predicted), Math.abs(actual));
  if (scale === 0) return 0;
  return Math.abs(actual - predicted) / scale;
};

/** "match" | "close" | "breaks" for a predicted and an actual change. */
export const nudgeVerdict = (predicted, actual) => {
  const gap = relativeGap(predicted, actual);
  if (!Number.isFinite(gap)) return "breaks";
  if (gap <= MATCH) return "match";
  return gap <= CLOSE ? "close" : "breaks";
};

/** Words for a verdict and its gap, never colour alone: "matches", "close (0.4% off)", "breaks down (37% off)". */
export const verdictText = (verdict, gap) => {
  if (verdict === "match") return "matches";
  const pct = gap * 100;
  const off = `${pct >= 10 ? Math.round(pct) : Number(pct.toPrecision(2))}% off`;
  return verdict === "close" ? `close (${off})` : `breaks down (${off})`;
};

/**
 * One table row: `delta` the nudge, `grad` ∂f/∂x at the element, `base` f at the current values,
 * `output` f at the nudged values (from the API). The prediction ∂f/∂x·Δx and the difference
 * f(x+Δx) − f(x) are the only arithmetic done here.
 */
export const nudgeRow = ({ delta, grad, base, output }) => {
  const predicted = toNumber(grad) * delta;
  const actual = toNumber(output) - toNumber(base);
  const verdict = nudgeVerdict(predicted, actual);
  const gap = relativeGap(predicted, actual);
  return { delta, predicted, actual, error: actual - predicted, gap, verdict, text: verdictText(verdict, gap) };
};

/** The gradient of the output at one element of an input, from a trace's `gradients`. */
export const gradientAt = (trace, name, index) => toNumber(elementAt(trace.gradients?.[name], index));

/** The sentence under the table: where the first-order prediction stops being good. */
export const nudgeSummary = (label, rows) => {
  if (!rows.length) return "";
  const broken = rows.filter((r) => r.verdict === "breaks");
  if (rows.every((r) => r.verdict === "match")) {
    return `The prediction is exact at every step: the output is linear in ${label} here, so the gradient tells the whole story.`;
  }
  if (!broken.length)
    return `The prediction stays close for every step size tried: the output is nearly linear in ${label} over this range.`;
  const first = broken.reduce((a, b) => (Math.abs(b.delta) < Math.abs(a.delta) ? b : a));
  return `The gradient is a local slope: the prediction breaks down from Δ = ${first.delta}, where the output's curvature (or a kink) matters.`;
};
