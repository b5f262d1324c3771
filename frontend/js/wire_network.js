// Wiring: network mode — the Expression/Network tabs, the network form, unit expand/collapse, its hash and storage.
import {
  DEFAULT_NETWORK_FORM,
  formToRequest,
  specToForm,
  fieldOfMessage,
  encodeNetworkHash,
  decodeNetworkHash,
  normalizeForm,
} from "./netspec.js";
import { groupsOf } from "./groups.js";
import { createNetworkForm } from "./panels/network_form.js";

const STORAGE_KEY = "chainrule.last-network";
const LECTURE = "two-layer-net-network";
// Editing these changes the graph's structure: the stepper restarts at 0 (as a program edit does).
const STRUCTURAL = new Set(["layers", "activation", "output_activation", "loss", "granularity", "bias"]);

/**
 * Wires network mode to the store (`page` from panels/page.js). `onCompute({ reset, step })` asks main to fetch and draw
 * again; `onModeChange(mode)` when the user switches tabs.
 */
export const createNetworkMode = ({ store, page, onCompute, onModeChange }) => {
  const $ = page.element;
  const tabs = { expression: $("tab-expression"), network: $("tab-network") };
  const panels = { expression: $("expression-panel"), network: $("network-panel") };
  const unitTools = [$("expand-all"), $("collapse-all")];
  let lecture = null;

  const save = () => {
    const { mode, network, expanded } = store.get();
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify({ mode, network, expanded }));
    } catch {
      /* storage may be unavailable; the hash still carries the state */
    }
  };

  const form = createNetworkForm(panels.network, {
    onChange: (network, { field }) => {
      store.set({ network });
      save();
      onCompute({ reset: STRUCTURAL.has(field) });
    },
  });

  const showMode = (mode) => {
    for (const [name, tab] of Object.entries(tabs)) {
      const on = name === mode;
      tab.setAttribute("aria-selected", on ? "true" : "false");
      tab.tabIndex = on ? 0 : -1;
      panels[name].hidden = !on;
    }
    page.set({ mode });
  };

  const setMode = (mode, { compute = true } = {}) => {
    const patch = { mode, selected: null };
    if (mode === "network" && !store.get().network) patch.network = lecture ?? { ...DEFAULT_NETWORK_FORM };
    store.set(patch);
    if (mode === "network") form.set(store.get().network);
    showMode(mode);
    save();
    if (compute) onModeChange(mode);
  };

  for (const [mode, tab] of Object.entries(tabs)) tab.addEventListener("click", () => setMode(mode));
  tabs.expression.parentElement.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
    event.preventDefault(); // the stepper's arrow keys must not fire too
    const next = store.get().mode === "network" ? "expression" : "network";
    setMode(next);
    tabs[next].focus();
  });

  // The units drawn gate by gate; `recompute: false` when the view already shows them (its own toggle).
  const setExpanded = (expanded, { recompute = true } = {}) => {
    store.set({ expanded });
    save();
    if (recompute) onCompute({ reset: false, relayout: true });
  };
  unitTools[0].addEventListener("click", () =>
    setExpanded([...groupsOf(store.get().trace ?? { nodes: [], edges: [], output: {} }).keys()]),
  );
  unitTools[1].addEventListener("click", () => setExpanded([]));

  const active = () => store.get().mode === "network";

  return {
    active,
    setMode,
    /** The POST /api/v1/network body; throws netspec.FormError for an unreadable field. */
    request: () => formToRequest(store.get().network),
    setExpanded,
    /** Which inputs start the drawing: at layer granularity only the data x (each W_k, b_k sits by its layer). */
    pinLabel: (trace) => (active() && !trace.nodes.some((n) => n.group) ? "x" : null),
    showError: (err) => form.setError({ message: err.message, field: err.field ?? fieldOfMessage(err.message) }),
    clearError: () => form.setError(null),
    /** The activations the form offers (activations.js, from the server's op registry). */
    setActivations: form.setActivations,
    /** Shows or hides Expand all / Collapse all for a trace with units. */
    updateTools: (trace) => {
      const units = trace.nodes.some((n) => n.group);
      for (const b of unitTools) b.hidden = !active() || !units;
    },
    setExamples: (list) => {
      const ex = list.find((e) => e.id === LECTURE);
      if (ex) lecture = specToForm(ex.network);
    },
    applyExample: (ex) => {
      store.set({ network: specToForm(ex.network), expanded: [] });
      setMode("network", { compute: false });
    },
    hash: (state) => (state.mode === "network" && state.network ? encodeNetworkHash(state) : null),
    /** Restores network mode from a hash; returns the step to show, or null if it is not a network hash. */
    restoreHash: (hash) => {
      const restored = decodeNetworkHash(hash);
      if (!restored) return null;
      store.set({ network: restored.network, expanded: restored.expanded });
      setMode("network", { compute: false });
      return restored.step;
    },
    /**
     * Loads the last session's network form from storage; with `activate`, also its mode.
     * Returns 0 (the step to show) when network mode is now on, else null.
     */
    restoreStored: ({ activate = true } = {}) => {
      let data;
      try {
        data = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "null");
      } catch {
        data = null; // unreadable storage starts afresh
      }
      if (data?.network)
        store.set({
          network: normalizeForm(data.network),
          expanded: Array.isArray(data.expanded) ? data.expanded : [],
        });
      if (!activate || data?.mode !== "network") return null;
      setMode("network", { compute: false });
      return 0;
    },
    showMode: () => showMode(store.get().mode ?? "expression"),
  };
};
