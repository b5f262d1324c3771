// Wiring only: builds the store, mounts the graph view, and hands each wire_*.js what it needs.
import { createStore, initialState } from "./state.js";
import { getD3, getElk, getKatex } from "./vendor.js";
import { mountGraphView } from "./view/mount.js";
import { fastLayoutIn } from "./view/layout_client.js";
import { createNetworkMode } from "./wire_network.js";
import { createPage } from "./panels/page.js";
import { createStatus } from "./panels/status.js";
import { wireCompute } from "./wire_compute.js";
import { wireExpression } from "./wire_expression.js";
import { wireTools } from "./wire_tools.js";
import { wireHash } from "./wire_hash.js";
import { readFlags } from "./view/flags.js";
import { activationsFrom } from "./activations.js";

const flags = readFlags(location.hash);
const store = createStore({ ...initialState(), flags });
const page = createPage();
const layoutWorker = new Worker(new URL("./view/layout_worker.js", import.meta.url), { type: "module" });
const view = mountGraphView(page.element("view"), {
  deps: { d3: getD3(), elk: getElk(), katex: getKatex(), fastLayout: fastLayoutIn(layoutWorker) },
  options: { hide: flags.hide, present: flags.present, follow: flags.follow },
  onStep: (step) => store.set({ step }),
  onSelect: (selected) => store.set({ selected }),
  // A network's units are its own state (and storage); a program's series and chains go to the hash.
  onExpand: (expanded) =>
    netMode.active() ? netMode.setExpanded(expanded, { recompute: false }) : store.set({ openGroups: expanded }),
  onPresent: (on) => {
    page.setPresenting(on);
    store.set({ flags: { ...store.get().flags, present: on } });
  },
  onDrawn: () => page.set({ drawn: String(Date.now()) }),
});
for (const id of ["expand-all", "collapse-all"]) view.toolbar.append(page.element(id));
if (flags.present) page.setPresenting(true);
// Narrow screens: the program and tools live in a drawer.
const drawerToggle = page.element("drawer-toggle");
drawerToggle.addEventListener("click", () => {
  const open = !document.body.classList.contains("drawer-open");
  document.body.classList.toggle("drawer-open", open);
  drawerToggle.setAttribute("aria-expanded", String(open));
});

// The composition root: each part gets what it uses, as arguments. Callbacks that name a part
// made further down (the editor calls schedule; compute writes the editor's errors) are arrows.
const status = createStatus(view.statusElement);
const netMode = createNetworkMode({
  store,
  page,
  onCompute: ({ reset, relayout }) => (relayout ? computing.compute({ keep: true }) : computing.schedule({ reset })),
  onModeChange: () => {
    view.stop();
    computing.compute({ step: 0 });
  },
});
const computing = wireCompute({ store, view, status, page, netMode, editor: () => expression.editor });
const expression = wireExpression({
  store,
  netMode,
  stop: view.stop,
  schedule: computing.schedule,
  compute: computing.compute,
});
const tools = wireTools({
  store,
  view,
  status,
  netMode,
  compute: computing.compute,
  applyValues: expression.applyValues,
});
// The forms' activations and the label rule come from the server's op registry.
const onOps = (list) => {
  const activations = activationsFrom(list);
  netMode.setActivations(activations);
  tools.setActivations(activations);
};
wireHash({
  store,
  page,
  view,
  netMode,
  expression,
  compute: computing.compute,
  showView: tools.showView,
  onOps,
}).start();
