// Wiring: fetch a trace (expression or network) and hand it to the graph view; show errors.
import { fetchTrace, fetchNetwork } from "./api.js";

const DEBOUNCE_MS = 150;

/**
 * Fetching and showing traces. Returns compute({step, keep}) (fetch, then view.setTrace),
 * schedule({reset}) (debounced compute) and showError(err). `editor()` gives the expression
 * editor (made after this, since its callbacks call schedule).
 */
export const wireCompute = ({ store, view, status, page, netMode, editor: getEditor }) => {
  let generation = 0;
  let controller = null;
  let debounceTimer = null;

  const showError = (err) => {
    if (err.kind === "program" || err.kind === "limit" || err.name === "FormError") {
      if (netMode.active()) netMode.showError(err);
      else getEditor().setError({ message: err.message, line: err.line, column: err.column });
      status.clear();
      page.setStale(true);
    } else {
      status.show(`${err.message} Your program and values are kept.`, "error");
    }
    store.set({ error: { message: err.message, line: err.line, column: err.column, kind: err.kind ?? "program" } });
    page.set({ status: "error" });
  };

  const compute = async ({ step = 0, keep = false } = {}) => {
    const { expression, values } = store.get();
    const editor = getEditor();
    controller?.abort();
    controller = new AbortController();
    const gen = ++generation;
    performance.mark("chainrule:request");
    page.set({ status: "loading" });
    status.show("Computing…", "progress", { delay: 400 });
    let trace;
    try {
      const signal = controller.signal;
      trace = netMode.active()
        ? await fetchNetwork(netMode.request(), { signal })
        : await fetchTrace(expression, values, { signal });
    } catch (err) {
      if (err?.name === "AbortError" || gen !== generation) return;
      showError(err);
      return;
    }
    if (gen !== generation) return;
    performance.mark("chainrule:fetched");
    status.clear();
    const next = Math.max(0, Math.min(trace.steps.length, keep ? store.get().step : step));
    view.setOptions({ pinLabel: netMode.pinLabel(trace) });
    const { expanded, openGroups } = store.get();
    await view.setTrace(trace, { step: next, expanded: (netMode.active() ? expanded : openGroups) ?? [] });
    if (gen !== generation) return;
    performance.mark("chainrule:laid-out");
    page.setStale(false);
    netMode.clearError();
    netMode.updateTools(trace);
    if (!netMode.active()) {
      editor.setError(null);
      const names = trace.nodes.filter((node) => node.kind === "input").map((node) => node.label);
      editor.setInputs(names, store.get().values);
    }
    const picked = store.get().selected;
    const selected = trace.nodes.some((n) => n.id === picked) || String(picked).startsWith("group:") ? picked : null;
    if (selected !== picked) view.select(selected);
    store.set({ trace, index: view.index(), error: null, step: next, selected });
    if (performance.getEntriesByName("chainrule:typed").length) {
      performance.measure("chainrule:typed-to-drawn", "chainrule:typed");
    }
    // The browser tests and the layout benchmark wait on these attributes (the CSP forbids eval).
    page.set({
      granularity: netMode.active() ? store.get().network.granularity : "",
      output: String(trace.output.value),
      expression,
      status: "ready",
    });
  };

  // A program edit restarts the stepper at 0; a value edit keeps the step the user is on when the
  // new trace arrives. Several edits within the debounce window: a program edit wins.
  let pendingReset = false;
  const schedule = ({ reset }) => {
    pendingReset = pendingReset || reset;
    clearTimeout(debounceTimer);
    debounceTimer = setTimeout(() => {
      const keep = !pendingReset;
      pendingReset = false;
      compute({ keep });
    }, DEBOUNCE_MS);
  };

  return { compute, schedule, showError };
};
