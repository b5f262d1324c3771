// TeX for the inspector's "with the numbers": operands named, local derivatives filled in (pure, DOM-free).
import { formatValue } from "./format.js";
import { texLabel } from "./groups.js";

/** The placeholder letter of a gate's i-th operand in the registry's formulas: a, b, … */
export const operandLetter = (i) => ["a", "b", "c", "d"][i] ?? `x_{${i}}`;

/** A number in TeX: `-1.5`, `2\times 10^{-7}`, `\infty`; `?` when unknown. */
export const texNumber = (v) => {
  const s = formatValue(v);
  return s === "?" ? "?" : s.replace("∞", "\\infty").replace(/e(-?\d+)$/, "\\times 10^{$1}");
};

/** A number as a TeX factor: negatives in parentheses, as in `2\,(-3)`. */
export const texFactor = (v) => (texNumber(v).startsWith("-") ? `(${texNumber(v)})` : texNumber(v));

/**
 * The operands of a gate with the numbers: `a = x_{0} = -1` for a named operand, `a = 1` for an
 * unnamed gate or a constant (never the gate's symbol). `operands` are [{node, value}].
 */
export const operandsWithNumbers = (operands) =>
  operands
    .map(({ node, value }, i) => {
      const named = node?.label && node.kind !== "const" ? ` = ${texLabel(node.label)}` : "";
      return `${operandLetter(i)}${named} = ${texNumber(value)}`;
    })
    .join(",\\quad ");

// The formula after its left-hand side (which never holds an "="): `\frac{∂(ab)}{∂a} = b` -> `b`.
const rightSide = (formula) => {
  const cut = formula.indexOf("= ");
  return cut < 0 ? null : formula.slice(cut + 2).trim();
};

// Replaces `form` by `value`, with a \cdot where the value would run into a digit (`2\sqrt{a}` -> `2 \cdot 2`).
const insert = (text, form, value) =>
  text.split(form).reduce((acc, part) => `${acc}${/[\d}]$/.test(acc) ? " \\cdot " : ""}${value}${part}`);

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// The ways a formula may write the op's own output: `e^{a}` and `e^a`, `\tanh a` and `\tanh^2 a`.
const outputForms = (expression, out) => {
  if (!expression || !/\ba\b/.test(expression) || /\bb\b/.test(expression)) return [];
  const forms = [
    [expression, texFactor(out)],
    [expression.replace(/\{a\}/g, "a"), texFactor(out)],
  ];
  const command = /^(\\[A-Za-z]+)\s+a$/.exec(expression);
  if (command) forms.push([`${command[1]}^2 a`, `${texFactor(out)}^2`]);
  return forms;
};

/**
 * The right-hand side of a local-derivative formula with the numbers put in: the op's output for
 * its own formula (σ(a)(1 − σ(a)) reads 0.7311 (1 − 0.7311)), then each operand letter for its
 * value (`\cos a` reads `\cos(-2)`). Returns null when the formula has no right-hand side.
 */
export const fillFormula = (formula, { expression = "", inputs = [], output } = {}) => {
  let rhs = rightSide(formula);
  if (rhs === null) return null;
  if (output !== undefined) {
    for (const [form, value] of outputForms(expression, output)) rhs = insert(rhs, form, value);
  }
  inputs.forEach((value, i) => {
    const letter = operandLetter(i);
    if (value === undefined || letter.includes("{")) return;
    const plain = texNumber(value);
    rhs = rhs
      .replace(new RegExp(`\\((${escape(letter)})\\)`, "g"), `(${plain})`) // sign(a) -> sign(-2)
      .replace(new RegExp(`(\\\\[A-Za-z]+)\\s+${letter}(?![A-Za-z])`, "g"), `$1(${plain})`) // \cos a -> \cos(-2)
      .replace(new RegExp(`\\^${letter}(?![A-Za-z])`, "g"), `^{${plain}}`)
      .replace(new RegExp(`(?<![\\\\A-Za-z])${letter}(?![A-Za-z])`, "g"), texFactor(value));
  });
  const whole = /^\((-[^()]*)\)$/.exec(rhs); // a lone negative needs no parentheses
  return whole ? whole[1] : rhs;
};

/**
 * The whole line for one input: `\frac{∂σ(a)}{∂a} = σ(a)(1 − σ(a)) = 0.7311\,(1 − 0.7311) = 0.1966`,
 * dropping a filled-in step that says no more than the number.
 */
export const localWithNumbers = (formula, options) => localSteps(formula, options).join(" = ");

/** The same line as its steps: [formula, filled-in right-hand side, value] (those that say more). */
export const localSteps = (formula, { expression, inputs, output, local }) => {
  const filled = fillFormula(formula, { expression, inputs, output });
  const value = local === undefined || local === null ? null : texNumber(local);
  const steps = [formula];
  const rhs = rightSide(formula);
  if (filled !== null && filled !== rhs && filled !== value) steps.push(filled);
  if (value !== null && rhs !== value) steps.push(value);
  return steps;
};

/** Steps as one TeX block, one "= …" per line, so a long line never runs out of a narrow panel. */
export const alignedSteps = (steps) =>
  steps.length < 2
    ? (steps[0] ?? "")
    : `\\begin{aligned} ${steps[0]} &= ${steps.slice(1).join(" \\\\ &= ")} \\end{aligned}`;
