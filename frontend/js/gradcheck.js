// Reads a /gradcheck answer into table rows, verdicts in words and kink explanations (pure, DOM-free).
import { toNumber, formatValue, formatScalar } from "./format.js";

/** What each verdict says, so agreement is never shown by colour alone. */
export const VERDICTS = {
  pass: { icon: "✓", word: "agrees" },
  fail: { icon: "✗", word: "disagrees" },
  kink: { icon: "⚠", word: "at a kink" },
};

/** Every element index of a shape, in row-major order ([[]] for a scalar). */
export const elementIndices = (shape) => {
  let out = [[]];
  for (const n of shape ?? []) {
    const next = [];
    for (const prefix of out) for (let i = 0; i < n; i += 1) next.push([...prefix, i]);
    out = next;
  }
  return out;
};

/** The element of a nested list at an index (the value itself for []). */
export const elementAt = (nested, index) => index.reduce((v, i) => (Array.isArray(v) ? v[i] : v), nested);

/** How an element is named in the table: `x`, `W1[0][2]` (0-based, as the value is typed). */
export const elementLabel = (name, index) => `${name}${index.map((i) => `[${i}]`).join("")}`;

/** A network's element names, 1-based like its neuron diagram: `W1[1,3]`, `x[2]`. */
export const unitLabel = (name, index) => (index.length ? `${name}[${index.map((i) => i + 1).join(",")}]` : name);

/** An element's verdict: at a kink (not judged), within the threshold, or not. */
export const elementVerdict = (relativeError, atKink, threshold) => {
  if (atKink === true) return "kink";
  const r = toNumber(relativeError);
  return Number.isFinite(r) && r <= threshold ? "pass" : "fail";
};

/** A number with enough digits to see how close central differences come: -4.00000000056. */
export const formatPrecise = (raw, digits = 12) => {
  const v = toNumber(raw);
  if (!Number.isFinite(v)) return formatScalar(v);
  if (v === 0) return "0";
  const abs = Math.abs(v);
  if (abs >= 1e-4 && abs < 1e9) return String(Number(v.toPrecision(digits)));
  const [mant, exp] = v.toExponential(digits - 1).split("e");
  return `${String(Number(mant))}e${Number(exp)}`;
};

/** A relative error in two significant digits: 1.4e-10. */
export const formatError = (raw) => {
  const v = toNumber(raw);
  if (!Number.isFinite(v)) return formatScalar(v);
  if (v === 0) return "0";
  const [mant, exp] = v.toExponential(1).split("e");
  return Number(exp) >= -2 ? String(Number(v.toPrecision(2))) : `${Number(mant)}e${Number(exp)}`;
};

/**
 * One row per input, in the answer's order: scalars carry their numbers; tensors carry a summary
 * (largest judged relative error, counts per verdict) and one element row each.
 */
export const checkRows = (answer, label = elementLabel) => {
  const threshold = answer.threshold;
  return Object.entries(answer.inputs).map(([name, check]) => {
    const elements = elementIndices(check.shape).map((index) => {
      const relativeError = toNumber(elementAt(check.relative_error, index));
      return {
        label: label(name, index),
        index,
        analytic: toNumber(elementAt(check.analytic, index)),
        numerical: toNumber(elementAt(check.numerical, index)),
        relativeError,
        verdict: elementVerdict(relativeError, elementAt(check.at_kink, index), threshold),
      };
    });
    const counts = { pass: 0, fail: 0, kink: 0 };
    for (const e of elements) counts[e.verdict] += 1;
    const judged = elements.filter((e) => e.verdict !== "kink").map((e) => e.relativeError);
    const worst = judged.length ? judged.reduce((a, b) => (Number.isNaN(b) || b > a ? b : a), judged[0]) : null;
    const verdict = counts.fail ? "fail" : counts.kink ? "kink" : "pass";
    const tensor = check.shape.length > 0;
    return { name, shape: check.shape, tensor, verdict, counts, worst, elements, ...(tensor ? {} : elements[0]) };
  });
};

/** What a tensor row's verdict cell says: "4 of 4 agree", "1 of 6 disagrees; 1 at a kink". */
export const tensorVerdictText = ({ counts, elements }) => {
  const n = elements.length;
  const parts = [];
  if (counts.fail) parts.push(`${counts.fail} of ${n} ${counts.fail === 1 ? "disagrees" : "disagree"}`);
  else parts.push(`${counts.pass} of ${n} ${counts.pass === 1 ? "agrees" : "agree"}`);
  if (counts.kink) parts.push(`${counts.kink} at a kink`);
  return parts.join("; ");
};

/** The sentence over the table: the overall verdict, the worst element, threshold and cost. */
export const summarize = (answer, rows, label = elementLabel) => {
  const elements = rows.flatMap((r) => r.elements);
  const failed = elements.filter((e) => e.verdict === "fail");
  const kinks = elements.filter((e) => e.verdict === "kink").length;
  const worst = answer.worst
    ? ` Largest relative error ${formatError(answer.worst.relative_error)} at ${label(answer.worst.input, answer.worst.index)}.`
    : "";
  const kinkNote = kinks
    ? ` ${kinks} ${kinks === 1 ? "element sits" : "elements sit"} at a kink and ${kinks === 1 ? "is" : "are"} not judged (see below).`
    : "";
  const cost = ` Threshold ${formatError(answer.threshold)}, h = ${formatError(answer.h)}, ${answer.forward_passes} forward passes.`;
  if (failed.length) {
    const names = failed
      .slice(0, 3)
      .map((e) => e.label)
      .join(", ");
    const more = failed.length > 3 ? ` and ${failed.length - 3} more` : "";
    return `${failed.length} of ${elements.length - kinks} gradients disagree with central differences: ${names}${more}.${worst}${kinkNote}${cost}`;
  }
  const judged = elements.length - kinks;
  const all =
    judged === 0
      ? "No gradient could be judged."
      : judged === 1
        ? "The gradient agrees with central differences."
        : `All ${judged} gradients agree with central differences.`;
  return `${all}${worst}${kinkNote}${cost}`;
};

const opName = (kink) => (kink.label ? `${kink.op} (${kink.label})` : kink.op);
const kinkPlace = (kink) => `${opName(kink)}${kink.line ? ` (line ${kink.line}, column ${kink.column})` : ""}`;

/**
 * What the backward pass took at a kink, against the two one-sided slopes: one side, or a value
 * between them (a subgradient, as relu's 0 at 0 or max's even split of a tie), or neither.
 */
export const backwardChoice = (left, right, analytic) => {
  const [l, r, a] = [toNumber(left), toNumber(right), toNumber(analytic)];
  const close = (x, y) => Math.abs(x - y) <= 1e-6 * Math.max(1, Math.abs(x), Math.abs(y));
  if (close(a, l) && close(a, r)) return `The backward pass takes ${formatValue(a)}, the slope of both sides.`;
  if (close(a, l)) return `The backward pass takes the left side's slope (${formatValue(a)}).`;
  if (close(a, r)) return `The backward pass takes the right side's slope (${formatValue(a)}).`;
  if (a > Math.min(l, r) && a < Math.max(l, r)) {
    return `The backward pass takes ${formatValue(a)}, a value between the two sides (a subgradient: relu sends 0 at 0, max and min split a tie evenly).`;
  }
  return `The backward pass takes ${formatValue(a)}, which is neither side.`;
};

/**
 * Explains the kinks element by element: `x = 0 sits at the kinks of relu (line 1, column 1) and
 * max (…): one-sided slopes 0 (left) and 2 (right). The backward pass takes 0.5, …`. An element
 * nudged across several kinks is explained once. `values` are the inputs the check ran at.
 */
export const explainKinks = (kinks, values = {}, label = elementLabel) => {
  const byElement = new Map();
  for (const kink of kinks) {
    for (const c of kink.crossings) {
      const key = JSON.stringify([c.input, c.index]);
      if (!byElement.has(key)) byElement.set(key, { crossing: c, kinks: [] });
      byElement.get(key).kinks.push(kink);
    }
  }
  return [...byElement.values()].map(({ crossing: c, kinks: where }) => {
    const name = label(c.input, c.index);
    const value = values[c.input] === undefined ? "" : ` = ${formatValue(elementAt(values[c.input], c.index))}`;
    const place = where.every((k) => k.at_point) ? "sits at" : "is nudged across";
    const list = where.map(kinkPlace);
    const joined = list.length === 1 ? list[0] : `${list.slice(0, -1).join(", ")} and ${list[list.length - 1]}`;
    const central = (toNumber(c.left) + toNumber(c.right)) / 2;
    return (
      `${name}${value} ${place} the kink${where.length > 1 ? "s" : ""} of ${joined}: one-sided slopes ${formatValue(c.left)} (left) and ${formatValue(c.right)} (right). ` +
      `${backwardChoice(c.left, c.right, c.analytic)} The central difference averages the two sides (about ${formatValue(central)}), ` +
      "so neither is wrong and this element is not judged."
    );
  });
};

/** One kink's explanations (explainKinks for a single kink). */
export const explainKink = (kink, values = {}, label = elementLabel) => explainKinks([kink], values, label);
