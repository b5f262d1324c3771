// The graph view with its stepper, narration and inspector: one module that the page, /embed,
// the one-file HTML export and the notebook widget all mount. Libraries come in through `deps`.
import { indexTrace, stateAt, clampStep, branchNodes } from "../timeline.js";
import { narrate } from "../narrate.js";
import { isGroupId, innerCaption } from "../groups.js";
import { createInspectorHost } from "./inspector_host.js";
import { createPlayback } from "./playback.js";
import { buildDisplay, structureKey } from "./display.js";
import { layoutDisplay, fastLayoutIn } from "./layout_client.js";
import { createGraphSvg } from "./graph_svg.js";
import { createCamera, FOLLOW_SCALE, unionRect } from "./camera.js";
import { createStepper, keyAction } from "./stepper.js";
import { createCallout } from "./callout.js";
import { buildViewDom } from "./view_dom.js";
import { createTeach } from "../panels/teach.js";

const PRESENT_SCALE = 1.5;
const reducedMotion = globalThis.matchMedia?.("(prefers-reduced-motion: reduce)").matches ?? false;
let keyTarget = null; // the view the stepper keys act on: the one last used

/**
 * Mounts a graph view into `element`; see docs/ARCHITECTURE.md and the README for the options.
 * Returns { setTrace(trace, {step, keepStep}), index(), setStep(k), step(), fit(), svg(), overlay(),
 * setExpanded(names), setOptions(patch), destroy(), hasGraph(), ready() }.
 */
export const mountGraphView = (
  element,
  {
    trace = null,
    step = 0,
    deps,
    ops = {},
    options = {},
    onStep = () => {},
    onSelect = () => {},
    onExpand = () => {},
    onPresent = () => {},
    onDrawn = () => {},
  } = {},
) => {
  const { d3, elk = null, fastLayout = fastLayoutIn(null) } = deps;
  const opts = {
    follow: true,
    present: false,
    hide: [],
    expanded: [],
    pinLabel: null,
    narrate: true,
    keys: "page",
    ...options,
  };
  const dom = buildViewDom(element, { hide: opts.hide });
  const s = {
    trace: null,
    index: null,
    display: null,
    key: null,
    step: 0,
    selected: null,
    playing: false,
    speed: 1,
    expanded: [...opts.expanded],
    follow: opts.follow,
    present: opts.present,
    ops,
    generation: 0,
    drawn: null,
  };

  const graph = createGraphSvg(dom.graph, {
    d3,
    onSelect: (id) => select(id === s.selected ? null : id),
    onToggle: (group) => toggleGroup(group),
    onHover: (id) => callout.hover(id),
  });
  const camera = createCamera({
    d3,
    svg: graph.selection,
    viewport: graph.viewport,
    toolbar: dom.tools,
    onChange: (t, { moving }) => {
      // While moving only the type size classes change; what is drawn is decided when it stops.
      graph.refresh(t, camera.box(), { moving });
      callout.place();
    },
  });
  const callout = createCallout(dom.callout, {
    graph,
    camera,
    toolbar: dom.tools,
    describe: (id) => describeForCallout(id),
  });
  const inspector = createInspectorHost({ box: dom.inspector, onClose: () => select(null) });
  const stepper = createStepper(dom.stepperHost, {
    reset: () => (stop(), userGo(0)),
    back: () => (stop(), userGo(s.step - 1)),
    forward: () => (stop(), userGo(s.step + 1, true)),
    end: () => (stop(), userGo(total())),
    seek: (k) => (stop(), userGo(k)),
    setSpeed: (speed) => (s.speed = speed),
    togglePlay: () => togglePlay(),
  });
  // Teaching mode (Predict, Forward mode, paths): it shapes the state drawn and the narration.
  const teach =
    opts.teach === false
      ? null
      : createTeach({
          tools: dom.tools,
          after: dom.stepperHost,
          root: dom.root,
          view: {
            step: () => s.step,
            ops: () => s.ops,
            rerender: () => render(),
            svg: () => graph.svg(),
            state: () => stateAt(s.index, s.step),
          },
        });
  graph.selection.on("click.select", (event) => {
    if (event.target === graph.svg()) select(null);
  });

  const playback = createPlayback({ state: s, render: () => render(), onStep, reducedMotion });
  const { go, userGo, stop, togglePlay, total } = playback;

  const select = (id) => {
    s.selected = id;
    onSelect(id);
    render();
    // The inspector opens over the graph's right side: a selected gate under it moves out (no zoom).
    const rect = id ? graph.nodeRect(id) : null;
    const inset = rect ? inspectorInset() : {};
    if (inset.right || inset.bottom) camera.follow(rect, { ...inset, readable: 0, animate: !reducedMotion });
  };
  const inspectorInset = () => inspector.inset(graph.svg().getBoundingClientRect());

  // What the callout says about a node whose own text is too small to read at this zoom.
  const describeForCallout = (id) => {
    const node = s.display?.index.nodes.get(id);
    if (!node || !s.shown) return null;
    const v = s.shown.values.get(id);
    const g = s.shown.grads.get(id);
    return { node, value: v, grad: g };
  };

  const render = () => {
    if (!s.index || !s.display || s.drawn !== s.key) {
      stepper.render({ step: 0, total: 0, forwardCount: 0, playing: false, phase: "start" });
      return;
    }
    const raw = stateAt(s.index, s.step);
    const st = teach ? teach.state(raw) : raw;
    const shown = s.display.project(st);
    if (shown.current?.inner) shown.current = { ...shown.current, caption: innerCaption(s.index, st.current) };
    s.shown = shown;
    const pending = playback.takeAnimation();
    const animate = pending && { ...pending, step: s.display.projectStep(pending.step) };
    graph.update(shown, { animate, branches: branchNodes(s.display.index), selected: s.selected });
    stepper.render({
      step: st.k,
      total: s.index.total,
      forwardCount: s.index.forwardCount,
      playing: s.playing,
      phase: st.phase,
    });
    // A step inside a collapsed series first says which of its statements it is.
    const where = shown.current?.inner ? s.display.where(st.current) : null;
    const sentence = teach?.narration(st) ?? narrate(s.index, st, s.ops);
    dom.narration.textContent = opts.narrate ? (where ? `${where} ${sentence}` : sentence) : "";
    renderInspector(st);
    teach?.afterRender(st, s.selected);
    if (s.follow && shown.current) {
      const focus = graph.focusRect(shown);
      // On a projector the camera keeps the active gate larger than on a desk.
      if (focus)
        camera.follow(
          focus,
          s.present
            ? { scale: PRESENT_SCALE, readable: PRESENT_SCALE * 0.85, animate: !reducedMotion }
            : { scale: FOLLOW_SCALE, animate: !reducedMotion, ...(s.selected ? inspectorInset() : {}) },
        );
    }
    callout.setActive(shown.current?.node ?? null);
    dom.root.dataset.step = String(st.k);
  };

  const renderInspector = (st) =>
    opts.hide.includes("inspector")
      ? inspector.hide()
      : inspector.show({ selected: s.selected, index: s.index, display: s.display, ops: s.ops }, st);

  const fit = (animate = false) => {
    const b = graph.bounds();
    if (!b) return;
    const extra = graph.overlayBounds();
    camera.fit(extra ? unionRect([b, extra]) : b, animate);
  };
  // A new graph opens readable where its steps start (when Follow is on); Fit shows it all.
  const open = () => {
    const b = graph.bounds();
    if (!b || !s.follow || graph.overlayBounds()) return fit();
    return camera.open(
      b,
      s.present ? { scale: PRESENT_SCALE, readable: PRESENT_SCALE * 0.85 } : { scale: FOLLOW_SCALE },
    );
  };

  // Builds the display; lays it out again only when what is drawn changed shape.
  const redraw = async ({ refit }) => {
    const display = buildDisplay(s.trace, { expanded: s.expanded });
    const key = structureKey(display.trace);
    s.display = display;
    if (key === s.key && s.drawn === key) return render();
    s.key = key;
    const gen = (s.generation += 1);
    const box = camera.box();
    dom.setBusy(`Laying out ${display.trace.nodes.length} nodes…`);
    let positions;
    try {
      const pinInput = opts.pinLabel ? (node) => node.label === opts.pinLabel : undefined;
      positions = await layoutDisplay(display, {
        elk,
        fast: fastLayout,
        expanded: s.expanded,
        pinInput,
        aspect: box.width && box.height ? box.width / box.height : 1.6,
      });
    } catch (err) {
      if (gen === s.generation) dom.setBusy(`Layout failed: ${err?.message ?? err}`, "error");
      return undefined;
    }
    if (gen !== s.generation) return undefined;
    graph.draw(display, positions);
    s.drawn = key;
    dom.setBusy(null);
    if (refit) open();
    else graph.refresh(camera.transform(), camera.box());
    render();
    onDrawn({ nodes: display.trace.nodes.length });
    return undefined;
  };

  const toggleGroup = (group) => {
    const open = new Set(s.expanded);
    if (open.has(group)) open.delete(group);
    else open.add(group);
    s.expanded = [...open];
    onExpand(s.expanded);
    return redraw({ refit: false });
  };

  const setPresent = (on) => {
    s.present = on;
    dom.setPresent(on);
    onPresent(on);
    requestAnimationFrame(() => open());
  };
  dom.onTool({
    fit: () => fit(true),
    zoomIn: () => camera.zoomBy(1.4),
    zoomOut: () => camera.zoomBy(1 / 1.4),
    follow: () => {
      s.follow = !s.follow;
      dom.setFollow(s.follow);
      if (s.follow) render();
    },
    present: () => setPresent(!s.present),
  });
  dom.setFollow(s.follow);
  if (s.present) dom.setPresent(true);

  const onKey = (event) => {
    // A page of its own: the keys step the view last used. Inside someone else's page (a
    // notebook): only while the focus is in the view, so the notebook keeps its own keys.
    if (opts.keys === "focus" ? !dom.root.contains(document.activeElement) : keyTarget !== api) return;
    if (event.key === "Escape") {
      if (s.present) return setPresent(false);
      if (s.selected) return select(null);
      return undefined;
    }
    const action = keyAction(event, { scrubber: stepper.scrubber });
    if (!action) return undefined;
    event.preventDefault();
    const map = {
      forward: () => (stop(), userGo(s.step + 1, true)),
      back: () => (stop(), userGo(s.step - 1)),
      reset: () => (stop(), userGo(0)),
      end: () => (stop(), userGo(total())),
      play: togglePlay,
    };
    map[action]();
    return undefined;
  };
  const claim = () => {
    keyTarget = api;
    // A click on the drawing gives the view the focus, so its keys work in a notebook too.
    if (opts.keys === "focus" && !dom.root.contains(document.activeElement)) dom.root.focus({ preventScroll: true });
  };
  dom.root.tabIndex = -1;
  document.addEventListener("keydown", onKey);
  dom.root.addEventListener("pointerdown", claim);
  dom.root.addEventListener("focusin", claim);
  const resize = new ResizeObserver(() => (s.drawn ? graph.refresh(camera.transform(), camera.measure()) : null));
  resize.observe(dom.graph);

  const api = {
    /** Shows a new trace; lays out again only if its drawn structure differs from the last one. */
    setTrace(next, { step: k = 0, keepStep = false, expanded } = {}) {
      const refit = !s.trace || structureKey(next) !== structureKey(s.trace);
      if (expanded) s.expanded = [...expanded];
      s.trace = next;
      s.index = indexTrace(next);
      teach?.setIndex(s.index);
      s.step = clampStep(s.index, keepStep ? s.step : k);
      if (s.selected && !s.index.nodes.has(s.selected) && !isGroupId(s.selected)) s.selected = null;
      return redraw({ refit });
    },
    /** The index (timeline.indexTrace) of the trace shown, for the page's tools: made once per trace. */
    index: () => s.index,
    setStep(k) {
      stop();
      go(k);
    },
    step: () => s.step,
    setExpanded(names) {
      s.expanded = [...names];
      return s.trace ? redraw({ refit: false }) : undefined;
    },
    setOps(next) {
      s.ops = next;
      render();
    },
    setOptions(patch) {
      if ("pinLabel" in patch && patch.pinLabel !== opts.pinLabel) s.key = null;
      Object.assign(opts, patch);
      render();
    },
    select,
    stop: () => (stop(), render()),
    fit,
    svg: () => graph.svg(),
    overlay: () => graph.overlay(),
    hasGraph: () => graph.hasGraph(),
    present: setPresent,
    setBusy: (text, kind) => dom.setBusy(text, kind),
    element: dom.root,
    toolbar: dom.extraTools,
    statusElement: dom.status,
    destroy() {
      stop();
      teach?.destroy();
      document.removeEventListener("keydown", onKey);
      resize.disconnect();
      dom.root.remove();
      if (keyTarget === api) keyTarget = null;
    },
  };
  if (!keyTarget) keyTarget = api;
  if (trace) api.setTrace(trace, { step });
  else render();
  return api;
};
