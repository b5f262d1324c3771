// The view's inspector box: which inspector a selection gets (a gate's, a unit's, a collapsed
// series' output's), and how much of the graph the open box covers, for the camera to keep clear.
import { groupsOf, isGroupId } from "../groups.js";
import { createInspector } from "../panels/inspector.js";
import { showGroupInspector } from "../panels/group_inspector.js";

/**
 * `box` is the view's <aside>; `onClose()` on its ✕. Returns { show({selected, index, display,
 * ops}, state), hide(), inset(graphBox) } where inset gives {right} or {bottom} in px.
 */
export const createInspectorHost = ({ box, onClose }) => {
  const inspector = createInspector({ box, onClose });

  const show = ({ selected: id, index, display, ops }, st) => {
    if (!id) return inspector.hide();
    if (isGroupId(id)) {
      const group = groupsOf(index.trace).get(id.slice("group:".length));
      if (group) return showGroupInspector(box, index, st, group, { expanded: false, onClose });
      // A collapsed series is inspected as its output, the statement whose value leaves it.
      const series = display?.index.nodes.get(id);
      if (series?.series) return inspector.show(index, st, series.output, ops);
    }
    if (index.nodes.has(id)) return inspector.show(index, st, id, ops);
    return inspector.hide();
  };

  // Px on the graph's right side, or, when the box is a sheet across a narrow view's bottom
  // (view.css), px at the bottom. Nothing when it is closed.
  const inset = (graphBox) => {
    if (box.hidden || !box.childElementCount) return {};
    const panel = box.getBoundingClientRect();
    if (!panel.width) return {};
    if (panel.width > graphBox.width * 0.6) return { bottom: Math.max(0, graphBox.bottom - panel.top + 8) };
    return { right: Math.max(0, graphBox.right - panel.left + 8) };
  };

  return { show, hide: () => inspector.hide(), inset };
};
