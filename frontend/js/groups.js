// Neuron groups (pure): which nodes make up each unit, and the view of a trace with some units collapsed.
import { formatValue } from "./format.js";

export const GROUP_PREFIX = "group:";
export const groupId = (name) => `${GROUP_PREFIX}${name}`;
export const isGroupId = (id) => typeof id === "string" && id.startsWith(GROUP_PREFIX);

/** What a group name says: {kind: "hidden" | "output" | "loss" | "other", layer, unit}. */
export const parseGroupName = (name) => {
  let m = /^hidden (\d+) · unit (\d+)$/.exec(name);
  if (m) return { kind: "hidden", layer: Number(m[1]), unit: Number(m[2]) };
  m = /^output · unit (\d+)$/.exec(name);
  if (m) return { kind: "output", layer: null, unit: Number(m[1]) };
  return { kind: name === "loss" ? "loss" : "other", layer: null, unit: null };
};

/**
 * The groups of a trace (node field `group`) in order of first appearance:
 * Map name -> {name, id, members (ids, topological), params (input/const members), output}.
 * A group's output is the member whose value leaves it (the unit's activation, or the loss).
 */
export const groupsOf = (trace) => {
  const groups = new Map();
  const order = new Map(trace.nodes.map((n, i) => [n.id, i]));
  const memberOf = new Map();
  for (const n of trace.nodes) {
    if (!n.group) continue;
    if (!groups.has(n.group))
      groups.set(n.group, {
        name: n.group,
        id: groupId(n.group),
        members: [],
        params: [],
        output: null,
        ...parseGroupName(n.group),
      });
    const g = groups.get(n.group);
    g.members.push(n.id);
    if (n.kind !== "op") g.params.push(n.id);
    memberOf.set(n.id, n.group);
  }
  const later = (a, b) => (a === null || order.get(b) > order.get(a) ? b : a);
  for (const e of trace.edges) {
    const g = memberOf.get(e.source);
    if (g && memberOf.get(e.target) !== g) groups.get(g).output = later(groups.get(g).output, e.source);
  }
  const out = memberOf.get(trace.output.node);
  if (out) groups.get(out).output = trace.output.node;
  for (const g of groups.values()) if (g.output === null) g.output = g.members[g.members.length - 1];
  return groups;
};

// The single node that stands for a collapsed group: it shows its output's value and gradient.
const groupNode = (g, out) => ({
  id: g.id,
  kind: "group",
  op: null,
  symbol: out.symbol ?? out.op ?? null,
  activation: out.op,
  label: out.label ?? g.name,
  group: g.name,
  value: out.value,
  grad: out.grad,
  shape: out.shape ?? [],
  inputs: [],
  members: g.members,
  output: g.output,
});

/**
 * The trace as drawn with the groups not in `expanded` collapsed to one node each. Edges inside
 * a collapsed group disappear; edges into it land on its node (one port per edge, in order).
 * Steps keep their number, so stepping means the same in either state. A trace without groups
 * gives the identity view ({identity: true, trace}). With `merge(name)` true for a collapsed
 * group, the edges from one source into it are drawn as one wire (the first; `edgeRep` maps the
 * others onto it and `merged` lists each such wire's edges), so a leaf read by every statement
 * of a series reaches its node once.
 */
export const buildView = (trace, expanded = new Set(), groups = groupsOf(trace), { merge = null } = {}) => {
  if (groups.size === 0) return { identity: true, trace, groups, rep: null };
  const open = expanded instanceof Set ? expanded : new Set(expanded);
  const byId = new Map(trace.nodes.map((n) => [n.id, n]));
  const rep = new Map();
  const nodes = [];
  for (const n of trace.nodes) {
    const g = n.group && !open.has(n.group) ? groups.get(n.group) : null;
    rep.set(n.id, g ? g.id : n.id);
    if (!g) nodes.push(n);
    else if (g.members[0] === n.id) nodes.push(groupNode(g, byId.get(g.output)));
  }
  const edges = [];
  const ports = new Map();
  const realIn = new Map();
  const edgeRep = new Map();
  const merged = new Map();
  const wireOf = new Map(); // "source>target" -> the one drawn edge into a merging group
  for (const e of trace.edges) {
    realIn.set(e.target, [...(realIn.get(e.target) ?? []), e.id]);
    const source = rep.get(e.source);
    const target = rep.get(e.target);
    if (source === target) continue;
    if (merge && isGroupId(target) && merge(target.slice(GROUP_PREFIX.length))) {
      const key = `${source}>${target}`;
      const first = wireOf.get(key);
      if (first) {
        edgeRep.set(e.id, first);
        merged.get(first).push(e.id);
        continue;
      }
      wireOf.set(key, e.id);
      merged.set(e.id, [e.id]);
    }
    let index = e.index;
    if (isGroupId(target)) {
      index = ports.get(target) ?? 0;
      ports.set(target, index + 1);
    }
    edges.push({ ...e, source, target, index });
  }
  for (const [id, list] of merged) if (list.length === 1) merged.delete(id);
  const edgeIds = new Set(edges.map((e) => e.id));
  const view = { identity: false, groups, rep, edgeIds, realIn, expanded: open, edgeRep, merged };
  const steps = trace.steps.map((s) => projectStep(view, s));
  const output = { node: rep.get(trace.output.node), value: trace.output.value };
  view.trace = { ...trace, output, nodes, edges, steps };
  return view;
};

/** A step as the view draws it: on the group node when its node is inside a collapsed group. */
export const projectStep = (view, step) => {
  if (!step || view.identity) return step;
  const node = view.rep.get(step.node);
  const inner = node === step.node ? null : step.node;
  const wire = (id) => view.edgeRep?.get(id) ?? id; // the drawn wire an edge is part of
  if (step.phase === "forward") {
    const edges = [...new Set((view.realIn.get(step.node) ?? []).map(wire))].filter((id) => view.edgeIds.has(id));
    return { phase: "forward", node, value: step.value, inner, edges };
  }
  const contributions = (step.contributions ?? [])
    .filter((c) => view.edgeIds.has(wire(c.edge)))
    .map((c) => ({ ...c, edge: wire(c.edge), target: view.rep.get(c.target) }));
  return { phase: "backward", node, grad: step.grad, contributions, inner };
};

/**
 * What the view shows after a step, from timeline.stateAt of the full trace: a collapsed
 * group has its output's value, gradient, arrivals and completeness.
 */
export const projectState = (view, state) => {
  if (view.identity) return state;
  const source = (n) => (n.kind === "group" ? n.output : n.id);
  const pick = (map) => {
    const out = new Map();
    for (const n of view.trace.nodes) if (map.has(source(n))) out.set(n.id, map.get(source(n)));
    return out;
  };
  const complete = new Set(view.trace.nodes.filter((n) => state.complete.has(source(n))).map((n) => n.id));
  return {
    ...state,
    values: pick(state.values),
    grads: pick(state.grads),
    terms: pick(state.terms),
    complete,
    current: projectStep(view, state.current),
  };
};

/**
 * Whether a (projected) step is the output's own backward step, when gradient 1 arrives on the
 * output wire. A collapsed loss unit stands for the output, but only the step of its real output
 * node starts the pass: its inner steps must not light the output wire again.
 */
export const startsBackward = (index, step) => {
  if (step?.phase !== "backward" || step.node !== index.outputId) return false;
  const out = index.nodes.get(index.outputId);
  return !step.inner || step.inner === (out?.kind === "group" ? out.output : index.outputId);
};

// How a gate inside a unit is called in a caption: its name, or the product/sum it computes.
const innerName = (index, node) => {
  if (node.label) return node.label;
  const args = (index.inEdges.get(node.id) ?? []).map((e) => index.nodes.get(e.source));
  if (node.op === "mul" && args.every((a) => a?.label)) return args.map((a) => a.label).join("·");
  if (node.op === "add") return "Σ so far";
  return node.symbol ?? node.op ?? "?";
};

/** The caption a collapsed group shows during one of its inner steps: `W1[3,2]·x[2] = -0.25`. */
export const innerCaption = (index, step) => {
  const node = index.nodes.get(step?.node);
  if (!node) return "";
  const name = innerName(index, node);
  if (step.phase === "forward") return `${name} = ${formatValue(step.value)}`;
  const out = index.nodes.get(index.outputId)?.label ?? "f";
  return `∂${out}/∂${name.includes(" ") || name.includes("·") ? `(${name})` : name} = ${formatValue(step.grad)}`;
};

/** Group names sorted as the diagram reads: hidden layers by layer and unit, then outputs, then the loss. */
export const sortedGroupNames = (groups) => {
  const rank = { hidden: 0, output: 1, loss: 2, other: 3 };
  return [...groups.values()]
    .sort((a, b) => rank[a.kind] - rank[b.kind] || (a.layer ?? 0) - (b.layer ?? 0) || (a.unit ?? 0) - (b.unit ?? 0))
    .map((g) => g.name);
};

/** TeX for a node name: `W1[3,2]` -> W^{(1)}_{3,2}, `x[2]` -> x_{2}, `W1` -> W_{1}, `E_p` -> E_{p}. */
export const texLabel = (label) => {
  if (!label) return "?";
  let m = /^([A-Za-z]+)(\d*)\[([\d,]+)\]$/.exec(label);
  if (m) return m[2] ? `${m[1]}^{(${m[2]})}_{${m[3]}}` : `${m[1]}_{${m[3]}}`;
  m = /^([A-Za-z]+)_?(\d+|[a-z])$/.exec(label);
  if (m && label.length > 1) return `${m[1]}_{${m[2]}}`;
  return /^[A-Za-z]$/.test(label) ? label : `\\mathrm{${label.replace(/[{}\\_^$&#%~]/g, "")}}`;
};
