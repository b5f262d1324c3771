// The graph's SVG: draws what is in view (every node while few are; one path of shapes and one of
// wires for the rest), hides type below a readable size, and updates only what a step changed.
import { labelAnchor, OUTPUT_EDGE, OUTPUT_NODE } from "../layout.js";
import { badgeSum } from "../tensor.js";
import { drawGroups, updateBelow } from "../render_groups.js";
import { startsBackward } from "../groups.js";
import { appendEdge, appendNode, clipToShapes, hiddenSizes } from "./graph_elements.js";
import { nameNode, writeEdgeLook, writeNodeLook } from "./element_look.js";
import { createSpatialIndex } from "./spatial.js";
import { createOverview } from "./overview.js";
import { playParticles, stopParticles } from "./particles.js";

const SVG_NS = "http://www.w3.org/2000/svg";

// More nodes than this in view: draw the overview (shapes and wires as two paths) instead.
export const DETAIL_LIMIT = 600;
// Graphs up to this size are drawn whole; bigger ones only around the view.
export const WHOLE_LIMIT = 400;

/** Which graph-space rectangle the screen shows under transform t, grown by `margin` of itself. */
export const visibleRect = (t, box, margin = 0.5) => {
  const w = box.width / t.k;
  const h = box.height / t.k;
  return {
    x: -t.x / t.k - w * margin,
    y: -t.y / t.k - h * margin,
    width: w * (1 + 2 * margin),
    height: h * (1 + 2 * margin),
  };
};

/**
 * Creates the SVG inside `container`. `onSelect(id)` on a click (a stub selects its leaf),
 * `onToggle(group)` on a unit's or chain's expand button, `onHover(id | null)`.
 * Returns { svg, viewport, overlay, draw(display, positions), update(state, options), refresh(t, box),
 *   bounds(), focusRect(state), nodeRect(id), hasGraph() }.
 */
export const createGraphSvg = (container, { d3, onSelect = () => {}, onToggle = () => {}, onHover = () => {} }) => {
  const svg = d3
    .select(container)
    .append("svg")
    .attr("class", "graph-svg")
    .attr("xmlns", SVG_NS)
    .attr("role", "group")
    .attr("aria-label", "Computational graph");
  const defs = svg.append("defs");
  for (const [id, cls] of [
    ["cr-arrow", "arrow"],
    ["cr-arrow-active", "arrow active"],
  ]) {
    defs
      .append("marker")
      .attr("id", id)
      .attr("class", cls)
      .attr("viewBox", "0 0 10 10")
      .attr("refX", 9)
      .attr("refY", 5)
      .attr("markerWidth", 9)
      .attr("markerHeight", 9)
      .attr("markerUnits", "userSpaceOnUse")
      .attr("orient", "auto-start-reverse")
      .append("path")
      .attr("d", "M0,1L9,5L0,9Z");
  }
  const viewport = svg.append("g").attr("class", "viewport");
  const frameLayer = viewport.append("g").attr("class", "frames");
  // Made here, so its paths lie under the wires and gates; a click on them picks the nearest gate.
  const overview = createOverview(viewport, d3, { onPick: (id) => pick(id) });
  const edgeLayer = viewport.append("g").attr("class", "edges");
  const nodeLayer = viewport.append("g").attr("class", "nodes");
  const toggleLayer = viewport.append("g").attr("class", "toggles");
  const particleLayer = viewport.append("g").attr("class", "particles");
  const overlayLayer = viewport.append("g").attr("class", "overlays"); // panels' annotations (gradient-step cards)
  let g = null; // the drawn graph: {display, positions, nodes: Map id -> datum, edges: Map id -> datum, index, ...}
  let lastState = null;
  let lastOptions = {};
  let mode = "detail";

  const pick = (id) => onSelect(g?.nodes.get(id)?.node.of ?? id);
  const hooks = { onSelect: pick, onToggle, onHover: (id) => hover(id) };

  // Hovering a stub or its leaf lights every stub of that leaf and the leaf itself.
  let hovered = null;
  const hover = (id) => {
    hovered = id;
    const of = id ? (g?.nodes.get(id)?.node.of ?? id) : null;
    nodeLayer.selectAll("g.node.linked").classed("linked", false);
    if (of && g?.stubsOf.has(of)) {
      for (const sid of [of, ...g.stubsOf.get(of)]) g.live.nodes.get(sid)?.classList.add("linked");
    }
    onHover(id);
  };

  const draw = (display, positions) => {
    stopParticles(particleLayer);
    mode = "detail";
    svg.classed("overview-mode", false);
    edgeLayer.node().replaceChildren();
    nodeLayer.node().replaceChildren();
    const { index, trace } = display;
    const withLabels = [...positions.edges.values()].some((e) => e.label);
    const edges = new Map();
    for (const e of [...trace.edges, { id: OUTPUT_EDGE }]) {
      const pos = positions.edges.get(e.id);
      if (!pos) continue;
      const from = positions.nodes.get(e.id === OUTPUT_EDGE ? index.outputId : e.source);
      const to = e.id === OUTPUT_EDGE ? null : positions.nodes.get(e.target);
      const points = clipToShapes(pos.points, from, to);
      edges.set(e.id, {
        id: e.id,
        edge: e.id === OUTPUT_EDGE ? null : e,
        points,
        wrap: pos.wrap,
        anchor: labelAnchor({ ...pos, points }),
        labelled: Boolean(pos.label) || !withLabels,
      });
    }
    const nodes = new Map(
      trace.nodes.map((n) => [
        n.id,
        { id: n.id, node: n, box: positions.nodes.get(n.id), branch: (index.expected.get(n.id) ?? 0) > 1 },
      ]),
    );
    const stubsOf = new Map();
    for (const n of trace.nodes) if (n.of) stubsOf.set(n.of, [...(stubsOf.get(n.of) ?? []), n.id]);
    const spatial = createSpatialIndex();
    for (const d of nodes.values()) if (d.box) spatial.add(d.id, d.box, "node");
    for (const d of edges.values()) spatial.addPoints(d.id, d.points, "edge");
    const whole = trace.nodes.length <= WHOLE_LIMIT;
    g = {
      display,
      positions,
      index,
      nodes,
      edges,
      stubsOf,
      spatial,
      whole,
      live: { nodes: new Map(), edges: new Map() },
      sigs: new Map(),
    };
    overview.draw(whole ? null : g);
    drawGroups(frameLayer, toggleLayer, index, positions, onToggle);
    nodeLayer.selectAll("text.output-mark").remove();
    const out = positions.nodes.get(OUTPUT_NODE);
    if (out) {
      nodeLayer
        .append("text")
        .attr("class", "output-mark")
        .attr("x", out.x + 8)
        .attr("y", out.y + out.height / 2)
        .text(index.nodes.get(index.outputId)?.outputLabel ?? index.nodes.get(index.outputId)?.label ?? "out");
    }
    svg.attr("data-node-count", trace.nodes.length);
    if (whole) materialize([...nodes.keys()], [...edges.keys()]);
  };

  // Creates the elements of these nodes and edges (if missing) and removes the others.
  const materialize = (nodeIds, edgeIds) => {
    const wantN = new Set(nodeIds);
    const wantE = new Set(edgeIds);
    for (const [id, el] of g.live.nodes) if (!wantN.has(id)) (el.remove(), g.live.nodes.delete(id), g.sigs.delete(id));
    for (const [id, el] of g.live.edges)
      if (!wantE.has(id)) (el.remove(), g.live.edges.delete(id), g.sigs.delete(`e:${id}`));
    const outputId = g.index.outputId;
    for (const id of edgeIds)
      if (!g.live.edges.has(id) && g.edges.has(id)) g.live.edges.set(id, appendEdge(edgeLayer, g.edges.get(id)).node());
    for (const id of nodeIds) {
      const d = g.nodes.get(id);
      if (!g.live.nodes.has(id) && d?.box)
        g.live.nodes.set(id, appendNode(nodeLayer, d, { outputId, ...hooks }).node());
    }
    if (lastState) apply(lastState, lastOptions);
  };

  /** Re-decides what is drawn for transform `t` over a screen `box` (after a pan or zoom). */
  let sizeClasses = "";
  let refreshFrame = 0;
  const refresh = (t, box, { moving = false } = {}) => {
    const classes = hiddenSizes(t.k)
      .map((s) => `hide-${s}`)
      .join(" ");
    if (classes !== sizeClasses) {
      // Only when a threshold is crossed: a class change restyles every element of the SVG.
      for (const c of sizeClasses.split(" ").filter(Boolean)) svg.node().classList.remove(c);
      for (const c of classes.split(" ").filter(Boolean)) svg.node().classList.add(c);
      sizeClasses = classes;
    }
    if (!moving) svg.attr("data-zoom", t.k.toFixed(3));
    if (!g || g.whole || moving) return;
    cancelAnimationFrame(refreshFrame);
    refreshFrame = requestAnimationFrame(() => virtualize(t, box));
  };

  // Draws the elements of what is in view (or the overview when too much is).
  const virtualize = (t, box) => {
    if (!g || g.whole) return;
    const seen = visibleRect(t, box, 0.15);
    const b = g.positions;
    const x = Math.max(seen.x, 0);
    const y = Math.max(seen.y, 0);
    const inView = g.spatial.query({
      x,
      y,
      width: Math.min(seen.x + seen.width, b.width) - x,
      height: Math.min(seen.y + seen.height, b.height) - y,
    });
    const nodeIds = inView.filter((h) => h.kind === "node").map((h) => h.id);
    const next = nodeIds.length > DETAIL_LIMIT ? "overview" : "detail";
    if (next !== mode) {
      mode = next;
      svg.classed("overview-mode", mode === "overview");
    }
    if (mode === "overview" && lastState) overview.showState(g, lastState);
    const keep = [...focusIds()];
    if (mode === "overview") materialize(keep, [...focusEdges()]);
    else
      materialize(
        [...new Set([...nodeIds, ...keep])],
        [...new Set([...inView.filter((h) => h.kind === "edge").map((h) => h.id), ...focusEdges()])],
      );
  };

  // The active gate, its neighbours on the active wires, and the selection stay drawn in any mode.
  const focusIds = () => {
    const out = new Set();
    const cur = lastState?.current;
    if (cur?.node) out.add(cur.node);
    for (const id of activeEdges(lastState)) {
      const e = g.edges.get(id)?.edge;
      if (e) (out.add(e.source), out.add(e.target));
    }
    if (lastOptions.selected) out.add(lastOptions.selected);
    return out;
  };
  const focusEdges = () => activeEdges(lastState);

  const activeEdges = (state) => {
    const out = new Set();
    const cur = state?.current;
    if (!g || !cur) return out;
    if (cur.phase === "forward")
      for (const id of cur.edges ?? (g.index.inEdges.get(cur.node) ?? []).map((e) => e.id)) out.add(id);
    if (cur.phase === "backward") for (const c of cur.contributions ?? []) out.add(c.edge);
    if (startsBackward(g.index, cur)) out.add(OUTPUT_EDGE);
    return out;
  };

  // Writes the state onto the drawn elements, touching only those whose look changed.
  const apply = (state, { branches = new Set(), selected = null } = {}) => {
    const { index } = g;
    const cur = state.current;
    const active = activeEdges(state);
    const outputGrad = state.grads.get(index.outputId);
    const selectedOf = selected;
    for (const [id, el] of g.live.edges) {
      const d = g.edges.get(id);
      const v = d.edge ? state.edgeValues.get(id) : state.values.get(index.outputId);
      const gr = d.edge ? state.edgeGrads.get(id) : outputGrad;
      const on = active.has(id);
      const back = cur?.phase === "backward";
      const last = g.sigs.get(`e:${id}`);
      if (last && last[0] === v && last[1] === gr && last[2] === on && last[3] === back) continue;
      g.sigs.set(`e:${id}`, [v, gr, on, back]);
      writeEdgeLook(el, { value: v, grad: gr, active: on, backward: back });
    }
    const receiving = new Set(cur?.phase === "backward" ? (cur.contributions ?? []).map((c) => c.target) : []);
    for (const [id, el] of g.live.nodes) {
      const d = g.nodes.get(id);
      const terms = state.terms.get(id) ?? [];
      const isActive = cur?.node === id;
      const isSel = selectedOf === id || (d.node.of && d.node.of === selectedOf);
      const look = [
        state.values.get(id),
        state.grads.get(id),
        isActive,
        receiving.has(id),
        Boolean(isSel),
        terms.length,
        state.complete.has(id),
        cur?.inner && isActive ? cur.caption : "",
      ];
      const last = g.sigs.get(id);
      if (last && look.every((x, i) => x === last[i])) continue;
      g.sigs.set(id, look);
      const badge =
        branches.has(id) && terms.length > 0
          ? `∂ = ${badgeSum(terms, state.grads.get(id), index.expected.get(id) ?? 0)}`
          : "";
      writeNodeLook(el, {
        value: state.values.get(id),
        grad: state.grads.get(id),
        active: isActive,
        receiving: receiving.has(id),
        selected: Boolean(isSel),
        badge,
        complete: state.complete.has(id),
      });
      if (g.positions.groups || d.box.caption || d.node.kind === "group") updateBelow(d3.select(el), state);
      nameNode(el, d.node, state.values.get(id), state.grads.get(id));
    }
    overview.stale();
    if (!g.whole && mode === "overview") overview.showState(g, state);
  };

  /** Shows `state` (projected onto the display); `animate` = {step, duration} plays the step. */
  const update = (state, options = {}) => {
    if (!g) return;
    lastState = state;
    lastOptions = options;
    if (!g.whole) {
      const missing = [...focusIds()].filter((id) => !g.live.nodes.has(id));
      const missingE = [...focusEdges()].filter((id) => !g.live.edges.has(id));
      if (missing.length || missingE.length)
        materialize([...g.live.nodes.keys(), ...missing], [...g.live.edges.keys(), ...missingE]);
    }
    apply(state, options);
    if (options.animate) play(options.animate.step, options.animate.duration);
  };

  // Dots travelling along the active wires: forward into the gate, backward out of it.
  const play = (step, duration) => {
    stopParticles(particleLayer);
    if (!step || duration <= 0 || !g) return;
    const wires = [...activeEdges({ current: step })]
      .filter((id) => g.live.edges.has(id))
      .map((id) => g.edges.get(id)?.points)
      .filter((points) => points && points.length >= 2);
    playParticles(particleLayer, d3, wires, { backward: step.phase === "backward", duration });
  };

  const nodeRect = (id) => {
    const b = g?.positions.nodes.get(id);
    return b ? { x: b.x, y: b.y, width: b.width, height: b.height } : null;
  };

  /** Graph-space rectangle of the active gate and the wires it touches (for Follow). */
  const focusRect = (state) => {
    if (!g || !state?.current) return null;
    const rects = [nodeRect(state.current.node)];
    for (const id of activeEdges(state)) {
      const pts = g.edges.get(id)?.points ?? [];
      // A long wire is represented by its ends near the gate, not its whole length.
      const ends = pts.length ? [pts[0], pts[pts.length - 1]] : [];
      for (const p of ends) {
        const near = Math.hypot(p.x - rects[0].x, p.y - rects[0].y) < 600;
        if (near) rects.push({ x: p.x - 30, y: p.y - 24, width: 60, height: 48 });
      }
    }
    return rects.reduce((a, r) => {
      if (!r) return a;
      if (!a) return { ...r };
      const x = Math.min(a.x, r.x);
      const y = Math.min(a.y, r.y);
      return {
        x,
        y,
        width: Math.max(a.x + a.width, r.x + r.width) - x,
        height: Math.max(a.y + a.height, r.y + r.height) - y,
      };
    }, null);
  };

  return {
    svg: () => svg.node(),
    selection: svg,
    viewport,
    overlay: () => overlayLayer.node(),
    overlayBounds: () => (overlayLayer.node().childElementCount ? overlayLayer.node().getBBox() : null),
    draw,
    update,
    refresh,
    focusRect,
    nodeRect,
    hovered: () => hovered,
    bounds: () => (g ? { x: 0, y: 0, width: g.positions.width, height: g.positions.height } : null),
    hasGraph: () => g !== null,
    liveCount: () => (g ? { nodes: g.live.nodes.size, edges: g.live.edges.size } : { nodes: 0, edges: 0 }),
  };
};
