// Wiring: fetch a trace (expression or network), lay it out when its structure changed, draw it, show errors.
import { fetchTrace, fetchNetwork } from "./api.js";
import { getElk } from "./vendor.js";
import { layoutView } from "./layout_network.js";
import { indexTrace, clampStep } from "./timeline.js";

const DEBOUNCE_MS = 150;

// Layout depends only on the graph's structure: value changes reuse the drawn graph.
const structureKey = (trace) => JSON.stringify([
  trace.nodes.map((n) => [n.id, n.kind, n.op, n.label, n.kind === "const" ? n.value : 0]),
  trace.edges.map((e) => [e.id, e.source, e.target, e.index]),
]);

/**
 * Adds to `app` compute({step, keep}) (fetch, lay out, draw), schedule({reset}) (debounced
 * compute) and showError(err). Reads app.store, app.view, app.status, app.page, app.netMode, app.editor.
 */
export const wireCompute = (app) => {
  const { store, view, status, page } = app;
  let layoutKey = null;
  let generation = 0;
  let controller = null;
  let debounceTimer = null;

  const showError = (err) => {
    if (err.kind === "program" || err.kind === "limit" || err.name === "FormError") {
      if (app.netMode.active()) app.netMode.showError(err);
      else app.editor.setError({ message: err.message, line: err.line, column: err.column });
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
    const { netMode, editor } = app;
    controller?.abort();
    controller = new AbortController();
    const gen = ++generation;
    performance.mark("chainrule:request");
    page.set({ status: "loading" });
    status.show("Computing…", "progress", { delay: 400 });
    let trace;
    try {
      const signal = controller.signal;
      trace = netMode.active() ? await fetchNetwork(netMode.request(), { signal }) : await fetchTrace(expression, values, { signal });
    } catch (err) {
      if (err?.name === "AbortError" || gen !== generation) return;
      showError(err);
      return;
    }
    if (gen !== generation) return;
    performance.mark("chainrule:fetched");
    const index = indexTrace(trace);
    const shown = netMode.view(trace); // network diagrams draw collapsed units; otherwise the trace itself
    const viewIndex = shown.identity ? index : indexTrace(shown.trace);
    const key = structureKey(shown.trace);
    if (key !== layoutKey) {
      const n = trace.nodes.length;
      status.show(`Laying out ${n} nodes…`, "progress", { delay: n > 150 ? 0 : 250 });
      let positions;
      try {
        positions = await layoutView(getElk(), shown);
      } catch (err) {
        if (gen === generation) status.show(`Layout failed: ${err?.message ?? err}`, "error");
        return;
      }
      if (gen !== generation) return;
      performance.mark("chainrule:laid-out");
      view.draw(viewIndex, positions);
      layoutKey = key;
    }
    status.clear();
    page.setStale(false);
    netMode.clearError();
    netMode.updateTools(shown);
    if (!netMode.active()) {
      editor.setError(null);
      const names = trace.nodes.filter((node) => node.kind === "input").map((node) => node.label);
      editor.setInputs(names, store.get().values);
    }
    const picked = store.get().selected;
    const selected = index.nodes.has(picked) || viewIndex.nodes.has(picked) ? picked : null;
    store.set({ trace, index, shown, viewIndex, error: null, step: clampStep(index, keep ? store.get().step : step), selected });
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

  Object.assign(app, { compute, schedule, showError });
};
