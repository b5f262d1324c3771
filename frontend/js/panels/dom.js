// Small DOM helpers shared by the panels: elements, SVG elements, buttons, labelled fields, KaTeX, card heads.
import { getKatex } from "../vendor.js";
import { formatValue } from "../format.js";
import { texLabel } from "../groups.js";

const SVG_NS = "http://www.w3.org/2000/svg";

/** An element with a class and text (no HTML strings anywhere). */
export const el = (tag, cls, text) => {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
};

/** An element with attributes and text: `h("input", { id: "x", type: "text" })`. */
export const h = (tag, attrs = {}, text = null) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== null && text !== undefined) node.textContent = text;
  return node;
};

/** An SVG element with attributes and text. */
export const svgEl = (tag, attrs = {}, text = null) => {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== null && text !== undefined) node.textContent = text;
  return node;
};

/** A type="button" button with visible text and an optional aria-label and class. */
export const button = (text, { cls = "", label = null, onClick = null } = {}) => {
  const b = el("button", cls, text);
  b.type = "button";
  if (label) b.setAttribute("aria-label", label);
  if (onClick) b.addEventListener("click", onClick);
  return b;
};

let uid = 0;

/** A <label> + control pair: returns {wrap, label, control}; the label names the control. */
export const field = (text, control, { cls = "tool-field", hint = null } = {}) => {
  uid += 1;
  control.id = control.id || `tool-field-${uid}`;
  const wrap = el("div", cls);
  const label = el("label", "tool-label", text);
  label.htmlFor = control.id;
  wrap.append(label, control);
  if (hint) wrap.append(el("span", "tool-hint", hint));
  return { wrap, label, control };
};

/** A <select> with [value, text] options. */
export const select = (options, value) => {
  const s = el("select");
  setOptions(s, options);
  if (value !== undefined) s.value = value;
  return s;
};

/**
 * Replaces a select's options ([value, text] pairs), keeping its value; a value the options
 * lack stays as an option of its own (a list that arrives later, or one activation per layer).
 */
export const setOptions = (s, options) => {
  const value = s.value;
  s.replaceChildren();
  for (const [v, text] of options) {
    const o = el("option", "", text);
    o.value = v;
    s.append(o);
  }
  if (value) selectValue(s, value);
};

/** Sets a select's value, adding it as an option when the select lacks it. */
export const selectValue = (s, value) => {
  if (![...s.options].some((o) => o.value === value)) {
    const o = el("option", "", value);
    o.value = value;
    s.append(o);
  }
  s.value = value;
};

/**
 * An <input> with attributes; autocomplete="off" unless they say otherwise. The page keeps its
 * own state (the URL hash, localStorage), and Chromium saves the state of every control that
 * autocompletes on each history.replaceState, the hash rewrite of every step: with the 333
 * parameter checkboxes of a 2,000-node program, 2.4 ms a rewrite against 0.6 ms without.
 */
export const input = (attrs) => {
  const i = el("input");
  for (const [k, v] of Object.entries({ autocomplete: "off", ...attrs })) i.setAttribute(k, String(v));
  return i;
};

/** A card or inspector head: its title and a ✕ button named `closeLabel`. */
export const panelHead = (cls, title, closeLabel, onClose) => {
  const head = el("div", cls);
  head.append(
    el("h2", "panel-title", title),
    button("✕", { cls: "ghost small close", label: closeLabel, onClick: onClose }),
  );
  return head;
};

/** Renders TeX into a span with katex.render (DOM nodes, no HTML strings); plain text without KaTeX. */
export const tex = (source, display = false) => {
  const span = el("span", display ? "tex display" : "tex");
  const katex = getKatex();
  try {
    if (katex) katex.render(source, span, { throwOnError: false, displayMode: display });
    else span.textContent = source;
  } catch {
    span.textContent = source;
  }
  return span;
};

/** A number in TeX: `-1.5`, `2\times 10^{-7}`, `\infty`; `?` when unknown. */
export const texNum = (v) => {
  const s = formatValue(v);
  return s === "?" ? "?" : s.replace("∞", "\\infty").replace(/e(-?\d+)$/, "\\times 10^{$1}");
};

/** A number as a TeX term: negatives in parentheses, as in `1 + (-4)`. */
export const texTerm = (v) => (texNum(v).startsWith("-") ? `(${texNum(v)})` : texNum(v));

/** A node's name in TeX: its label (`W1[2,3]` -> W^{(1)}_{2,3}), a constant's value, or its gate. */
export const texName = (node) =>
  node?.label
    ? texLabel(node.label)
    : node?.kind === "const"
      ? texNum(node.value)
      : `\\text{${node?.symbol ?? node?.op ?? "?"}}`;
