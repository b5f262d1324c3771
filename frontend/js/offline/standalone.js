// The one-file HTML page's script: mounts a graph view in every [data-chainrule-view] element,
// reading its trace from the <script type="application/json"> inside it. No server, no network.
import { mountGraphView } from "../view/mount.js";
import { offlineDeps } from "./deps.js";
import { installStyles } from "./styles.js";

/** Mounts each embedded view in `doc`; returns the views (for scripting the page). */
export const mountEmbedded = (doc = document, { mount = mountGraphView, deps = offlineDeps } = {}) => {
  installStyles(doc);
  const views = [];
  for (const host of doc.querySelectorAll("[data-chainrule-view]")) {
    const data = host.querySelector('script[type="application/json"]');
    const { trace, step = 0, options = {}, ops = {} } = JSON.parse(data.textContent);
    host.classList.add("chainrule-offline");
    const frame = doc.createElement("div");
    frame.className = "chainrule-frame";
    host.append(frame);
    views.push(mount(frame, { trace, step, deps: deps(), ops, options }));
  }
  return views;
};

// For scripting the page (and its tests): the views, and where ELK ran ("worker"/"main-thread").
globalThis.chainrule = { views: mountEmbedded(), layoutMode: () => offlineDeps().elk.mode };
