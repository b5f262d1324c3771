// Stepper: Reset / Step back / Play-Pause / Step forward / End, speed, timeline scrubber, keyboard.

const TYPING = new Set(["INPUT", "TEXTAREA", "SELECT"]);

/**
 * Wires the stepper. `actions` has reset(), back(), forward(), end(), togglePlay(), seek(k),
 * setSpeed(x). Returns { render({ step, total, forwardCount, playing, phase }) }.
 */
export const createControls = (actions) => {
  const $ = (id) => document.getElementById(id);
  const buttons = { reset: $("reset"), back: $("step-back"), play: $("play"), forward: $("step-forward"), end: $("end") };
  const scrubber = $("scrubber");
  const counter = $("step-counter");
  const speed = $("speed");
  const trackForward = $("track-forward");
  const trackBackward = $("track-backward");

  buttons.reset.addEventListener("click", () => actions.reset());
  buttons.back.addEventListener("click", () => actions.back());
  buttons.play.addEventListener("click", () => actions.togglePlay());
  buttons.forward.addEventListener("click", () => actions.forward());
  buttons.end.addEventListener("click", () => actions.end());
  scrubber.addEventListener("input", () => actions.seek(Number(scrubber.value)));
  speed.addEventListener("change", () => actions.setSpeed(Number(speed.value)));

  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    if (target && (TYPING.has(target.tagName) && target !== scrubber)) return;
    if (target?.isContentEditable) return;
    const onButton = target?.tagName === "BUTTON";
    const map = {
      ArrowRight: actions.forward,
      ArrowLeft: actions.back,
      Home: actions.reset,
      End: actions.end,
    };
    if (map[event.key]) {
      event.preventDefault();
      map[event.key]();
    } else if ((event.key === " " || event.key === "Spacebar") && !onButton) {
      event.preventDefault();
      actions.togglePlay();
    }
  });

  const render = ({ step, total, forwardCount, playing, phase }) => {
    buttons.reset.disabled = total === 0;
    buttons.back.disabled = step <= 0;
    buttons.forward.disabled = step >= total;
    buttons.end.disabled = step >= total;
    buttons.play.disabled = total === 0;
    buttons.play.textContent = playing ? "Pause" : "Play";
    buttons.play.setAttribute("aria-pressed", playing ? "true" : "false");
    scrubber.max = String(total);
    scrubber.value = String(step);
    const share = total ? forwardCount / total : 0.5;
    trackForward.style.flexBasis = `${share * 100}%`;
    trackBackward.style.flexBasis = `${(1 - share) * 100}%`;
    const phaseText = { start: "inputs only", forward: "forward pass", backward: "backward pass", done: "done" }[phase] ?? "";
    counter.textContent = `Step ${step} of ${total}${phaseText ? ` · ${phaseText}` : ""}`;
    scrubber.setAttribute("aria-valuetext", counter.textContent);
  };

  return { render };
};
