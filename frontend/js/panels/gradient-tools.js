// The "Gradients" card (Check gradients, Nudge, gradient descent) wired to the app store and graph view.
import { fetchTrace, fetchNetwork, fetchExamples } from "../api.js";
import { nudgedValues } from "../nudge.js";
import { defaultFrozen, networkValues, sameValues } from "../descent.js";
import { elementLabel, unitLabel } from "../gradcheck.js";
import { el, button } from "./dom.js";
import { createGradcheckCard } from "./gradcheck.js";
import { createNudgeCard } from "./nudge.js";
import { createDescentControls } from "./descent.js";

const outputLabel = (trace) => trace.nodes.find((n) => n.id === trace.output.node)?.label ?? "";

/**
 * An expression program as the gradient tools see it: what to check, evaluate, step and undo.
 * `source` is the {expression, values} the trace was computed for; `applyValues(values)` sets
 * input values as if typed (and recomputes).
 */
export const expressionSubject = (source, trace, applyValues, examples = []) => {
  const { expression, values } = source;
  const names = trace.nodes.filter((n) => n.kind === "input").map((n) => n.label);
  return {
    key: `expression:${expression}`,
    trace,
    values,
    label: elementLabel,
    outputLabel: outputLabel(trace),
    parameterNames: names,
    defaultOff: defaultFrozen(names, expression, examples), // data and targets stay put
    gradcheckBody: { expression, values },
    evaluate: (name, index, delta) =>
      fetchTrace(expression, nudgedValues(values, name, index, delta)).then((t) => t.output.value),
    stepBody: (parameters, learningRate) => ({ expression, values, parameters, learning_rate: learningRate }),
    apply: (result) => applyValues(result.values),
    snapshot: () => values,
    restore: (snapshot) => applyValues(snapshot),
    expectedAfter: (result) => result.values,
  };
};

/**
 * A network (network mode) as the gradient tools see it. `request` is the POST /network body the
 * trace came from; `applyNetwork(spec)` shows a spec in network mode (and recomputes). Steps
 * update the weights (the input x too, if chosen); elements are named 1-based, like the diagram.
 */
export const networkSubject = (request, trace, applyNetwork) => {
  const values = networkValues(trace);
  const { x, ...weights } = values;
  const spec = { ...request, input: x, weights };
  const structure = ["layers", "activation", "output_activation", "loss", "bias", "granularity"].map((k) => request[k]);
  const evaluated = { ...request, granularity: "layer" }; // same output, fewer nodes
  const specOf = (v) => {
    const { x: input, ...w } = v;
    return { ...spec, input, weights: w };
  };
  return {
    key: `network:${JSON.stringify(structure)}`,
    trace,
    values,
    stepValues: values,
    label: unitLabel,
    outputLabel: outputLabel(trace),
    parameterNames: Object.keys(values),
    defaultOff: ["x"],
    gradcheckBody: { network: spec },
    evaluate: (name, index, delta) => {
      const { x: input, ...w } = nudgedValues(values, name, index, delta);
      return fetchNetwork({ ...evaluated, input, weights: w }).then((t) => t.output.value);
    },
    stepBody: (parameters, learningRate) => ({ network: spec, parameters, learning_rate: learningRate }),
    apply: (result) => applyNetwork(specOf(result.values)),
    snapshot: () => values,
    restore: (snapshot) => applyNetwork(specOf(snapshot)),
    expectedAfter: (result) => result.values,
  };
};

/**
 * Builds the tools. `store` is the app store; `view` the graph view; `makeSubject(state, source)`
 * returns the current subject (expressionSubject or networkSubject) or null. Hosts: #gradient-tools
 * in the side column, #analysis under the graph for the check and nudge cards.
 */
export const createGradientTools = ({ store, view, makeSubject }) => {
  const side = document.getElementById("gradient-tools");
  const analysis = document.getElementById("analysis");
  side.append(el("h2", "panel-title", "Gradients"));
  const buttons = el("div", "tool-row");
  const checkButton = button("Check gradients");
  const nudgeButton = button("Nudge an input");
  buttons.append(checkButton, nudgeButton);
  side.append(buttons);

  // The program and values the current trace was computed for (the store holds both).
  const makeSource = (state) => ({ expression: state.expression, values: state.values });
  let source = null;
  let expected = null; // the values a step or undo set, to tell them from hand edits
  // The built-in examples say which of their inputs are parameters (the rest are data and targets).
  let examples = [];
  fetchExamples().then(
    (list) => {
      examples = Array.isArray(list) ? list : [];
    },
    () => {},
  );
  const subject = () => {
    const state = store.get();
    if (!state.trace || !source) return null;
    try {
      const s = makeSubject(state, source);
      if (s?.key?.startsWith("expression:"))
        s.defaultOff = defaultFrozen(s.parameterNames, source.expression, examples);
      return s;
    } catch {
      return null; // e.g. a network form field that does not read
    }
  };
  const syncAnalysis = () => {
    analysis.hidden = !(check.isOpen() || nudge.isOpen());
    checkButton.setAttribute("aria-expanded", String(check.isOpen()));
    nudgeButton.setAttribute("aria-expanded", String(nudge.isOpen()));
  };
  const check = createGradcheckCard({
    host: analysis,
    getSubject: () => {
      const s = subject();
      return s ? { body: s.gradcheckBody, values: s.values, label: s.label } : null;
    },
    onClose: syncAnalysis,
  });
  const nudge = createNudgeCard({ host: analysis, getSubject: subject, onClose: syncAnalysis });
  const descent = createDescentControls({
    host: side,
    view,
    getSubject: () => {
      const s = subject();
      if (!s) return null;
      return {
        ...s,
        apply: (result) => {
          expected = s.expectedAfter(result);
          return s.apply(result);
        },
        restore: (snapshot) => {
          expected = snapshot;
          return s.restore(snapshot);
        },
      };
    },
  });

  checkButton.addEventListener("click", () => {
    check.show();
    syncAnalysis();
  });
  nudgeButton.addEventListener("click", () => {
    const selected = store.get().index?.nodes.get(store.get().selected);
    nudge.show(selected?.kind === "input" ? selected.label : null);
    syncAnalysis();
  });

  // The cards change the graph's height when they open, fill or close: keep the graph fitted.
  new ResizeObserver(() => view.fit()).observe(view.element);

  store.subscribe((state, previous) => {
    if (state.trace && state.trace !== previous.trace) {
      source = makeSource(state);
      const s = subject();
      descent.update(s, { stepped: expected !== null && sameValues(s?.stepValues ?? state.values, expected) });
      if (check.isOpen()) check.refresh();
      if (nudge.isOpen()) nudge.refresh();
    }
    if (state.error && state.error !== previous.error && state.error.kind !== "server") {
      descent.suspend("Fix the program to take a gradient step: these are the parameters of the program that runs.");
    }
    if (state.selected !== previous.selected && nudge.isOpen()) {
      const node = state.index?.nodes.get(state.selected);
      if (node?.kind === "input" && state.values[node.label] !== undefined) nudge.show(node.label);
    }
  });

  return { check, nudge, descent };
};
