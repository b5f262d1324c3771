// The "Gradient check" card: analytic vs numerical vs relative error per input, verdicts, kinks.
import { fetchGradcheck } from "../api.js";
import {
  VERDICTS,
  checkRows,
  explainKinks,
  formatError,
  formatPrecise,
  summarize,
  tensorVerdictText,
} from "../gradcheck.js";
import { agreementColor } from "../plot.js";
import { formatShape } from "../format.js";
import { el, button, field, input, panelHead } from "./dom.js";

const verdictCell = (verdict, text = null) => {
  const td = el("td", "verdict");
  td.append(
    el("span", "verdict-icon", VERDICTS[verdict].icon),
    document.createTextNode(` ${text ?? VERDICTS[verdict].word}`),
  );
  return td;
};

const numberCell = (value, cls) => {
  const td = el("td", `num ${cls}`, formatPrecise(value));
  td.dataset.value = String(value);
  return td;
};

const errorCell = (value, threshold) => {
  const td = el("td", "num rel");
  const chip = el("span", "rel-chip", value === null ? "—" : formatError(value));
  if (value !== null) chip.style.background = agreementColor(value, threshold);
  td.dataset.value = String(value);
  td.append(chip);
  return td;
};

/**
 * Creates the card inside `host`. `getSubject()` returns {body, values, label} for POST /gradcheck
 * (label(name, index) names an element; null when there is nothing to check); `onClose()` on close.
 */
export const createGradcheckCard = ({ host, getSubject, onClose = () => {} }) => {
  const card = el("section", "tool-card gradcheck-card");
  card.setAttribute("aria-label", "Gradient check");
  card.hidden = true;
  const head = panelHead("tool-card-head", "Gradient check", "Close gradient check", () => hide());
  // The central-difference step: empty uses the server's default (shown as the placeholder).
  const hInput = input({
    type: "text",
    inputmode: "decimal",
    spellcheck: "false",
    autocomplete: "off",
    placeholder: "1e-6",
    class: "h-input",
  });
  const hField = field("h", hInput, { cls: "tool-field inline", hint: "step of the central difference f(x ± h)" });
  hInput.addEventListener("change", () => refresh());
  const summary = el("p", "tool-summary");
  summary.setAttribute("role", "status");
  const tableWrap = el("div", "table-wrap");
  // It scrolls sideways on a narrow screen: keyboard users must be able to reach and scroll it.
  tableWrap.tabIndex = 0;
  tableWrap.setAttribute("role", "region");
  tableWrap.setAttribute("aria-label", "Analytic and numerical gradients, per input");
  const kinks = el("div", "kinks");
  card.append(head, hField.wrap, summary, tableWrap, kinks);
  host.append(card);
  let controller = null;
  const expanded = new Set();
  let last = null;

  const hide = () => {
    controller?.abort();
    card.hidden = true;
    onClose();
  };

  const render = (answer, values, label) => {
    const rows = checkRows(answer, label);
    last = { answer, values, label };
    summary.textContent = summarize(answer, rows, label);
    card.dataset.passed = String(answer.passed);
    const table = el("table", "check-table");
    const head = el("thead");
    const tr = el("tr");
    for (const [text, title] of [
      ["Input", null],
      ["Analytic", "backward pass"],
      ["Numerical", "central difference"],
      ["Relative error", "|a − n| / max(|a|,|n|)"],
      ["Verdict", null],
    ]) {
      const th = el("th", "", text);
      th.scope = "col";
      if (title) th.append(el("span", "th-note", title));
      tr.append(th);
    }
    head.append(tr);
    const body = el("tbody");
    for (const row of rows) {
      const line = el("tr", `verdict-${row.verdict}`);
      line.dataset.input = row.name;
      const name = el("th", "input-cell");
      name.scope = "row";
      if (row.tensor) {
        const open = expanded.has(row.name);
        const toggle = button(`${open ? "▾" : "▸"} ${row.name}`, {
          cls: "ghost small expand",
          label: `${open ? "Hide" : "Show"} the ${row.elements.length} elements of ${row.name}`,
          onClick: () => {
            if (expanded.has(row.name)) expanded.delete(row.name);
            else expanded.add(row.name);
            render(last.answer, last.values, last.label);
          },
        });
        toggle.setAttribute("aria-expanded", String(open));
        name.append(toggle);
        line.append(
          name,
          el(
            "td",
            "num muted",
            row.shape.length === 1
              ? `vector of ${row.shape[0]}`
              : `${formatShape(row.shape)} ${row.shape.length === 2 ? "matrix" : "tensor"}`,
          ),
          el("td", "num muted", "per element ↓"),
          errorCell(row.worst, answer.threshold),
          verdictCell(row.verdict, tensorVerdictText(row)),
        );
        body.append(line);
        if (open) {
          for (const e of row.elements) {
            const sub = el("tr", `element verdict-${e.verdict}`);
            sub.dataset.input = e.label;
            const th = el("th", "input-cell element-name", e.label);
            th.scope = "row";
            sub.append(
              th,
              numberCell(e.analytic, "analytic"),
              numberCell(e.numerical, "numerical"),
              errorCell(e.relativeError, answer.threshold),
              verdictCell(e.verdict),
            );
            body.append(sub);
          }
        }
        continue;
      }
      name.textContent = row.name;
      line.append(
        name,
        numberCell(row.analytic, "analytic"),
        numberCell(row.numerical, "numerical"),
        errorCell(row.relativeError, answer.threshold),
        verdictCell(row.verdict),
      );
      body.append(line);
    }
    table.append(head, body);
    tableWrap.replaceChildren(table);
    kinks.replaceChildren();
    if (answer.kinks.length) {
      kinks.append(el("h3", "", "Kinks"));
      const list = el("ul", "kink-list");
      for (const text of explainKinks(answer.kinks, values, label)) list.append(el("li", "", text));
      kinks.append(list);
    }
  };

  /** Runs the check for the current program and values and shows it. */
  const refresh = async () => {
    const subject = getSubject();
    if (!subject) {
      summary.textContent = "Nothing to check yet: the graph needs a program (or network) that runs.";
      return;
    }
    const text = hInput.value.trim();
    const h = text === "" ? null : Number(text);
    hInput.removeAttribute("aria-invalid");
    if (h !== null && !(Number.isFinite(h) && h > 0)) {
      hInput.setAttribute("aria-invalid", "true");
      summary.textContent = `h must be a positive number such as 1e-6, not “${text}”.`;
      return;
    }
    controller?.abort();
    controller = new AbortController();
    const mine = controller;
    card.dataset.state = "loading";
    card.setAttribute("aria-busy", "true");
    try {
      const answer = await fetchGradcheck(h === null ? subject.body : { ...subject.body, h }, { signal: mine.signal });
      if (mine !== controller) return;
      render(answer, subject.values, subject.label);
      card.dataset.state = "ready";
    } catch (err) {
      if (err?.name === "AbortError" || mine !== controller) return;
      summary.textContent = `The check could not run: ${err.message}`;
      tableWrap.replaceChildren();
      kinks.replaceChildren();
      card.dataset.state = "error";
    } finally {
      if (mine === controller) card.removeAttribute("aria-busy");
    }
  };

  const show = () => {
    card.hidden = false;
    return refresh();
  };

  return { show, hide, refresh, isOpen: () => !card.hidden, element: card };
};
