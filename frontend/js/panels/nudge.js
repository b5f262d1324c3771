// The "Nudge" card: move one input by Δ and compare the output's actual change with ∂f/∂x·Δ.
import { NUDGE_STEPS, gradientAt, nudgeRow, nudgeSummary, nudgeTargets } from "../nudge.js";
import { elementAt, formatError, formatPrecise } from "../gradcheck.js";
import { formatValue } from "../format.js";
import { el, field, panelHead, select } from "./dom.js";

const VERDICT_ICON = { match: "✓", close: "≈", breaks: "✗" };

/**
 * Creates the card inside `host`. `getSubject()` returns {trace, values, evaluate(name, index, delta)}
 * where evaluate resolves to the output at the nudged point (from the API), or null.
 */
export const createNudgeCard = ({ host, getSubject, onClose = () => {} }) => {
  const card = el("section", "tool-card nudge-card");
  card.setAttribute("aria-label", "Nudge an input");
  card.hidden = true;
  const head = panelHead("tool-card-head", "Nudge an input", "Close nudge", () => hide());
  const inputSelect = select([]);
  const elementSelect = select([]);
  const direction = select(
    [
      ["1", "increase (+Δ)"],
      ["-1", "decrease (−Δ)"],
    ],
    "1",
  );
  const controls = el("div", "tool-row");
  const elementField = field("Element", elementSelect);
  controls.append(field("Input to nudge", inputSelect).wrap, elementField.wrap, field("Direction", direction).wrap);
  const point = el("p", "tool-summary");
  const tableWrap = el("div", "table-wrap");
  tableWrap.tabIndex = 0; // it may scroll sideways: reachable by keyboard
  tableWrap.setAttribute("role", "region");
  tableWrap.setAttribute("aria-label", "Predicted and actual changes");
  const note = el("p", "tool-note");
  note.setAttribute("role", "status");
  card.append(head, controls, point, tableWrap, note);
  host.append(card);
  let controller = 0;
  let wanted = null; // the input the user picked, kept across program edits while it exists

  const hide = () => {
    controller += 1;
    card.hidden = true;
    onClose();
  };

  const fillSelects = (subject) => {
    const names = subject.parameterNames;
    const current = wanted && names.includes(wanted) ? wanted : names[0];
    inputSelect.replaceChildren(...names.map((n) => Object.assign(el("option", "", n), { value: n })));
    if (current !== undefined) inputSelect.value = current;
    const targets = current === undefined ? [] : nudgeTargets(current, subject.values[current], subject.label);
    const keep = elementSelect.value;
    elementSelect.replaceChildren(
      ...targets.map((t, i) => Object.assign(el("option", "", t.label), { value: String(i) })),
    );
    elementSelect.value = targets.some((_, i) => String(i) === keep) ? keep : "0";
    elementField.wrap.hidden = targets.length <= 1;
    return { name: current, target: targets[Number(elementSelect.value)] ?? null };
  };

  const refresh = async () => {
    const subject = getSubject();
    if (card.hidden) return;
    if (!subject) {
      point.textContent = "Nothing to nudge yet: the graph needs a program (or network) that runs.";
      return;
    }
    const { name, target } = fillSelects(subject);
    if (!target) {
      point.textContent = "This program has no inputs to nudge.";
      tableWrap.replaceChildren();
      return;
    }
    const run = ++controller;
    card.dataset.state = "loading";
    const grad = gradientAt(subject.trace, name, target.index);
    const base = subject.trace.output.value;
    const x = elementAt(subject.values[name], target.index);
    const out = subject.outputLabel || "f";
    point.textContent =
      `At ${target.label} = ${formatValue(x)}: ${out} = ${formatValue(base)} and ∂${out}/∂${target.label} = ${formatValue(grad)}. ` +
      `The gradient predicts that nudging ${target.label} by Δ changes ${out} by about ∂${out}/∂${target.label} · Δ.`;
    const sign = Number(direction.value);
    const deltas = NUDGE_STEPS.map((d) => d * sign);
    let outputs;
    try {
      outputs = await Promise.all(deltas.map((d) => subject.evaluate(name, target.index, d)));
    } catch (err) {
      if (run !== controller) return;
      note.textContent = `The nudged programs could not run: ${err.message}`;
      card.dataset.state = "error";
      return;
    }
    if (run !== controller) return;
    const rows = deltas.map((delta, i) => nudgeRow({ delta, grad, base, output: outputs[i] }));
    const table = el("table", "nudge-table");
    const headRow = el("tr");
    for (const [text, note] of [
      ["Δ", null],
      ["Predicted", `∂${out}/∂${target.label} · Δ`],
      ["Actual", `${out}(${target.label} + Δ) − ${out}`],
      ["Difference", "actual − predicted"],
      ["Prediction", null],
    ]) {
      const th = el("th", "", text);
      th.scope = "col";
      if (note) th.append(el("span", "th-note", note));
      headRow.append(th);
    }
    const body = el("tbody");
    for (const r of rows) {
      const tr = el("tr", `nudge-${r.verdict}`);
      tr.dataset.delta = String(r.delta);
      const th = el("th", "num", String(r.delta));
      th.scope = "row";
      const cell = (v, cls) => Object.assign(el("td", `num ${cls}`, formatPrecise(v, 8)), { title: String(v) });
      const predicted = cell(r.predicted, "predicted");
      predicted.dataset.value = String(r.predicted);
      const actual = cell(r.actual, "actual");
      actual.dataset.value = String(r.actual);
      const verdict = el("td", "verdict");
      verdict.append(el("span", "verdict-icon", VERDICT_ICON[r.verdict]), document.createTextNode(` ${r.text}`));
      const gap = Object.assign(el("td", "num gap", formatError(r.error)), { title: String(r.error) });
      tr.append(th, predicted, actual, gap, verdict);
      body.append(tr);
    }
    const thead = el("thead");
    thead.append(headRow);
    table.append(thead, body);
    tableWrap.replaceChildren(table);
    note.textContent = nudgeSummary(target.label, rows);
    card.dataset.state = "ready";
  };

  inputSelect.addEventListener("change", () => {
    wanted = inputSelect.value;
    elementSelect.value = "0";
    refresh();
  });
  elementSelect.addEventListener("change", refresh);
  direction.addEventListener("change", refresh);

  const show = (name = null) => {
    if (name) wanted = name;
    card.hidden = false;
    return refresh();
  };

  return { show, hide, refresh, isOpen: () => !card.hidden, element: card };
};
