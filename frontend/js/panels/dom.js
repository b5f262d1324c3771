// Small DOM helpers shared by the gradient and training panels: elements, buttons, labelled fields.

/** An element with a class and text (no HTML strings anywhere). */
export const el = (tag, cls, text) => {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined && text !== null) node.textContent = text;
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
  for (const [v, text] of options) {
    const o = el("option", "", text);
    o.value = v;
    s.append(o);
  }
  if (value !== undefined) s.value = value;
  return s;
};

/** An <input> with attributes. */
export const input = (attrs) => {
  const i = el("input");
  for (const [k, v] of Object.entries(attrs)) i.setAttribute(k, String(v));
  return i;
};
