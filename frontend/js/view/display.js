// The drawn form of a trace (pure, DOM-free): long chains of one associative op as one n-ary
// gate, units and chains collapsed unless expanded, and leaves used by many gates drawn as stubs
// beside each consumer (TensorBoard's auxiliary nodes), so every wire stays short.
import { buildView, groupsOf, projectState, projectStep } from "../groups.js";
import { indexTrace } from "../timeline.js";
import { isSeriesGroup, seriesInfo, seriesRuns, seriesWhere } from "./series.js";

export const CHAIN_PREFIX = "chain:";
export const STUB_PREFIX = "stub:";
export const isChainGroup = (name) => typeof name === "string" && name.startsWith(CHAIN_PREFIX);
export const isStubId = (id) => typeof id === "string" && id.startsWith(STUB_PREFIX);

// Gates a chain needs before it is drawn as one n-ary gate: `a + b + c` stays as the lecture draws it.
export const CHAIN_MIN_GATES = 4;
const CHAIN_OPS = new Set(["add", "mul"]);
const CHAIN_SYMBOL = { add: "Σ", mul: "Π" };

// A leaf feeding this many wires gets stubs; in a big graph any reused leaf does (its wires would
// cross the whole drawing). Small graphs keep the branching wires the lecture is about.
export const STUB_MIN_USES = 5;
export const STUB_MIN_USES_BIG = 2;
export const BIG_GRAPH = 150;

/**
 * Chains of one associative op (`((a + b) + c) + d …`): unnamed, ungrouped gates whose only
 * consumer is a gate of the same op. Returns Map gate id -> chain group name, for chains of at
 * least `minGates` gates.
 */
export const associativeChains = (trace, { minGates = CHAIN_MIN_GATES } = {}) => {
  const byId = new Map(trace.nodes.map((n) => [n.id, n]));
  const consumers = new Map();
  for (const e of trace.edges) consumers.set(e.source, [...(consumers.get(e.source) ?? []), e.target]);
  const candidate = (n) => n?.kind === "op" && CHAIN_OPS.has(n.op) && !n.group;
  // An inner gate feeds exactly one gate, of the same op, and has no name of its own.
  const inner = (n) => {
    const out = consumers.get(n.id) ?? [];
    return (
      candidate(n) &&
      !n.label &&
      n.id !== trace.output.node &&
      out.length === 1 &&
      byId.get(out[0])?.op === n.op &&
      candidate(byId.get(out[0]))
    );
  };
  const inputsOf = new Map();
  for (const e of trace.edges) inputsOf.set(e.target, [...(inputsOf.get(e.target) ?? []), e.source]);
  const chains = new Map();
  for (const root of trace.nodes) {
    if (!candidate(root) || inner(root)) continue;
    const members = [root.id];
    for (let i = 0; i < members.length; i += 1) {
      for (const src of inputsOf.get(members[i]) ?? []) {
        const n = byId.get(src);
        if (n && inner(n) && n.op === root.op && !members.includes(src)) members.push(src);
      }
    }
    if (members.length < minGates) continue;
    for (const id of members) chains.set(id, `${CHAIN_PREFIX}${root.id}`);
  }
  return chains;
};

/** The trace with chain gates put into chain groups (nodes keep their ids; nothing else changes). */
export const withChainGroups = (trace, chains) => {
  if (chains.size === 0) return trace;
  return { ...trace, nodes: trace.nodes.map((n) => (chains.has(n.id) ? { ...n, group: chains.get(n.id) } : n)) };
};

/** Leaves (inputs, constants) that get stubs: Map leaf id -> number of uses. */
export const stubbedLeaves = (trace, { minUses } = {}) => {
  const min = minUses ?? (trace.nodes.length > BIG_GRAPH ? STUB_MIN_USES_BIG : STUB_MIN_USES);
  const uses = new Map();
  for (const e of trace.edges) uses.set(e.source, (uses.get(e.source) ?? 0) + 1);
  const out = new Map();
  for (const n of trace.nodes)
    if ((n.kind === "input" || n.kind === "const") && (uses.get(n.id) ?? 0) >= min) out.set(n.id, uses.get(n.id));
  return out;
};

/**
 * Replaces each wire out of a stubbed leaf by a wire from a stub node of its own (`stub:<edge>`,
 * kind "stub", `of` = the leaf). The leaf itself stays, unwired, where its gradient adds up.
 */
export const withStubs = (trace, leaves) => {
  if (leaves.size === 0) return trace;
  const byId = new Map(trace.nodes.map((n) => [n.id, n]));
  const stubs = [];
  const edges = trace.edges.map((e) => {
    if (!leaves.has(e.source)) return e;
    const leaf = byId.get(e.source);
    const id = `${STUB_PREFIX}${e.id}`;
    stubs.push({
      id,
      kind: "stub",
      of: leaf.id,
      edge: e.id,
      op: null,
      label: leaf.label,
      symbol: null,
      value: leaf.value,
      grad: e.grad,
      shape: leaf.shape ?? [],
      inputs: [],
      group: null,
      leafKind: leaf.kind,
    });
    return { ...e, source: id };
  });
  return { ...trace, nodes: [...trace.nodes, ...stubs], edges };
};

// How many nodes a trace is drawn with when its groups not in `open` are collapsed (stubs aside).
const collapsedSize = (trace, open) => {
  const seen = new Set();
  let count = 0;
  for (const n of trace.nodes) {
    if (!n.group || open.has(n.group)) count += 1;
    else if (!seen.has(n.group)) (seen.add(n.group), (count += 1));
  }
  return count;
};

/**
 * The series a display draws (Map id -> series name). `series: "auto"` (the default) groups them
 * only in a big graph (more than BIG_GRAPH nodes drawn without them): there a series is collapsed
 * unless expanded; a program that small is read gate by gate and looks as it always did.
 * `true` groups them at any size, `false` never.
 */
export const displaySeries = (trace, chains, open, option = "auto") => {
  if (option === false) return new Map();
  const runs = seriesRuns(trace, { exclude: chains });
  if (runs.size === 0 || option === true) return runs;
  return collapsedSize(withChainGroups(trace, chains), open) > BIG_GRAPH ? runs : new Map();
};

/**
 * The display of a trace: `trace` as drawn, its `index` (timeline.indexTrace), `project(state)`
 * mapping a timeline.stateAt of the real trace onto it, and `projectStep(step)`. `expanded` names
 * the units, chains and series shown gate by gate; `stubs: false` keeps every wire; `series` as
 * displaySeries.
 */
export const buildDisplay = (
  trace,
  { expanded = [], chains: chainOption = true, series: seriesOption = "auto", stubs = true, minUses } = {},
) => {
  const open = new Set(expanded);
  const chains = chainOption ? associativeChains(trace) : new Map();
  const series = displaySeries(trace, chains, open, seriesOption);
  const grouped = withChainGroups(trace, new Map([...chains, ...series]));
  const groups = groupsOf(grouped);
  const view = buildView(grouped, open, groups, { merge: isSeriesGroup });
  const info = seriesInfo(trace, series);
  const byId = new Map(trace.nodes.map((n) => [n.id, n]));
  // A collapsed chain is drawn as one gate: Σ (or Π) of its terms, named as its last gate is.
  const gates = view.trace.nodes.map((n) => {
    // A collapsed series: one node named by its first and last statements, with their count.
    if (n.kind === "group" && isSeriesGroup(n.group)) {
      const s = info.get(n.group);
      const outputLabel = byId.get(n.output)?.label ?? null; // the output mark names the real output
      return { ...n, series: true, label: s.label, statements: s.statements, symbol: null, op: null, outputLabel };
    }
    if (n.kind !== "group" || !isChainGroup(n.group)) return n;
    const root = byId.get(n.output);
    const terms = view.trace.edges.filter((e) => e.target === n.id).length;
    return { ...n, chain: true, label: root.label ?? null, symbol: CHAIN_SYMBOL[root.op], op: root.op, terms };
  });
  // A node with wires into a collapsed series gets its gradient from every edge they stand for.
  const arrivals = new Map();
  for (const [wire, ids] of view.merged ?? []) {
    const source = view.trace.edges.find((e) => e.id === wire)?.source;
    if (source) arrivals.set(source, (arrivals.get(source) ?? 0) + ids.length - 1);
  }
  const counted = arrivals.size
    ? gates.map((n) =>
        arrivals.has(n.id)
          ? { ...n, arrivals: view.trace.edges.filter((e) => e.source === n.id).length + arrivals.get(n.id) }
          : n,
      )
    : gates;
  const collapsed = { ...view.trace, nodes: counted };
  const leaves = stubs ? stubbedLeaves(collapsed, { minUses }) : new Map();
  const drawn = withStubs(collapsed, leaves);
  drawn.series = info; // what the frames and toggles of series say (render_groups.drawGroups)
  const stubList = drawn.nodes.filter((n) => n.kind === "stub");
  const project = (state) => {
    const shown = projectState(view, state);
    if (!stubList.length && !view.merged?.size) return shown;
    const values = new Map(shown.values);
    const grads = new Map(shown.grads);
    const edgeGrads = mergedGrads(view, shown.edgeGrads);
    for (const s of stubList) {
      if (values.has(s.of)) values.set(s.id, values.get(s.of));
      if (edgeGrads.has(s.edge)) grads.set(s.id, edgeGrads.get(s.edge));
    }
    return { ...shown, values, grads, edgeGrads };
  };
  return {
    trace: drawn,
    index: indexTrace(drawn),
    groups,
    chains,
    series,
    seriesInfo: info,
    stubbed: leaves,
    identity: view.identity && leaves.size === 0,
    project,
    projectStep: (step) => projectStep(view, step),
    /** "Statement 57 of 299 in the series a2 … a300 (line 58)." for a step of a collapsed series. */
    where: (step) => (view.rep?.get(step?.node) === step?.node ? null : seriesWhere(info, series, step, byId)),
  };
};

// A wire that stands for several edges (into a collapsed series) carries the sum of what has
// come back along them so far: the series' whole gradient contribution to that source.
const mergedGrads = (view, edgeGrads) => {
  if (!view.merged?.size) return edgeGrads;
  const out = new Map(edgeGrads);
  for (const [wire, ids] of view.merged) {
    const known = ids.filter((id) => edgeGrads.has(id)).map((id) => edgeGrads.get(id));
    if (known.length && known.every((g) => typeof g === "number"))
      out.set(
        wire,
        known.reduce((a, b) => a + b, 0),
      );
  }
  return out;
};

const keys = new WeakMap(); // a trace's key is computed once (it is a long string for a big graph)

/** Layout key: what the drawing depends on (ids, kinds, wiring), not on values. */
export const structureKey = (trace) => {
  if (!keys.has(trace)) keys.set(trace, computeKey(trace));
  return keys.get(trace);
};

const computeKey = (trace) =>
  JSON.stringify([
    trace.nodes.map((n) => [n.id, n.kind, n.op, n.label, n.group ?? "", n.kind === "const" ? n.value : 0]),
    trace.edges.map((e) => [e.id, e.source, e.target, e.index]),
  ]);
