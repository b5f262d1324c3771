// Stepping and playing the view: the step a move lands on, the animation a step forward asks
// for, and the play timer. `state` is the view's state table ({index, step, speed, playing}).
import { clampStep } from "../timeline.js";

/**
 * `render()` draws the state; `onStep(k)` is told of the user's moves (not of `go`).
 * Returns { go(k, animate), userGo(k, animate), stop(), togglePlay(), total(), takeAnimation() }.
 */
export const createPlayback = ({ state, render, onStep, reducedMotion = false }) => {
  let timer = null;
  let pending = null; // {step, duration} of the step forward render() should animate

  const total = () => state.index?.total ?? 0;
  const duration = (base) => (reducedMotion ? 0 : base / state.speed);

  const go = (k, animate = false) => {
    if (!state.index) return;
    const next = clampStep(state.index, k);
    pending =
      animate && next === state.step + 1
        ? { step: state.index.trace.steps[state.step], duration: duration(650) }
        : null;
    state.step = next;
    render();
  };
  const userGo = (k, animate = false) => {
    const before = state.step;
    go(k, animate);
    if (state.step !== before) onStep(state.step);
  };
  const stop = () => {
    clearTimeout(timer);
    timer = null;
    state.playing = false;
  };
  const tick = () => {
    if (state.step >= total()) {
      stop();
      return render();
    }
    userGo(state.step + 1, true);
    timer = setTimeout(tick, duration(1100) || 400);
    return undefined;
  };
  const togglePlay = () => {
    if (state.playing) return (stop(), render());
    if (!state.index || total() === 0) return undefined;
    if (state.step >= total()) userGo(0);
    state.playing = true;
    tick();
    return undefined;
  };
  const takeAnimation = () => {
    const out = pending;
    pending = null;
    return out;
  };

  return { go, userGo, stop, togglePlay, total, takeAnimation };
};
