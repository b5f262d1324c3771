// Expression-mode input rows for tensors: a text box with one matrix row per line and the shape beside the name.
import { formatShape, shapeOf } from "../format.js";
import { tensorTextRows } from "../tensor.js";

/**
 * Makes row `r` ({row, field, slider, onField}) fit its value: a tensor gets a <textarea> (same
 * id, so its label still names it) sized to its rows and a shape tag; a number gets back the
 * number field. `value` is the tensor, or null for a scalar.
 */
export const useTensorField = (r, value) => {
  const tensor = value !== null;
  // Never swap the element under the user's cursor: the one-line field reads JSON too.
  if (tensor !== (r.field.tagName === "TEXTAREA") && document.activeElement !== r.field) {
    const next = document.createElement(tensor ? "textarea" : "input");
    next.id = r.field.id;
    next.className = r.field.className;
    next.spellcheck = false;
    next.setAttribute("autocomplete", "off");
    if (!tensor) next.type = "text";
    next.addEventListener("input", r.onField);
    r.field.replaceWith(next);
    r.field = next;
  }
  r.row.classList.toggle("tensor-row", tensor);
  let tag = r.row.querySelector(".input-shape");
  if (tensor) {
    if (!tag) {
      tag = document.createElement("span");
      tag.className = "input-shape";
      r.row.querySelector("label").after(tag);
    }
    tag.textContent = formatShape(shapeOf(value));
    if (r.field.tagName === "TEXTAREA") r.field.rows = Math.min(10, tensorTextRows(value));
  } else tag?.remove();
};
