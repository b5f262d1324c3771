// Teaching mode inside a graph view: "Predict" (answer before the numbers show) and "Forward mode"
// (tangents for one input), plus the paths of a selected node's gradient lit on the graph.
import { formatValue, formatTerm } from "../format.js";
import {
  askText,
  createSession,
  hintText,
  maskState,
  programKey,
  questionsOf,
  scoreText,
  tolerance,
} from "../predict.js";
import { forwardModeApplies, forwardTangents, pathsToOutput } from "../paths.js";
import { describeNode } from "../narrate.js";
import { createTensorStrip } from "./tensor_strip.js";

const html = (tag, attrs = {}, text = null) => {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (text !== null) el.textContent = text;
  return el;
};

const load = (key) => {
  try {
    return JSON.parse(globalThis.localStorage?.getItem(key) ?? "null");
  } catch {
    return null;
  }
};
const store = (key, value) => {
  try {
    globalThis.localStorage?.setItem(key, JSON.stringify(value));
  } catch {
    /* storage may be unavailable (private mode): the score lasts for the page */
  }
};

/**
 * Adds the two toggles to the view's toolbar (`tools`) and a panel after `after` (the stepper).
 * `view` gives { index(), step(), ops(), rerender(), svg() }. Returns hooks the view calls:
 * state(st) (what to draw), narration(st) (null: the usual one), afterRender(st, selected),
 * setIndex(index), destroy().
 */
export const createTeach = ({ tools, after, root, view }) => {
  const predictButton = html(
    "button",
    {
      type: "button",
      class: "ghost small predict-toggle",
      "aria-pressed": "false",
      title: "Predict each value and gradient before it is shown",
    },
    "Predict",
  );
  const forwardButton = html(
    "button",
    {
      type: "button",
      class: "ghost small forward-toggle",
      "aria-pressed": "false",
      title: "Forward mode: carry one input's tangent left to right",
    },
    "Forward mode",
  );
  tools.prepend(predictButton, forwardButton);

  const panel = html("section", { class: "teach-panel", "aria-label": "Teaching mode" });
  panel.hidden = true;
  // Predict: the question, "Your answer", Check / Reveal, the tolerance, the verdict and the score.
  const predictBox = html("div", { class: "predict-box" });
  const ask = html("p", { class: "predict-ask" });
  const row = html("div", { class: "predict-row" });
  const answerLabel = html("label", { class: "predict-label" }, "Your answer");
  const answer = html("input", {
    type: "text",
    class: "predict-answer",
    inputmode: "decimal",
    autocomplete: "off",
    spellcheck: "false",
  });
  const uid = `predict-${Math.random().toString(36).slice(2, 8)}`;
  answer.id = `${uid}-answer`;
  answerLabel.htmlFor = answer.id;
  const checkButton = html("button", { type: "button", class: "primary small predict-check" }, "Check");
  const revealButton = html("button", { type: "button", class: "ghost small predict-reveal" }, "Reveal");
  const tol = html("span", { class: "predict-tolerance" });
  row.append(answerLabel, answer, checkButton, revealButton, tol);
  const feedback = html("p", { class: "predict-feedback", role: "status", "aria-live": "polite" });
  const scoreRow = html("div", { class: "predict-score-row" });
  const score = html("span", { class: "predict-score" });
  const resetScore = html("button", { type: "button", class: "ghost small predict-reset" }, "Start over");
  scoreRow.append(score, resetScore);
  predictBox.append(ask, row, feedback, scoreRow);
  // Forward mode: which input's tangent, and what the wires show.
  const forwardBox = html("div", { class: "forward-box" });
  const inputLabel = html("label", { class: "predict-label" }, "Tangent of");
  const inputSelect = html("select", { class: "forward-input" });
  inputSelect.id = `${uid}-input`;
  inputLabel.htmlFor = inputSelect.id;
  const forwardNote = html("p", { class: "forward-note" });
  const forwardRow = html("div", { class: "predict-row" });
  forwardRow.append(inputLabel, inputSelect);
  forwardBox.append(forwardRow, forwardNote);
  panel.append(predictBox, forwardBox);
  after.after(panel);
  const strip = createTensorStrip({ tools, after: panel });

  let index = null;
  let session = null;
  let key = null;
  let predicting = false;
  let forward = false;
  let tangentOf = null;

  const save = () => key && session && store(key, session.saved());

  const setIndex = (next) => {
    index = next;
    key = programKey(next.trace);
    session = createSession(questionsOf(next), load(key));
    const inputs = next.trace.nodes.filter((n) => n.kind === "input");
    inputSelect.replaceChildren(...inputs.map((n) => html("option", { value: n.id }, n.label)));
    if (!inputs.some((n) => n.id === tangentOf)) tangentOf = inputs[0]?.id ?? null;
    if (tangentOf) inputSelect.value = tangentOf;
    if (forward && !forwardModeApplies(next)) setForward(false);
    feedback.textContent = "";
    sync();
  };

  const sync = () => {
    panel.hidden = !predicting && !forward;
    predictBox.hidden = !predicting;
    forwardBox.hidden = !forward;
    predictButton.setAttribute("aria-pressed", String(predicting));
    forwardButton.setAttribute("aria-pressed", String(forward));
    root.classList.toggle("predicting", predicting);
    root.classList.toggle("forward-mode", forward);
    forwardButton.disabled = Boolean(index) && !forwardModeApplies(index);
    forwardButton.title = forwardButton.disabled
      ? "Forward mode carries one scalar input's tangent: this program has tensors"
      : "Forward mode: carry one input's tangent left to right";
    if (session) score.textContent = `Score: ${scoreText(session.score)}`;
  };

  const setPredict = (on) => {
    predicting = on;
    if (on) forward = false;
    sync();
    view.rerender();
  };
  const setForward = (on) => {
    forward = on && (!index || forwardModeApplies(index));
    if (forward) predicting = false;
    sync();
    view.rerender();
  };
  predictButton.addEventListener("click", () => setPredict(!predicting));
  forwardButton.addEventListener("click", () => setForward(!forward));
  inputSelect.addEventListener("change", () => {
    tangentOf = inputSelect.value;
    view.rerender();
  });

  const current = () => (session ? session.current(view.step()) : null);

  const check = () => {
    const q = current();
    if (!q) return;
    const outcome = session.check(view.step(), answer.value);
    if (outcome.result === "unreadable") {
      feedback.textContent = "Not yet: type a number, such as -0.2 or 1/4.";
      answer.setAttribute("aria-invalid", "true");
      return;
    }
    answer.removeAttribute("aria-invalid");
    if (outcome.result === "correct") {
      feedback.textContent = `Correct: ${formatValue(q.answer)}.`;
      answer.value = "";
      save();
    } else {
      const hint = hintText(index, q, session.tries(q.id), view.state());
      feedback.textContent = `Not yet. ${hint ?? "Press Reveal to see it."}`;
    }
    sync();
    view.rerender();
  };
  checkButton.addEventListener("click", check);
  answer.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      check();
    }
  });
  revealButton.addEventListener("click", () => {
    const q = session?.reveal(view.step());
    if (!q) return;
    feedback.textContent = `Revealed: ${formatValue(q.answer)}${q.phase === "backward" ? ` = ${formatValue(q.upstream)} × ${formatTerm(q.local)}` : ""}.`;
    answer.value = "";
    save();
    sync();
    view.rerender();
  });
  resetScore.addEventListener("click", () => {
    session?.reset();
    save();
    feedback.textContent = "Started over: every value and gradient is hidden again.";
    sync();
    view.rerender();
  });

  // Forward mode's state: below each wire the tangent it carries (local × the source's tangent).
  const tangentState = (st) => {
    const done = Math.min(st.k, index.forwardCount);
    const f = forwardTangents(index, tangentOf, done);
    const edgeGrads = new Map();
    for (const e of index.trace.edges)
      if (f.tangents.has(e.source) && f.tangents.get(e.source) !== null) edgeGrads.set(e.id, f.tangents.get(e.source));
    const grads = new Map([...f.tangents].filter(([, v]) => v !== null));
    return { ...st, grads, edgeGrads, terms: new Map(), complete: new Set(grads.keys()), forward: f };
  };

  /** The state the view draws: masked while predicting, tangents in forward mode. */
  const state = (st) => {
    if (!index) return st;
    if (forward) return tangentState(st);
    if (predicting && session) return maskState(index, st, session.questions, session.checked);
    return st;
  };

  /** The narration while a mode is on (null: the view's usual sentence). */
  const narration = (st) => {
    if (!index) return null;
    if (forward) {
      const name = index.nodes.get(tangentOf)?.label ?? "x";
      const f = st.forward ?? forwardTangents(index, tangentOf, Math.min(st.k, index.forwardCount));
      if (!f.current)
        return `Forward mode for ${name}: ${name} carries the tangent 1, every other input 0. Step forward to push it through each gate.`;
      const node = index.nodes.get(f.current);
      const parts = (index.inEdges.get(f.current) ?? []).map(
        (e) => `${formatValue(edgeLocal(e.id))} × ${formatTerm(f.tangents.get(e.source))}`,
      );
      const t = f.tangents.get(f.current);
      const out =
        f.current === index.outputId
          ? ` That is ∂${index.nodes.get(index.outputId).label ?? "f"}/∂${name}, from one forward pass; the reverse pass gives every input's gradient at once.`
          : "";
      return `Forward mode for ${name}: ${describeNode(node, index, view.ops())} gets local × incoming tangent = ${parts.join(" + ")} = ${t === null ? "?" : formatValue(t)}.${out}`;
    }
    if (predicting && session) {
      const q = current();
      if (!q)
        return st.k === 0
          ? "Predict: step forward, and each step asks for its result before it is shown."
          : "Predict: nothing left to answer at this step. Step forward.";
      return `Predict: ${askText(index, q, view.ops())}`;
    }
    return null;
  };

  let locals = null;
  const edgeLocal = (id) => {
    if (!locals || locals.index !== index) {
      locals = { index, map: new Map() };
      for (const step of index.trace.steps) for (const c of step.contributions ?? []) locals.map.set(c.edge, c.local);
    }
    return locals.map.get(id);
  };

  // The open question's tolerance and field, and the lit paths of the selected node.
  const afterRender = (st, selected) => {
    if (predicting && session) {
      const q = current();
      const asked = session.questions.some((x) => x.step === view.step());
      const tensorStep = view.step() > 0 && !asked;
      ask.textContent = q
        ? askText(index, q, view.ops())
        : asked
          ? "This step is answered: step forward for the next."
          : tensorStep
            ? "This step computes a tensor: it is shown, not asked. Step forward."
            : "Step forward: each step asks for its result before it is shown.";
      tol.textContent = q ? `counts within ±${formatValue(tolerance(q.answer))}` : "";
      for (const el of [answer, checkButton, revealButton]) el.disabled = !q;
    }
    if (forward) {
      const name = index.nodes.get(tangentOf)?.label ?? "x";
      forwardNote.textContent = `Below each wire: its tangent ∂(value)/∂${name}, carried left to right with the same local derivatives the backward pass uses. One forward pass gives the derivative for ${name} only; one reverse pass gives all ${index.trace.nodes.filter((n) => n.kind === "input").length} inputs' gradients.`;
    }
    markPaths(selected, st);
    strip.render(index, st);
  };

  // Selecting a node whose gradient is known lights every path from it to the output.
  const markPaths = (selected, st) => {
    const svg = view.svg();
    if (!svg) return;
    for (const el of svg.querySelectorAll(".on-path")) el.classList.remove("on-path");
    if (!index || forward || !selected || !index.nodes.has(selected) || !st.grads.has(selected)) return;
    const { paths } = pathsToOutput(index, selected);
    for (const p of paths) {
      for (const e of p.edges)
        svg.querySelector(`g.edge[data-edge-id="${CSS.escape(e.id)}"]`)?.classList.add("on-path");
      for (const id of p.nodes) svg.querySelector(`g.node[data-node-id="${CSS.escape(id)}"]`)?.classList.add("on-path");
    }
  };

  return {
    state,
    narration,
    afterRender,
    setIndex,
    predicting: () => predicting,
    setPredict,
    setForward,
    destroy: () => (panel.remove(), predictButton.remove(), forwardButton.remove(), strip.destroy()),
  };
};
