// SVG drawing of the graph with d3: nodes, wires with cs231n labels, zoom/fit, step animation.
import { getD3 } from "./vendor.js";
import { formatValue } from "./format.js";
import { nodeSize, labelAnchor, OUTPUT_EDGE, OUTPUT_NODE } from "./layout.js";
import { branchSum, formatWire } from "./tensor.js";
import { drawGroups, drawNeuron, drawBelow, updateBelow, belowShape } from "./render_groups.js";
import { startsBackward } from "./groups.js";

const SVG_NS = "http://www.w3.org/2000/svg";
const CORNER = 7;

// Path through orthogonal points with rounded corners.
export const roundedPath = (points) => {
  if (points.length < 2) return "";
  let d = `M${points[0].x},${points[0].y}`;
  for (let i = 1; i < points.length - 1; i += 1) {
    const [a, b, c] = [points[i - 1], points[i], points[i + 1]];
    const r = Math.min(CORNER, Math.hypot(b.x - a.x, b.y - a.y) / 2, Math.hypot(c.x - b.x, c.y - b.y) / 2);
    const p1 = toward(b, a, r);
    const p2 = toward(b, c, r);
    d += `L${p1.x},${p1.y}Q${b.x},${b.y} ${p2.x},${p2.y}`;
  }
  const last = points[points.length - 1];
  return `${d}L${last.x},${last.y}`;
};

const toward = (from, to, r) => {
  const len = Math.hypot(to.x - from.x, to.y - from.y) || 1;
  return { x: from.x + ((to.x - from.x) * r) / len, y: from.y + ((to.y - from.y) * r) / len };
};

// Starts a wire at the source's drawn shape and ends it on the target's shape (a gate's circle).
const clipToShapes = (points, from, to) => {
  if (points.length < 2) return points;
  const first = { x: from ? from.x + from.shape.x + from.shape.width : points[0].x, y: points[0].y };
  const end = points[points.length - 1];
  let x = end.x;
  if (to) {
    const s = to.shape;
    x = to.x + s.x;
    if (s.kind === "circle") {
      const r = s.width / 2;
      const dy = end.y - (to.y + s.y + s.height / 2);
      x += r - Math.sqrt(Math.max(0, r * r - dy * dy));
    }
  }
  return [first, ...points.slice(1, -1), { x, y: end.y }];
};

const nodeAriaLabel = (node, value, grad) => {
  const name = node.kind === "group" ? `${node.group}, ${node.label}` : node.kind === "op" ? `${node.label ? `${node.label}, ` : ""}${node.symbol ?? node.op} gate` : node.kind === "const" ? `constant ${formatValue(node.value)}` : `input ${node.label}`;
  const v = value === undefined ? "value not yet computed" : `value ${formatValue(value)}`;
  const g = grad === undefined ? "gradient not yet computed" : `gradient ${formatValue(grad)}`;
  return `${name}: ${v}, ${g}`;
};

/** Creates the graph view inside `container` (an element); `onSelect(nodeId)` on node click. */
export const createGraphView = (container, { onSelect = () => {}, onToggle = () => {} } = {}) => {
  const d3 = getD3();
  const svg = d3.select(container).append("svg")
    .attr("class", "graph-svg").attr("xmlns", SVG_NS)
    .attr("role", "group").attr("aria-label", "Computational graph");
  const defs = svg.append("defs");
  for (const [id, cls] of [["arrow", "arrow"], ["arrow-active", "arrow active"]]) {
    defs.append("marker").attr("id", id).attr("class", cls).attr("viewBox", "0 0 10 10")
      .attr("refX", 9).attr("refY", 5).attr("markerWidth", 9).attr("markerHeight", 9)
      .attr("markerUnits", "userSpaceOnUse")
      .attr("orient", "auto-start-reverse")
      .append("path").attr("d", "M0,1L9,5L0,9Z");
  }
  const viewport = svg.append("g").attr("class", "viewport");
  const frameLayer = viewport.append("g").attr("class", "frames"); // expanded units of a network diagram
  const edgeLayer = viewport.append("g").attr("class", "edges");
  const nodeLayer = viewport.append("g").attr("class", "nodes");
  const toggleLayer = viewport.append("g").attr("class", "toggles");
  const particleLayer = viewport.append("g").attr("class", "particles");
  // Panels draw annotations here (e.g. gradient-step cards); fit() keeps them in view.
  const overlayLayer = viewport.append("g").attr("class", "overlays");
  let current = null; // { index, positions, edgeSel, nodeSel, paths }

  const zoom = d3.zoom().scaleExtent([0.05, 4]).on("zoom", (event) => {
    viewport.attr("transform", event.transform);
  });
  svg.call(zoom).on("dblclick.zoom", null);

  const fit = (animate = false) => {
    if (!current) return;
    const extra = overlayLayer.node().childElementCount ? overlayLayer.node().getBBox() : null;
    const x0 = extra ? Math.min(0, extra.x) : 0;
    const y0 = extra ? Math.min(0, extra.y) : 0;
    const width = (extra ? Math.max(current.positions.width, extra.x + extra.width) : current.positions.width) - x0;
    const height = (extra ? Math.max(current.positions.height, extra.y + extra.height) : current.positions.height) - y0;
    const box = container.getBoundingClientRect();
    if (!box.width || !box.height || !width || !height) return;
    const scale = Math.min(2.2, (box.width - 16) / width, (box.height - 16) / height);
    const t = d3.zoomIdentity
      .translate((box.width - width * scale) / 2 - x0 * scale, (box.height - height * scale) / 2 - y0 * scale)
      .scale(scale);
    (animate ? svg.transition().duration(300) : svg).call(zoom.transform, t);
  };

  /** Draws a freshly laid-out graph (no values yet: call update next). */
  const draw = (index, positions) => {
    particleLayer.selectAll("*").interrupt().remove();
    const withLabels = [...positions.edges.values()].some((e) => e.label);
    const edgeData = [...index.trace.edges.map((e) => ({ id: e.id, edge: e })), { id: OUTPUT_EDGE, edge: null }]
      .filter((d) => positions.edges.has(d.id))
      .map((d) => {
        const pos = positions.edges.get(d.id);
        const from = positions.nodes.get(d.edge ? d.edge.source : index.outputId);
        const to = d.edge ? positions.nodes.get(d.edge.target) : null;
        const points = clipToShapes(pos.points, from, to);
        return { ...d, points, anchor: labelAnchor(pos), labelled: Boolean(pos.label) || !withLabels };
      });
    edgeLayer.node().replaceChildren(); // one DOM call: d3's remove() detaches 1,500 wires one by one
    const edgeSel = edgeLayer.selectAll("g.edge").data(edgeData, (d) => d.id).join("g")
      .attr("class", (d) => `edge${d.edge ? "" : " output-edge"}`)
      .attr("data-edge-id", (d) => d.id);
    edgeSel.append("path").attr("class", "wire").attr("d", (d) => roundedPath(d.points))
      .attr("marker-end", "url(#arrow)");
    if (withLabels) {
      edgeSel.filter((d) => d.labelled).append("text").attr("class", "wire-value").attr("x", (d) => d.anchor.x).attr("y", (d) => d.anchor.y - 6);
      edgeSel.filter((d) => d.labelled).append("text").attr("class", "wire-grad").attr("x", (d) => d.anchor.x).attr("y", (d) => d.anchor.y + 16);
    }
    nodeLayer.node().replaceChildren();
    const nodeData = index.trace.nodes.map((n) => ({ id: n.id, node: n, box: positions.nodes.get(n.id), size: nodeSize(n) }));
    const nodeSel = nodeLayer.selectAll("g.node").data(nodeData, (d) => d.id).join("g")
      .attr("class", (d) => `node kind-${d.node.kind}${d.node.op ? ` op-${d.node.op}` : ""}`)
      .attr("data-node-id", (d) => d.id)
      .attr("tabindex", 0).attr("role", "button")
      .attr("transform", (d) => `translate(${d.box.x + d.box.shape.x},${d.box.y + d.box.shape.y})`)
      .on("click", (event, d) => onSelect(d.id))
      .on("keydown", (event, d) => {
        if (event.key === "Enter") onSelect(d.id);
      });
    nodeSel.each(function drawNode(d) {
      const g = d3.select(this);
      const { width: w, height: h } = d.box.shape;
      if (d.node.kind === "group") drawNeuron(g, d);
      else if (d.size.shape === "circle") {
        g.append("circle").attr("class", "shape").attr("cx", w / 2).attr("cy", h / 2).attr("r", w / 2);
        g.append("text").attr("class", "symbol").attr("x", w / 2).attr("y", h / 2).text(d.node.symbol ?? d.node.op);
        if (d.node.label && d.id !== index.outputId) g.append("text").attr("class", "name").attr("x", w / 2).attr("y", -7).text(d.node.label);
      } else {
        g.append("rect").attr("class", "shape").attr("width", w).attr("height", h).attr("rx", d.node.kind === "input" ? h / 2 : 4);
        g.append("text").attr("class", d.node.kind === "input" ? "name inside" : "symbol")
          .attr("x", w / 2).attr("y", h / 2).text(d.node.kind === "input" ? d.node.label : formatValue(d.node.value));
      }
      drawBelow(g, d);
      const badge = g.append("g").attr("class", "sum-badge").attr("transform", `translate(${w / 2},${h + belowShape(d) + 19})`);
      badge.append("rect").attr("class", "sum-bg").attr("y", -12).attr("height", 19).attr("rx", 4);
      badge.append("text").attr("class", "sum-text");
    });
    const out = positions.nodes.get(OUTPUT_NODE);
    if (out) {
      nodeLayer.append("text").attr("class", "output-mark").attr("x", out.x + 8).attr("y", out.y + out.height / 2)
        .text(index.nodes.get(index.outputId)?.label ?? "out");
    }
    drawGroups(frameLayer, toggleLayer, index, positions, onToggle);
    svg.attr("data-node-count", index.trace.nodes.length);
    current = { index, positions, edgeSel, nodeSel, withLabels, diagram: Boolean(positions.groups) };
    fit();
  };

  /** Shows what is known in `state` (timeline.stateAt); `animate` = {step, duration} plays the step. */
  const update = (state, { animate = null, branches = new Set(), selected = null } = {}) => {
    if (!current) return;
    const { index, edgeSel, nodeSel } = current;
    const cur = state.current;
    const activeEdges = new Set();
    if (cur?.phase === "forward") for (const id of cur.edges ?? index.inEdges.get(cur.node).map((e) => e.id)) activeEdges.add(id);
    if (cur?.phase === "backward") for (const c of cur.contributions ?? []) activeEdges.add(c.edge);
    const outputGrad = state.grads.get(index.outputId);
    const edgeValue = (d) => (d.edge ? state.edgeValues.get(d.id) : state.values.get(index.outputId));
    const edgeGrad = (d) => (d.edge ? state.edgeGrads.get(d.id) : outputGrad);
    edgeSel
      .classed("has-value", (d) => edgeValue(d) !== undefined)
      .classed("has-grad", (d) => edgeGrad(d) !== undefined)
      .classed("active", (d) => activeEdges.has(d.id) || (!d.edge && startsBackward(index, cur)))
      .classed("backward", () => cur?.phase === "backward")
      .attr("data-value", (d) => (edgeValue(d) === undefined ? "" : formatValue(edgeValue(d))))
      .attr("data-grad", (d) => (edgeGrad(d) === undefined ? "" : formatValue(edgeGrad(d))));
    edgeSel.select("path.wire").attr("marker-end", (d) => (activeEdges.has(d.id) ? "url(#arrow-active)" : "url(#arrow)"));
    if (current.withLabels) {
      edgeSel.select("text.wire-value").classed("unknown", (d) => edgeValue(d) === undefined)
        .text((d) => (edgeValue(d) === undefined ? "?" : formatWire(edgeValue(d))));
      edgeSel.select("text.wire-grad").classed("unknown", (d) => edgeGrad(d) === undefined)
        .text((d) => (edgeGrad(d) === undefined ? "?" : formatWire(edgeGrad(d))));
    }
    nodeSel
      .classed("has-value", (d) => state.values.has(d.id))
      .classed("has-grad", (d) => state.grads.has(d.id))
      .classed("active", (d) => cur?.node === d.id)
      .classed("receiving", (d) => cur?.phase === "backward" && (cur.contributions ?? []).some((c) => c.target === d.id))
      .classed("selected", (d) => selected === d.id)
      .attr("data-value", (d) => (state.values.has(d.id) ? formatValue(state.values.get(d.id)) : ""))
      .attr("data-grad", (d) => (state.grads.has(d.id) ? formatValue(state.grads.get(d.id)) : ""))
      .attr("aria-label", (d) => nodeAriaLabel(d.node, state.values.get(d.id), state.grads.get(d.id)));
    nodeSel.select("g.sum-badge").each(function badge(d) {
      const terms = state.terms.get(d.id) ?? [];
      const show = branches.has(d.id) && terms.length > 0;
      const g = d3.select(this).classed("visible", show).classed("complete", state.complete.has(d.id));
      const want = index.expected.get(d.id) ?? 0;
      const text = show ? `∂ = ${branchSum(terms, state.grads.get(d.id), want)}` : "";
      const label = g.select("text.sum-text").text(text);
      const width = show ? label.node().getComputedTextLength() + 12 : 0;
      g.select("rect.sum-bg").attr("x", -width / 2).attr("width", width);
    });
    if (current.diagram) updateBelow(nodeSel, state); // captions exist only on network diagrams
    if (animate) play(animate.step, animate.duration);
  };

  // Dots travelling along wires: forward from inputs into the gate, backward from the gate to its inputs.
  const play = (step, duration) => {
    particleLayer.selectAll("*").interrupt().remove();
    if (!step || duration <= 0 || !current) return;
    const edges = step.phase === "forward"
      ? step.edges ?? current.index.inEdges.get(step.node).map((e) => e.id)
      : (step.contributions ?? []).map((c) => c.edge);
    if (startsBackward(current.index, step)) edges.push(OUTPUT_EDGE);
    const paths = new Map();
    current.edgeSel.each(function collect(d) {
      if (edges.includes(d.id)) paths.set(d.id, this.querySelector("path.wire"));
    });
    for (const id of edges) {
      const path = paths.get(id);
      if (!path) continue;
      const length = path.getTotalLength();
      const backward = step.phase === "backward";
      const dot = particleLayer.append("circle").attr("class", `particle ${backward ? "backward" : "forward"}`).attr("r", 5);
      const at = (t) => path.getPointAtLength(backward ? length * (1 - t) : length * t);
      const p0 = at(0);
      dot.attr("cx", p0.x).attr("cy", p0.y)
        .transition().duration(duration).ease(d3.easeCubicInOut)
        .tween("move", () => (t) => {
          const p = at(t);
          dot.attr("cx", p.x).attr("cy", p.y);
        })
        .transition().duration(150).attr("r", 0).remove();
    }
  };

  return { draw, update, fit, svg: () => svg.node(), overlay: () => overlayLayer.node(), hasGraph: () => current !== null };
};
