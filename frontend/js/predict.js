// Predict, then reveal: the questions a trace asks, what stays hidden until checked, answers and score (pure, DOM-free).
import { formatValue, toNumber } from "./format.js";
import { describeNode, gateExpression } from "./narrate.js";

const isScalar = (v) => !Array.isArray(v);

/**
 * One question per scalar result of the trace, in step order: a forward step's value, a backward
 * step's contribution on each edge (upstream × local). Tensor results are not asked (shown as
 * they come). Each: {id, step (1-based), phase, node, edge?, target?, answer, upstream?, local?}.
 */
export const questionsOf = (index) => {
  const out = [];
  index.trace.steps.forEach((step, i) => {
    if (step.phase === "forward") {
      if (isScalar(step.value))
        out.push({
          id: `v:${step.node}`,
          step: i + 1,
          phase: "forward",
          node: step.node,
          answer: toNumber(step.value),
        });
      return;
    }
    for (const c of step.contributions ?? []) {
      if (!isScalar(c.grad) || c.local === null || c.local === undefined) continue;
      out.push({
        id: `g:${c.edge}`,
        step: i + 1,
        phase: "backward",
        node: step.node,
        edge: c.edge,
        target: c.target,
        answer: toNumber(c.grad),
        upstream: toNumber(step.grad),
        local: toNumber(c.local),
      });
    }
  });
  return out;
};

/** How far an answer may be from the truth and still count: ±1%, at least ±0.01. */
export const tolerance = (truth) => Math.max(0.01, Math.abs(toNumber(truth)) * 0.01);

/**
 * Reads what was typed: a number (`-0.2`, `1e-3`, `.5`) or a fraction (`1/4`, `-3/2`); never
 * evaluated as code. Returns the number, or null when it does not read.
 */
export const readAnswer = (text) => {
  const t = String(text ?? "")
    .trim()
    .replace(/−/g, "-")
    .replace(/,/g, ".");
  if (t === "") return null;
  const fraction = /^([+-]?(?:\d+\.?\d*|\.\d+))\s*\/\s*(\d+\.?\d*|\.\d+)$/.exec(t);
  if (fraction) {
    const d = Number(fraction[2]);
    return d === 0 ? null : Number(fraction[1]) / d;
  }
  const n = Number(t);
  return /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i.test(t) && Number.isFinite(n) ? n : null;
};

/** Whether `value` is within the question's tolerance of its answer (NaN answers: typed "NaN"). */
export const isCorrect = (question, value, typed = "") => {
  if (Number.isNaN(question.answer)) return /^nan$/i.test(String(typed).trim());
  if (value === null || !Number.isFinite(question.answer)) return false;
  return Math.abs(value - question.answer) <= tolerance(question.answer);
};

/**
 * The state a predicting class sees after step k: every value and gradient whose question is
 * not checked yet is taken out (the graph draws "?"), and a gradient that sums an unchecked
 * arrival is hidden with it. `checked` is a Set of question ids.
 */
export const maskState = (index, state, questions, checked) => {
  const values = new Map(state.values);
  const grads = new Map(state.grads);
  const terms = new Map(state.terms);
  const edgeValues = new Map(state.edgeValues);
  const edgeGrads = new Map(state.edgeGrads);
  for (const q of questions) {
    if (checked.has(q.id)) continue;
    if (q.phase === "forward") {
      if (q.step > state.k) continue;
      values.delete(q.node);
      for (const e of index.outEdges.get(q.node) ?? []) edgeValues.delete(e.id);
    } else if (q.step <= state.k || state.phase === "done") {
      edgeGrads.delete(q.edge);
      grads.delete(q.target);
      terms.delete(q.target);
    }
  }
  const complete = new Set([...state.complete].filter((id) => grads.has(id)));
  return { ...state, values, grads, terms, edgeValues, edgeGrads, complete };
};

/** The questions of step k that are not checked yet, in order (the first is asked). */
export const openQuestions = (questions, checked, k) => questions.filter((q) => q.step === k && !checked.has(q.id));

/**
 * What the class is asked, in words: `What is w0 × x0?` or `What does the × gate computing
 * w0 × x0 send back to w0 (upstream × local)?`.
 */
export const askText = (index, question, ops = {}) => {
  const node = index.nodes.get(question.node);
  if (question.phase === "forward") {
    const name = node.label
      ? `${node.label} = ${gateExpression(index, { ...node, label: null }, ops)}`
      : gateExpression(index, node, ops);
    return `What is ${name}?`;
  }
  const target = describeNode(index.nodes.get(question.target), index, ops);
  return `What does the ${node.symbol ?? node.op} gate computing ${gateExpression(index, { ...node, label: null }, ops)} send back to ${target} (upstream × local)?`;
};

/**
 * The hint after `level` wrong tries, one factor at a time: backward, the upstream gradient, then
 * the local derivative; forward, the operands, then the sum written out. Null past the last.
 */
export const hintText = (index, question, level, state) => {
  if (level <= 0) return null;
  if (question.phase === "backward") {
    if (level === 1) return `Hint: the upstream gradient (arriving at the gate) is ${formatValue(question.upstream)}.`;
    if (level === 2)
      return `Hint: the local derivative on this wire is ${formatValue(question.local)}; multiply it by the upstream gradient ${formatValue(question.upstream)}.`;
    return null;
  }
  const inputs = (index.inEdges.get(question.node) ?? []).map((e) => index.nodes.get(e.source));
  const named = inputs.map(
    (n) =>
      `${n.kind === "const" ? "the constant" : (n.label ?? "the input")} ${formatValue(state.values.get(n.id) ?? n.value)}`,
  );
  if (level === 1) return `Hint: the gate reads ${named.join(" and ")}.`;
  if (level === 2) {
    const node = index.nodes.get(question.node);
    return `Hint: apply ${node.op} to ${inputs.map((n) => formatValue(state.values.get(n.id) ?? n.value)).join(" and ")}.`;
  }
  return null;
};

/** "7 of 9 right": right answers (hints allowed) out of the questions checked or revealed. */
export const scoreText = (score) => `${score.right} of ${score.done} right`;

/** A short stable key for a program and its values (FNV-1a over its nodes), for localStorage. */
export const programKey = (trace) => {
  const text = JSON.stringify(trace.nodes.map((n) => [n.kind, n.op, n.label, n.kind === "op" ? null : n.value]));
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `chainrule:predict:${h.toString(16)}`;
};

/**
 * The predict session of one trace: check(text) answers the first open question of step k,
 * reveal() gives it up; both update the score and the checked set. `saved` is {checked, right,
 * done} from storage (kept only if it belongs to these questions).
 */
export const createSession = (questions, saved = null) => {
  const ids = new Set(questions.map((q) => q.id));
  const checked = new Set((saved?.checked ?? []).filter((id) => ids.has(id)));
  const score = { right: Math.min(saved?.right ?? 0, checked.size), done: checked.size };
  const tries = new Map(); // question id -> wrong tries so far (the hint level)
  const current = (k) => openQuestions(questions, checked, k)[0] ?? null;
  return {
    questions,
    checked,
    score,
    current,
    tries: (id) => tries.get(id) ?? 0,
    /** Checks typed text against step k's open question: {result: "correct" | "wrong" | "unreadable" | "none", question}. */
    check(k, text) {
      const q = current(k);
      if (!q) return { result: "none", question: null };
      const value = readAnswer(text);
      if (value === null && !Number.isNaN(q.answer)) return { result: "unreadable", question: q };
      if (isCorrect(q, value, text)) {
        checked.add(q.id);
        score.right += 1;
        score.done += 1;
        return { result: "correct", question: q };
      }
      tries.set(q.id, (tries.get(q.id) ?? 0) + 1);
      return { result: "wrong", question: q };
    },
    /** Gives up step k's open question: it is shown and counts as not right. */
    reveal(k) {
      const q = current(k);
      if (!q) return null;
      checked.add(q.id);
      score.done += 1;
      return q;
    },
    reset() {
      checked.clear();
      tries.clear();
      score.right = 0;
      score.done = 0;
    },
    saved: () => ({ checked: [...checked], right: score.right, done: score.done }),
  };
};
