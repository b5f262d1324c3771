// Wiring only: connects the store, the API, layout, the graph view and the panels.
import { fetchTrace, fetchOps, fetchExamples, fetchNetwork } from "./api.js";
import { getElk } from "./vendor.js";
import { layoutView } from "./layout_network.js";
import { createNetworkMode } from "./network_mode.js";
import { indexTrace, stateAt, clampStep, branchNodes } from "./timeline.js";
import { narrate } from "./narrate.js";
import { detectInputs } from "./program.js";
import { createStore, initialState, encodeHash, decodeHash, STORAGE_KEY, toStored, fromStored, valuesForInputs } from "./state.js";
import { createGraphView } from "./render.js";
import { createEditor } from "./panels/editor.js";
import { createControls } from "./panels/controls.js";
import { createNarration } from "./panels/narration.js";
import { createStatus } from "./panels/status.js";
import { createInspector } from "./panels/inspector.js";
import { renderLegend } from "./panels/legend.js";
import { createExport } from "./panels/export.js";
import { createGradientTools, expressionSubject, networkSubject } from "./panels/gradient-tools.js";
import { createViews } from "./panels/views.js";
import { createTraining } from "./panels/training.js";

const DEFAULT = { expression: "q = x + y\nf = q * z", values: { x: -2, y: 5, z: -4 }, step: 0 };
const DEBOUNCE_MS = 150;
const reducedMotion = globalThis.matchMedia?.("(prefers-reduced-motion: reduce)").matches ?? false;

const store = createStore(initialState());
const remembered = {}; // every value typed this session, so a name that comes back keeps its value
let ops = {};
let examples = [];
let layoutKey = null;
let generation = 0;
let controller = null;
let debounceTimer = null;
let playTimer = null;
let pendingAnimation = null;
let lastHash = null;

const status = createStatus();
const narration = createNarration();
const view = createGraphView(document.getElementById("graph"), {
  onSelect: (id) => store.set({ selected: id }),
  onToggle: (group) => netMode.toggle(group),
});
const inspector = createInspector({ onClose: () => store.set({ selected: null }) });

// Layout depends only on the graph's structure: value changes reuse the drawn graph.
const structureKey = (trace) => JSON.stringify([
  trace.nodes.map((n) => [n.id, n.kind, n.op, n.label, n.kind === "const" ? n.value : 0]),
  trace.edges.map((e) => [e.id, e.source, e.target, e.index]),
]);

const compute = async ({ step = 0, keep = false } = {}) => {
  const { expression, values } = store.get();
  controller?.abort();
  controller = new AbortController();
  const gen = ++generation;
  performance.mark("chainrule:request");
  document.body.dataset.status = "loading";
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
  document.body.classList.remove("stale");
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
  document.body.dataset.granularity = netMode.active() ? store.get().network.granularity : "";
  if (performance.getEntriesByName("chainrule:typed").length) {
    performance.measure("chainrule:typed-to-drawn", "chainrule:typed");
  }
  document.body.dataset.output = String(trace.output.value);
  document.body.dataset.expression = expression;
  document.body.dataset.status = "ready";
};

const showError = (err) => {
  if (err.kind === "program" || err.kind === "limit" || err.name === "FormError") {
    if (netMode.active()) netMode.showError(err);
    else editor.setError({ message: err.message, line: err.line, column: err.column });
    status.clear();
    document.body.classList.add("stale");
  } else {
    status.show(`${err.message} Your program and values are kept.`, "error");
  }
  store.set({ error: { message: err.message, line: err.line, column: err.column, kind: err.kind ?? "program" } });
  document.body.dataset.status = "error";
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

const save = () => {
  try {
    localStorage.setItem(STORAGE_KEY, toStored(store.get()));
  } catch {
    /* storage may be unavailable (private mode); the hash still carries the state */
  }
};

const setProgram = (text, defaults = {}) => {
  const names = detectInputs(text);
  const values = valuesForInputs(names, { ...remembered, ...store.get().values }, defaults);
  Object.assign(remembered, values);
  editor.setInputs(names, values);
  store.set({ expression: text, values });
  save();
};

const editor = createEditor({
  onProgram: (text) => {
    performance.mark("chainrule:typed");
    document.getElementById("examples").value = "";
    stop();
    setProgram(text);
    schedule({ reset: true });
  },
  onValue: (name, value) => {
    remembered[name] = value;
    store.set({ values: { ...store.get().values, [name]: value } });
    save();
    schedule({ reset: false });
  },
  onExample: (id) => {
    const ex = examples.find((e) => e.id === id);
    if (!ex) return;
    stop();
    if (ex.kind === "network") {
      netMode.applyExample(ex);
      compute({ step: 0 });
      return;
    }
    netMode.setMode("expression", { compute: false });
    Object.assign(remembered, ex.values);
    editor.setProgram(ex.expression);
    store.set({ values: {} });
    setProgram(ex.expression, ex.values);
    compute({ step: 0 });
  },
});

// Stepping.
const total = () => store.get().index?.total ?? 0;
const duration = (base) => (reducedMotion ? 0 : base / store.get().speed);
const go = (k, animate = false) => {
  const { index, step } = store.get();
  if (!index) return;
  const next = clampStep(index, k);
  pendingAnimation = animate && next === step + 1 ? { step: index.trace.steps[step], duration: duration(650) } : null;
  store.set({ step: next });
};
const stop = () => {
  clearTimeout(playTimer);
  playTimer = null;
  if (store.get().playing) store.set({ playing: false });
};
const tick = () => {
  if (store.get().step >= total()) return stop();
  go(store.get().step + 1, true);
  playTimer = setTimeout(tick, duration(1100) || 400);
};
const actions = {
  reset: () => (stop(), go(0)),
  back: () => (stop(), go(store.get().step - 1)),
  forward: () => (stop(), go(store.get().step + 1, true)),
  end: () => (stop(), go(total())),
  seek: (k) => (stop(), go(k)),
  setSpeed: (speed) => store.set({ speed }),
  togglePlay: () => {
    if (store.get().playing) return stop();
    if (!store.get().index || total() === 0) return;
    if (store.get().step >= total()) go(0);
    store.set({ playing: true });
    tick();
  },
};
const controls = createControls(actions);
const netMode = createNetworkMode({
  store,
  onCompute: ({ reset, relayout }) => (relayout ? compute({ keep: true }) : schedule({ reset })),
  onModeChange: () => {
    stop();
    compute({ step: 0 });
  },
});

// Rendering on step, trace, selection, play or error changes (not on every keystroke).
const VIEW_KEYS = ["index", "step", "selected", "playing", "error"];
store.subscribe((state, previous) => {
  const { index } = state;
  const changed = VIEW_KEYS.some((key) => state[key] !== previous[key]) || state.opsVersion !== previous.opsVersion;
  if (index && changed) {
    const st = stateAt(index, state.step);
    const shown = state.shown ?? { identity: true };
    const animate = pendingAnimation && { ...pendingAnimation, step: netMode.projectStep(shown, pendingAnimation.step) };
    view.update(netMode.project(shown, st, index), { animate, branches: branchNodes(state.viewIndex ?? index), selected: state.selected });
    pendingAnimation = null;
    controls.render({ step: st.k, total: index.total, forwardCount: index.forwardCount, playing: state.playing, phase: st.phase });
    narration.say(state.error?.kind === "program" ? "Fix the program to update the graph; the last good graph is shown dimmed." : narrate(index, st, ops));
    if (!state.selected) inspector.hide();
    else if (!netMode.inspect(index, st, state.selected, () => store.set({ selected: null }))) inspector.show(index, st, state.selected, ops);
  } else if (!index) {
    controls.render({ step: 0, total: 0, forwardCount: 0, playing: false, phase: "start" });
    narration.say(state.error ? "Fix the program to see its graph." : "Type a program to see its graph.");
  }
  const hash = netMode.hash(state) ?? encodeHash(state);
  if (hash !== location.hash) {
    lastHash = hash;
    history.replaceState(null, "", hash);
  }
});

document.getElementById("fit").addEventListener("click", () => view.fit(true));
window.addEventListener("resize", () => view.fit());
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && store.get().selected) store.set({ selected: null });
});
window.addEventListener("hashchange", () => {
  if (location.hash === lastHash) return;
  const netStep = netMode.restoreHash(location.hash);
  if (netStep !== null) {
    stop();
    compute({ step: netStep });
    return;
  }
  const restored = decodeHash(location.hash);
  if (!restored) return;
  stop();
  netMode.setMode("expression", { compute: false });
  editor.setProgram(restored.expression);
  Object.assign(remembered, restored.values);
  setProgram(restored.expression, restored.values);
  compute({ step: restored.step });
});
createExport({
  getSvg: () => (view.hasGraph() ? view.svg() : null),
  getTrace: () => store.get().trace,
  onError: (message) => status.show(message, "error"),
});

// Start: the hash wins, then the last program, then the lecture circuit.
const start = () => {
  const hash = location.hash; // read once: restoring the state rewrites it
  const restored = decodeHash(hash) ?? { ...(fromStored(safeStorage()) ?? DEFAULT), step: 0 };
  editor.setProgram(restored.expression);
  Object.assign(remembered, restored.values);
  setProgram(restored.expression, restored.values);
  const netStep = netMode.restoreHash(hash) ?? netMode.restoreStored({ activate: !decodeHash(hash) });
  netMode.showMode();
  compute({ step: netStep ?? restored.step });
  fetchOps().then((list) => {
    ops = Object.fromEntries(list.map((op) => [op.name, op]));
    renderLegend(list);
    store.set({ opsVersion: (store.get().opsVersion ?? 0) + 1 });
  }).catch(() => renderLegend([]));
  fetchExamples().then((list) => {
    examples = list.filter((ex) => ex.kind === "expression" || ex.kind === "network");
    editor.setExamples(examples);
    netMode.setExamples(examples);
  }).catch(() => {});
  getElk(); // start the layout worker early
};

const safeStorage = () => {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
};

// Gradient tools and training (issue 5). applyValues sets inputs as if typed: a gradient step or
// its undo recomputes the graph from the new values.
const applyValues = (values) => {
  Object.assign(remembered, values);
  const next = { ...store.get().values, ...values };
  store.set({ values: next });
  editor.setInputs(Object.keys(next), next);
  save();
  return compute({ keep: true });
};
// In network mode a step or undo shows the new weights, keeping the units the user has opened.
const applyNetwork = (spec) => {
  const { expanded } = store.get();
  netMode.applyExample({ network: spec });
  store.set({ expanded });
  return compute({ keep: true });
};
createGradientTools({
  store,
  view,
  makeSubject: (state, source) => (netMode.active()
    ? networkSubject(netMode.request(), state.trace, applyNetwork)
    : expressionSubject(source, state.trace, applyValues)),
});
const views = createViews({ onShow: (name) => (name === "training" ? training.show() : view.fit()) });
// A trained network opens in network mode at the snapshot's weights, on one training example.
const training = createTraining({
  onOpen: (spec) => {
    stop();
    views.show("graph");
    netMode.applyExample({ network: spec });
    compute({ step: 0 });
  },
});

renderLegend([]);
start();
