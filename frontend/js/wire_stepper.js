// Wiring: the stepper (buttons, keys, play timer) and what the graph, narration and inspector show after each step.
import { stateAt, clampStep, branchNodes } from "./timeline.js";
import { narrate } from "./narrate.js";
import { createControls } from "./panels/controls.js";

const reducedMotion = globalThis.matchMedia?.("(prefers-reduced-motion: reduce)").matches ?? false;
// Rendering on step, trace, selection, play or error changes (not on every keystroke).
const VIEW_KEYS = ["index", "step", "selected", "playing", "error", "opsVersion"];

/** Adds to `app` stop() and go(k, animate); renders the view from app.store on every step. */
export const wireStepper = (app) => {
  const { store, view, narration, inspector } = app;
  let playTimer = null;
  let pendingAnimation = null;

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
  const controls = createControls({
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
  });

  store.subscribe((state, previous) => {
    const { index } = state;
    const changed = VIEW_KEYS.some((key) => state[key] !== previous[key]);
    const { netMode } = app;
    if (index && changed) {
      const st = stateAt(index, state.step);
      const shown = state.shown ?? { identity: true };
      const animate = pendingAnimation && { ...pendingAnimation, step: netMode.projectStep(shown, pendingAnimation.step) };
      view.update(netMode.project(shown, st, index), { animate, branches: branchNodes(state.viewIndex ?? index), selected: state.selected });
      pendingAnimation = null;
      controls.render({ step: st.k, total: index.total, forwardCount: index.forwardCount, playing: state.playing, phase: st.phase });
      narration.say(state.error?.kind === "program" ? "Fix the program to update the graph; the last good graph is shown dimmed." : narrate(index, st, app.ops));
      if (!state.selected) inspector.hide();
      else if (!netMode.inspect(index, st, state.selected, () => store.set({ selected: null }))) inspector.show(index, st, state.selected, app.ops);
    } else if (!index) {
      controls.render({ step: 0, total: 0, forwardCount: 0, playing: false, phase: "start" });
      narration.say(state.error ? "Fix the program to see its graph." : "Type a program to see its graph.");
    }
  });

  Object.assign(app, { stop, go });
};
