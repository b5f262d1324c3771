// The DOM of one mounted view: graph area with its tools, status line, inspector and callout,
// then the stepper and the narration. Classes and aria labels only (no ids): a page may hold several.

const html = (tag, attrs = {}, text = null) => {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (text !== null) el.textContent = text;
  return el;
};

export { HIDEABLE } from "./hide.js";

/**
 * Builds the view's DOM into `element`; `hide` lists names from view/hide.js. Returns the parts and
 * setters: { root, graph, tools, inspector, callout, stepperHost, narration, onTool(handlers),
 * setFollow(on), setPresent(on), setBusy(text | null, kind) }.
 */
export const buildViewDom = (element, { hide = [] } = {}) => {
  const hidden = new Set(hide);
  const root = html("div", { class: "cr-view" });
  for (const name of hidden) root.classList.add(`hide-${name}`);
  const wrap = html("div", { class: "graph-wrap" });
  const graph = html("div", { class: "graph" });
  const tools = html("div", { class: "graph-tools", role: "toolbar", "aria-label": "Graph view" });
  const button = (text, cls, title, extra = {}) =>
    html("button", { type: "button", class: `ghost small ${cls}`, title, ...extra }, text);
  const buttons = {
    fit: button("Fit", "fit", "Show the whole graph"),
    zoomIn: button("Zoom in", "zoom-in", "Zoom in"),
    zoomOut: button("Zoom out", "zoom-out", "Zoom out"),
    follow: button("Follow", "follow", "Keep the active gate in view while stepping", { "aria-pressed": "true" }),
    present: button(
      "Present",
      "present",
      "Presentation mode: only the graph, the stepper and the narration (Escape leaves)",
      { "aria-pressed": "false" },
    ),
  };
  tools.append(...Object.values(buttons));
  const extra = html("div", { class: "graph-tools-extra" }); // the page's own buttons (Expand all, …)
  tools.append(extra);
  const status = html("div", { class: "status", role: "status", "aria-live": "polite" });
  const inspector = html("aside", { class: "inspector", "aria-label": "Inspector" });
  inspector.hidden = true;
  const callout = html("div", { class: "callout", "aria-hidden": "true" });
  callout.hidden = true;
  wrap.append(graph, tools, status, callout, inspector);
  const stepperHost = html("div", { class: "stepper-host" });
  const narration = html("p", { class: "narration", "aria-live": "polite", "aria-label": "Narration" });
  root.append(wrap, stepperHost, narration);
  element.append(root);
  let busyTimer = null;
  return {
    root,
    wrap,
    graph,
    tools,
    extraTools: extra,
    inspector,
    status,
    callout,
    stepperHost,
    narration,
    onTool(handlers) {
      for (const [name, fn] of Object.entries(handlers)) buttons[name]?.addEventListener("click", fn);
    },
    setFollow: (on) => buttons.follow.setAttribute("aria-pressed", on ? "true" : "false"),
    setPresent(on) {
      buttons.present.setAttribute("aria-pressed", on ? "true" : "false");
      root.classList.toggle("presenting", on);
    },
    setBusy(text, kind = "progress") {
      clearTimeout(busyTimer);
      if (!text) {
        status.classList.remove("visible");
        status.textContent = "";
        delete status.dataset.kind;
        return;
      }
      busyTimer = setTimeout(
        () => {
          status.textContent = text;
          status.dataset.kind = kind;
          status.classList.add("visible");
        },
        kind === "progress" ? 150 : 0,
      );
    },
  };
};
