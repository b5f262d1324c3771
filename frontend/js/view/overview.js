// The overview of a big graph: every gate's shape and every wire as a few <path>s (known values
// and gradients as paths of their own), and a click on them that picks the nearest gate.
import { shapesPath, wiresPath } from "./graph_elements.js";

/**
 * Appends the overview's group to `viewport` (a d3 selection; it lies under what is appended
 * later). `onPick(id)` on a click. Returns { draw(g | null), showState(g, state), stale() } where
 * `g` is graph_svg's drawn graph ({nodes, edges, positions, spatial}); `draw(null)` empties it.
 */
export const createOverview = (viewport, d3, { onPick }) => {
  const group = viewport.append("g").attr("class", "overview");
  const wires = group.append("path").attr("class", "ov-wires");
  const knownWires = group.append("path").attr("class", "ov-wires known");
  const shapes = group.append("path").attr("class", "ov-nodes");
  const valued = group.append("path").attr("class", "ov-nodes has-value");
  const graded = group.append("path").attr("class", "ov-nodes has-grad");
  let drawn = null;
  let dirty = true;

  group.on("click", (event) => {
    if (!drawn) return;
    event.stopPropagation();
    const [x, y] = d3.pointer(event, viewport.node());
    let best = null;
    for (const hit of drawn.spatial.query({ x: x - 40, y: y - 40, width: 80, height: 80 })) {
      if (hit.kind !== "node") continue;
      const b = drawn.positions.nodes.get(hit.id);
      const d = Math.hypot(b.x + b.width / 2 - x, b.y + b.height / 2 - y);
      if (!best || d < best.d) best = { id: hit.id, d };
    }
    if (best) onPick(best.id);
  });

  const draw = (g) => {
    drawn = g;
    dirty = true;
    wires.attr("d", g ? wiresPath(g.edges.keys(), g.edges) : "");
    shapes.attr("d", g ? shapesPath(g.nodes.keys(), g.positions.nodes) : "");
    for (const path of [knownWires, valued, graded]) path.attr("d", "");
  };

  // Rebuilt only when the state changed since (and only while the overview is what is shown).
  const showState = (g, state) => {
    if (!dirty) return;
    dirty = false;
    const withValue = [];
    const withGrad = [];
    for (const id of g.nodes.keys()) {
      if (state.grads.has(id)) withGrad.push(id);
      else if (state.values.has(id)) withValue.push(id);
    }
    valued.attr("d", shapesPath(withValue, g.positions.nodes));
    graded.attr("d", shapesPath(withGrad, g.positions.nodes));
    knownWires.attr(
      "d",
      wiresPath(
        [...g.edges.keys()].filter((id) => state.edgeValues.has(id)),
        g.edges,
      ),
    );
  };

  return { draw, showState, stale: () => (dirty = true) };
};
