// Colour scales and chart scaling for the gradient tools and the training panel (pure, DOM-free).
import { toNumber } from "./format.js";

/** The two classes' colours (TensorFlow Playground's orange and blue) as [r, g, b]. */
export const CLASS_COLORS = [
  [245, 147, 34],
  [8, 119, 189],
];
const WHITE = [255, 255, 255];

/** Mixes two [r, g, b] colours: t = 0 gives a, t = 1 gives b. */
export const mix = (a, b, t) => a.map((x, i) => Math.round(x + (b[i] - x) * t));
const clamp01 = (t) => Math.min(1, Math.max(0, t));

/**
 * The value range a decision-surface grid spans, from its kind: probabilities 0..1, class
 * indices 0..classes-1, outputs between the training targets: `off` (class 0's target, the
 * output activation's class_off from activations.js) and 1.
 */
export const surfaceRange = (kind, off = -1, classes = 2) => {
  if (kind === "probability") return { lo: 0, hi: 1 };
  if (kind === "class") return { lo: 0, hi: Math.max(1, classes - 1) };
  return { lo: off, hi: 1 };
};

/**
 * Diverging colour of a surface value: class-0 orange at `lo`, white on the decision boundary
 * halfway, class-1 blue at `hi`; values beyond the range saturate. Returns [r, g, b].
 */
export const surfaceColor = (raw, { lo, hi }) => {
  const v = toNumber(raw);
  if (!Number.isFinite(v)) return [200, 200, 200];
  const t = clamp01((v - lo) / (hi - lo || 1)) * 2 - 1; // -1 .. 1
  // Softened so the data points stay readable on top, as in the Playground.
  const strength = 0.82 * Math.abs(t) ** 0.8;
  return mix(WHITE, CLASS_COLORS[t < 0 ? 0 : 1], strength);
};

/**
 * Background for a relative error: green when tiny, amber near the threshold, red above it
 * (a log scale: 1e-12 → green, threshold → amber, 1 → red). Returns a CSS hsl() string.
 */
export const agreementColor = (raw, threshold = 1e-5) => {
  const r = toNumber(raw);
  if (!Number.isFinite(r)) return "hsl(0 75% 88%)";
  const lg = Math.log10(Math.max(r, 1e-16));
  const lt = Math.log10(threshold);
  const t = lg <= lt ? clamp01((lg + 12) / (lt + 12)) * 0.5 : 0.5 + clamp01((lg - lt) / -lt) * 0.5;
  const hue = Math.round(130 - 130 * t); // 130 green → 65 amber → 0 red
  return `hsl(${hue} 70% ${Math.round(90 - 4 * t)}%)`;
};

/** Loss-curve points [step, loss] up to step `upTo`: step 0 is the initial loss, step k is losses[k-1]. */
export const lossPoints = (initialLoss, losses, upTo = losses.length) => {
  const n = Math.max(0, Math.min(upTo, losses.length));
  const points = [[0, toNumber(initialLoss)]];
  for (let k = 1; k <= n; k += 1) points.push([k, toNumber(losses[k - 1])]);
  return points;
};

/** At most `max` points, evenly strided, always keeping the first and the last (for drawing). */
export const downsample = (points, max = 600) => {
  if (points.length <= max) return points;
  const stride = (points.length - 1) / (max - 1);
  const out = [];
  for (let i = 0; i < max; i += 1) out.push(points[Math.round(i * stride)]);
  out[out.length - 1] = points[points.length - 1];
  return out;
};

/** Smallest value a log-scale loss axis shows: losses of 1e-32 would squash the curve into a line. */
export const LOG_FLOOR_RATIO = 1e-9;

/**
 * The y domain of a loss curve over the whole run (so the frame does not jump while it replays):
 * linear [0, max]; log [max(smallest positive, max·1e-9), max]. Non-finite losses are skipped.
 */
export const lossDomain = (values, log = false) => {
  const finite = values.map(toNumber).filter(Number.isFinite);
  const max = finite.length ? finite.reduce((a, b) => (b > a ? b : a)) : 1;
  if (!log) return [0, max > 0 ? max : 1];
  const top = max > 0 ? max : 1;
  const positive = finite.filter((v) => v > 0);
  const low = positive.length ? positive.reduce((a, b) => (b < a ? b : a)) : top / 10;
  const floor = Math.max(low, top * LOG_FLOOR_RATIO);
  return [floor < top ? floor : top / 10, top];
};

/** A loss as plotted on a given domain: clamped into it (so a log axis never sees 0). */
export const plotLoss = (raw, [lo, hi]) => {
  const v = toNumber(raw);
  if (!Number.isFinite(v)) return hi;
  return Math.min(hi, Math.max(lo, v));
};
