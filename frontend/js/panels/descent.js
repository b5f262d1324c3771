// Gradient descent controls: learning rate, parameters, "Take a gradient step", "Undo step", the loss.
import { fetchStep } from "../api.js";
import { chosenParameters, createHistory, stepCards } from "../descent.js";
import { formatValue } from "../format.js";
import { el, button, field, input } from "./dom.js";
import { drawStepOverlay, clearStepOverlay } from "./step-overlay.js";

/**
 * Builds the controls into `host`. `getSubject()` returns the current subject (see
 * gradient-tools.js): {trace, outputLabel, parameterNames, stepBody(params, lr), apply(result),
 * snapshot(), restore(snapshot), key}. `view` is the graph view (for the overlay).
 */
export const createDescentControls = ({ host, getSubject, view }) => {
  const box = el("div", "descent");
  box.append(el("h3", "tool-subtitle", "Gradient descent"));
  const rate = input({ type: "number", step: "any", min: "0", value: "0.1", inputmode: "decimal", class: "rate" });
  const rateField = field("Learning rate", rate, { hint: "α in w ← w − α ∂J/∂w" });
  const params = el("fieldset", "param-list");
  params.append(el("legend", "", "Parameters"));
  const paramBoxes = el("div", "param-boxes");
  params.append(paramBoxes);
  const stepButton = button("Take a gradient step", { cls: "primary" });
  const undoButton = button("Undo step");
  undoButton.disabled = true;
  const actions = el("div", "tool-row");
  actions.append(stepButton, undoButton);
  const result = el("p", "step-result");
  result.setAttribute("role", "status");
  box.append(rateField.wrap, params, actions, result);
  host.append(box);

  const history = createHistory();
  const checked = {};
  let names = [];
  let shown = null; // {result, key}: the step drawn on the graph
  let busy = false;
  let subjectKey = null;

  const setParameters = (list, defaultOff = []) => {
    if (list.join("\u0000") === names.join("\u0000")) return;
    names = list;
    for (const name of defaultOff) if (checked[name] === undefined) checked[name] = false;
    paramBoxes.replaceChildren(
      ...list.map((name) => {
        const id = `param-${name.replace(/[^\w-]/g, "_")}`;
        const wrap = el("div", "param");
        const cb = input({ type: "checkbox", id });
        cb.checked = checked[name] !== false;
        cb.addEventListener("change", () => {
          checked[name] = cb.checked;
          render();
        });
        // Named "Update w0", not "w0": the input field above is the one called w0.
        const label = el("label");
        label.append(el("span", "sr-only", "Update "), document.createTextNode(name));
        label.htmlFor = id;
        wrap.append(cb, label);
        return wrap;
      }),
    );
  };

  const readRate = () => {
    const v = Number(rate.value);
    const ok = rate.value.trim() !== "" && Number.isFinite(v) && v > 0;
    rate.toggleAttribute("aria-invalid", !ok);
    return ok ? v : null;
  };

  const render = () => {
    const anyChecked = names.some((n) => checked[n] !== false);
    stepButton.disabled = busy || !anyChecked || names.length === 0;
    undoButton.disabled = busy || history.size() === 0;
    box.dataset.steps = String(history.size());
  };

  const describe = (r, steps) => {
    const label = getSubject()?.outputLabel || "J";
    const change = r.loss_after - r.loss_before;
    result.textContent = `Step ${steps} (α = ${formatValue(r.learning_rate)}): ${label} went from ${formatValue(r.loss_before)} to ${formatValue(r.loss_after)} (${change > 0 ? "+" : ""}${formatValue(change)}).`;
    result.dataset.lossBefore = String(r.loss_before);
    result.dataset.lossAfter = String(r.loss_after);
  };

  const draw = (subject, r) => {
    if (!r) {
      clearStepOverlay(view);
      shown = null;
      return;
    }
    const cards = stepCards(subject.trace, r, subject.outputLabel);
    const drawn = drawStepOverlay(
      view,
      cards,
      { label: subject.outputLabel || "J", before: r.loss_before, after: r.loss_after },
      r.learning_rate,
    );
    shown = { result: r, hidden: Object.keys(r.parameters).length > 0 && drawn === 0 };
  };

  const take = async () => {
    const subject = getSubject();
    const alpha = readRate();
    if (!subject || alpha === null) {
      result.textContent =
        alpha === null ? "Enter a learning rate above 0." : "The graph needs a program (or network) that runs first.";
      return;
    }
    busy = true;
    render();
    box.dataset.state = "loading";
    try {
      const r = await fetchStep(subject.stepBody(chosenParameters(names, checked), alpha));
      history.push({ restore: subject.snapshot(), result: r });
      await subject.apply(r);
      draw(getSubject() ?? subject, r);
      describe(r, history.size());
      if (shown?.hidden) result.textContent += " Expand the units to see each weight's update on the graph.";
      box.dataset.state = "ready";
    } catch (err) {
      result.textContent = `The step could not be taken: ${err.message}`;
      box.dataset.state = "error";
    } finally {
      busy = false;
      render();
    }
  };

  const undo = async () => {
    const entry = history.pop();
    if (!entry) return;
    busy = true;
    render();
    try {
      await getSubject().restore(entry.restore);
      const previous = history.top();
      draw(getSubject(), previous?.result ?? null);
      if (previous) describe(previous.result, history.size());
      else {
        result.textContent = "Undone: back to the values before the first step.";
        delete result.dataset.lossBefore;
        delete result.dataset.lossAfter;
      }
    } finally {
      busy = false;
      render();
    }
  };

  stepButton.addEventListener("click", take);
  undoButton.addEventListener("click", undo);
  rate.addEventListener("input", readRate);

  /**
   * Called when the subject changes: a new program (or network shape) forgets the history; values
   * that are no longer the stepped ones (edited by hand) take the cards off the graph.
   */
  const update = (subject, { stepped = false } = {}) => {
    if (!subject) return;
    if (subject.key !== subjectKey) {
      for (const name of Object.keys(checked)) delete checked[name];
      names = [];
    }
    setParameters(subject.parameterNames, subject.defaultOff);
    if (subject.key !== subjectKey) {
      subjectKey = subject.key;
      history.clear();
      if (shown) draw(subject, null);
      result.textContent = "";
    } else if (shown && !stepped) {
      draw(subject, null);
    }
    render();
  };

  /**
   * The program no longer runs (its graph is the last good one, dimmed): the old program's
   * parameters are not offered; the next trace rebuilds the list.
   */
  const suspend = (message) => {
    names = [];
    subjectKey = null;
    for (const name of Object.keys(checked)) delete checked[name];
    paramBoxes.replaceChildren(el("p", "muted", message));
    history.clear();
    if (shown) draw(null, null);
    result.textContent = "";
    render();
  };

  render();
  return { update, suspend, isBusy: () => busy };
};
