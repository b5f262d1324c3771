// Wiring: the gradient tools (check, nudge, descent), the Graph / Training views, training, and export.
import { createGradientTools, expressionSubject, networkSubject } from "./panels/gradient-tools.js";
import { createViews } from "./panels/views.js";
import { createTraining } from "./panels/training.js";
import { createExport } from "./panels/export.js";

/**
 * The gradient tools, the Graph / Training views and export. Returns { showView(name,
 * {training}): shows the Graph or Training view (with settings), setActivations(activations):
 * the training form's choices (activations.js) }.
 */
export const wireTools = ({ store, view, status, netMode, compute, applyValues }) => {
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
    makeSubject: (state, source) =>
      netMode.active()
        ? networkSubject(netMode.request(), state.trace, applyNetwork)
        : expressionSubject(source, state.trace, applyValues),
  });

  const views = createViews({
    onShow: (name) => {
      if (name === "training") training.show();
      else view.fit();
      store.set({ view: name, training: name === "training" ? training.settings() : store.get().training });
    },
  });
  // A trained network opens in network mode at the snapshot's weights, on one training example.
  const training = createTraining({
    onOpen: (spec) => {
      view.stop();
      views.show("graph");
      netMode.applyExample({ network: spec });
      compute({ step: 0 });
    },
    onSettings: (settings) => store.set({ training: settings }),
  });

  createExport({
    getSvg: () => (view.hasGraph() ? view.svg() : null),
    getTrace: () => store.get().trace,
    getStep: () => store.get().step,
    getExpanded: () => (netMode.active() ? store.get().expanded : store.get().openGroups) ?? [],
    onError: (message) => status.show(message, "error"),
  });

  const showView = (name, { training: settings = null } = {}) => {
    if (name === "training" && settings) training.restore(settings);
    if (name !== views.current() || name === "training") views.show(name);
  };

  return { showView, setActivations: training.setActivations };
};
