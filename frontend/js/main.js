// Wiring only: builds the store, the graph view and the shared panels, then lets each wire_*.js connect its part.
import { createStore, initialState } from "./state.js";
import { createGraphView } from "./render.js";
import { createNetworkMode } from "./wire_network.js";
import { createPage } from "./panels/page.js";
import { createStatus } from "./panels/status.js";
import { createNarration } from "./panels/narration.js";
import { createInspector } from "./panels/inspector.js";
import { wireCompute } from "./wire_compute.js";
import { wireStepper } from "./wire_stepper.js";
import { wireExpression } from "./wire_expression.js";
import { wireTools } from "./wire_tools.js";
import { wireHash } from "./wire_hash.js";

// The app object: what the wiring modules share. Each wire_*.js adds its functions to it
// (compute, schedule, stop, go, editor, showProgram, applyValues, showView, …); they look
// each other up at call time, so the order below only matters for what runs at once.
const store = createStore(initialState());
const app = { store, ops: {}, status: createStatus(), narration: createNarration() };
app.page = createPage({
  fit: (animate) => app.view.fit(animate),
  onEscape: () => store.get().selected && store.set({ selected: null }),
});
app.view = createGraphView(app.page.element("graph"), {
  onSelect: (id) => store.set({ selected: id }),
  onToggle: (group) => app.netMode.toggle(group),
});
app.inspector = createInspector({ onClose: () => store.set({ selected: null }) });
app.netMode = createNetworkMode({
  store,
  page: app.page,
  onCompute: ({ reset, relayout }) => (relayout ? app.compute({ keep: true }) : app.schedule({ reset })),
  onModeChange: () => {
    app.stop();
    app.compute({ step: 0 });
  },
});
wireCompute(app);
wireStepper(app);
wireExpression(app);
wireTools(app);
wireHash(app).start();
