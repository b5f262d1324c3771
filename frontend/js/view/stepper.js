// The stepper inside a view: Reset / Step back / Play-Pause / Step forward / End, speed, the
// timeline scrubber and the step counter; its DOM is built here, inside the view's root.

const html = (tag, attrs = {}, children = []) => {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") el.textContent = v;
    else el.setAttribute(k, v);
  }
  el.append(...children);
  return el;
};

/**
 * Builds the stepper into `host`. `actions` has reset(), back(), forward(), end(), togglePlay(),
 * seek(k), setSpeed(x). Returns { element, render({step, total, forwardCount, playing, phase}) }.
 */
export const createStepper = (host, actions) => {
  const b = (text, cls, onClick) => {
    const el = html("button", { type: "button", class: cls, text });
    el.addEventListener("click", onClick);
    return el;
  };
  const buttons = {
    reset: b("Reset", "reset", () => actions.reset()),
    back: b("Step back", "step-back", () => actions.back()),
    play: b("Play", "play primary", () => actions.togglePlay()),
    forward: b("Step forward", "step-forward primary", () => actions.forward()),
    end: b("End", "end", () => actions.end()),
  };
  const speed = html("select", { class: "speed-select", "aria-label": "Speed" }, [
    ...["0.5", "1", "2", "4"].map((v) =>
      html("option", { value: v, text: `${v}×`, ...(v === "1" ? { selected: "" } : {}) }),
    ),
  ]);
  speed.addEventListener("change", () => actions.setSpeed(Number(speed.value)));
  const trackForward = html("div", { class: "track-forward" });
  const trackBackward = html("div", { class: "track-backward" });
  const scrubber = html("input", {
    type: "range",
    class: "scrubber",
    min: "0",
    max: "0",
    value: "0",
    step: "1",
    autocomplete: "off", // the view sets it; a saved form state would only cost each history write
    "aria-label": "Timeline",
  });
  scrubber.addEventListener("input", () => actions.seek(Number(scrubber.value)));
  const counter = html("output", { class: "step-counter", text: "Step 0 of 0" });
  const element = html("div", { class: "stepper", role: "group", "aria-label": "Stepper" }, [
    html("div", { class: "buttons", role: "group", "aria-label": "Step controls" }, Object.values(buttons)),
    html("label", { class: "speed" }, [document.createTextNode("Speed "), speed]),
    html("div", { class: "timeline" }, [
      html("div", { class: "timeline-track", "aria-hidden": "true" }, [trackForward, trackBackward]),
      scrubber,
      html("div", { class: "timeline-labels", "aria-hidden": "true" }, [
        html("span", { text: "forward →" }),
        html("span", { text: "← backward" }),
      ]),
    ]),
    counter,
  ]);
  host.append(element);

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
    const phaseText =
      { start: "inputs only", forward: "forward pass", backward: "backward pass", done: "done" }[phase] ?? "";
    counter.textContent = `Step ${step} of ${total}${phaseText ? ` · ${phaseText}` : ""}`;
    scrubber.setAttribute("aria-valuetext", counter.textContent);
  };
  return { element, render, scrubber };
};

const TYPING = new Set(["INPUT", "TEXTAREA", "SELECT"]);

/** What a key press asks of a stepper: "forward" | "back" | "reset" | "end" | "play" | null. */
export const keyAction = (event, { scrubber } = {}) => {
  const target = event.target;
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return null;
  if (target && TYPING.has(target.tagName) && target !== scrubber) return null;
  if (target?.isContentEditable) return null;
  const map = { ArrowRight: "forward", ArrowLeft: "back", Home: "reset", End: "end" };
  if (map[event.key]) return map[event.key];
  if ((event.key === " " || event.key === "Spacebar") && target?.tagName !== "BUTTON") return "play";
  return null;
};
