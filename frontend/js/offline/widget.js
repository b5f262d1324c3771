// The notebook widget's front end (anywidget ESM): mounts the graph view and keeps `step` in sync.
import { mountGraphView } from "../view/mount.js";
import { offlineDeps } from "./deps.js";
import { installStyles } from "./styles.js";

/**
 * Renders one widget view: `model` is anywidget's model (get/set/on/off/save_changes) with the
 * traits `trace`, `step`, `options`, `ops` and `height`; `el` the element to draw in. Returns cleanup.
 * `mount` and `deps` are the graph view and its libraries (tests pass their own).
 */
export const renderWidget = ({ model, el }, { mount = mountGraphView, deps = offlineDeps } = {}) => {
  installStyles(el.ownerDocument);
  el.classList.add("chainrule-offline", "chainrule-widget");
  const frame = el.ownerDocument.createElement("div");
  frame.className = "chainrule-frame";
  el.append(frame);

  const setHeight = () => {
    frame.style.height = model.get("height") || "";
  };
  // A step the user takes in the view goes to Python; one Python sets comes back as change:step.
  const onStep = (k) => {
    model.set("step", k);
    model.save_changes();
  };
  let view = null;
  const mountView = () => {
    view?.destroy();
    frame.replaceChildren();
    view = mount(frame, {
      trace: model.get("trace"),
      step: model.get("step"),
      deps: deps(),
      ops: model.get("ops") ?? {},
      options: { keys: "focus", ...(model.get("options") ?? {}) }, // the notebook keeps its keys
      onStep,
    });
  };
  const onStepChange = () => {
    const k = model.get("step");
    if (k !== view.step()) view.setStep(k);
  };
  const onTraceChange = () => view.setTrace(model.get("trace"), { step: model.get("step") });
  const onOpsChange = () => view.setOps(model.get("ops") ?? {});

  setHeight();
  mountView();
  model.on("change:step", onStepChange);
  model.on("change:trace", onTraceChange);
  model.on("change:ops", onOpsChange);
  model.on("change:options", mountView); // options are read when the view is made
  model.on("change:height", setHeight);
  return () => {
    model.off("change:step", onStepChange);
    model.off("change:trace", onTraceChange);
    model.off("change:ops", onOpsChange);
    model.off("change:options", mountView);
    model.off("change:height", setHeight);
    view?.destroy();
    frame.remove();
  };
};

export default { render: (context) => renderWidget(context) };
