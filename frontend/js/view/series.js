// Series grouping (pure, DOM-free): long runs of structurally identical statements, such as an
// unrolled loop, found so the view can draw each run as one expandable node (TensorBoard's
// "series" nodes, Wongsuphasawat et al., VAST 2018).

export const SERIES_PREFIX = "series:";
export const isSeriesGroup = (name) => typeof name === "string" && name.startsWith(SERIES_PREFIX);

// Fewer statements than this stay as they are: a lecture's six-layer chain is read gate by gate.
export const SERIES_MIN_STATEMENTS = 8;
// A run repeats a block of 1..SERIES_MAX_PERIOD statements at least SERIES_MIN_REPEATS times.
export const SERIES_MAX_PERIOD = 4;
export const SERIES_MIN_REPEATS = 3;
// A gate read from further back than this many statements is classed as "far" (like an input):
// `a_k = a_(k-1) + a1` is the same statement for every k once a1 is that far behind.
const NEAR = 2 * SERIES_MAX_PERIOD;

/**
 * The statements of a trace: its op and const nodes grouped by `line`, in line order. Each is
 * {line, ids} (trace order). Input leaves belong to no statement; nodes without a line are left out.
 */
export const statementsOf = (trace) => {
  const byLine = new Map();
  for (const n of trace.nodes) {
    if ((n.kind !== "op" && n.kind !== "const") || !Number.isInteger(n.line)) continue;
    if (!byLine.has(n.line)) byLine.set(n.line, []);
    byLine.get(n.line).push(n.id);
  }
  return [...byLine.keys()].sort((a, b) => a - b).map((line) => ({ line, ids: byLine.get(line) }));
};

/**
 * One signature string per statement (null where the statement may not join a series: a node in
 * a group or in `exclude`, or a gate reading a later line, as a statement split over lines does).
 * A gate's inputs are classed as: same statement (local index), a gate `d` statements back (and its
 * place there, counted from that statement's last node), an input leaf ("in", whatever its name),
 * a constant ("c").
 */
export const signatures = (trace, statements, exclude = new Map()) => {
  const byId = new Map(trace.nodes.map((n) => [n.id, n]));
  const where = new Map(); // node id -> [statement ordinal, local index]
  statements.forEach((s, i) => s.ids.forEach((id, j) => where.set(id, [i, j])));
  return statements.map((s, i) => {
    const parts = [];
    for (const id of s.ids) {
      const n = byId.get(id);
      if (n.group || exclude.has(id)) return null;
      if (n.kind === "const") {
        parts.push("c");
        continue;
      }
      const args = [];
      for (const src of n.inputs ?? []) {
        const m = byId.get(src);
        if (m?.kind === "input") args.push("in");
        else if (m?.kind === "const") args.push("c");
        else if (!where.has(src)) return null;
        else {
          const [k, j] = where.get(src);
          if (k > i) return null;
          // An earlier statement's node by its place from that statement's end (its result is last).
          args.push(k === i ? `s${j}` : i - k > NEAR ? "far" : `g${i - k}.${statements[k].ids.length - 1 - j}`);
        }
      }
      parts.push(`${n.op}${n.label ? "=" : ""}(${args.join(",")})`);
    }
    return parts.join(";");
  });
};

// How long a run starting at statement i with period p is: its first p statements, then every
// statement equal to the one p before it.
const runLength = (sigs, i, p) => {
  for (let k = i; k < Math.min(i + p, sigs.length); k += 1) if (sigs[k] === null) return 0;
  let j = i + p;
  while (j < sigs.length && sigs[j] !== null && sigs[j] === sigs[j - p]) j += 1;
  return Math.min(j, sigs.length) - i;
};

/**
 * Runs of statements: [{start, length, period}] (statement ordinals), each the longest run at its
 * start (the shortest period on a tie), at least `minStatements` long and `minRepeats` periods.
 */
export const seriesSpans = (
  sigs,
  { minStatements = SERIES_MIN_STATEMENTS, maxPeriod = SERIES_MAX_PERIOD, minRepeats = SERIES_MIN_REPEATS } = {},
) => {
  const spans = [];
  let i = 0;
  while (i < sigs.length) {
    let best = { length: 0, period: 1 };
    for (let p = 1; p <= maxPeriod; p += 1) {
      const length = runLength(sigs, i, p);
      if (length > best.length) best = { length, period: p };
    }
    if (best.length >= minStatements && best.length >= minRepeats * best.period) {
      spans.push({ start: i, ...best });
      i += best.length;
    } else i += 1;
  }
  return spans;
};

/**
 * The series of a trace: Map gate (or const) id -> series group name (`series:<first member id>`).
 * `exclude` holds ids already drawn otherwise (an associative chain's gates); nodes in a group
 * (a network's units) never join. Options as seriesSpans.
 */
export const seriesRuns = (trace, { exclude = new Map(), ...options } = {}) => {
  const statements = statementsOf(trace);
  const sigs = signatures(trace, statements, exclude);
  const out = new Map();
  for (const { start, length } of seriesSpans(sigs, options)) {
    const members = statements.slice(start, start + length).flatMap((s) => s.ids);
    const name = `${SERIES_PREFIX}${members[0]}`;
    for (const id of members) out.set(id, name);
  }
  return out;
};

/**
 * What each series is: Map name -> {name, label ("a2 … a300"), statements (count), firstLine,
 * lastLine, lines (Map member id -> its statement's ordinal in the series, 1-based)}.
 */
export const seriesInfo = (trace, runs) => {
  const info = new Map();
  for (const n of trace.nodes) {
    const name = runs.get(n.id);
    if (!name) continue;
    if (!info.has(name)) info.set(name, { name, labels: [], lineSet: new Set(), members: [] });
    const s = info.get(name);
    if (n.label && n.kind === "op") s.labels.push(n.label);
    s.lineSet.add(n.line);
    s.members.push(n);
  }
  for (const s of info.values()) {
    const sorted = [...s.lineSet].sort((a, b) => a - b);
    const ordinal = new Map(sorted.map((line, i) => [line, i + 1]));
    const first = s.labels[0];
    const last = s.labels[s.labels.length - 1];
    s.statements = sorted.length;
    s.firstLine = sorted[0];
    s.lastLine = sorted[sorted.length - 1];
    s.lines = new Map(s.members.map((n) => [n.id, ordinal.get(n.line)]));
    s.label = first ? (first === last ? first : `${first} … ${last}`) : `lines ${s.firstLine}–${s.lastLine}`;
    delete s.labels;
    delete s.lineSet;
    delete s.members;
  }
  return info;
};

/**
 * The sentence that says where a step inside a collapsed series is: "Statement 57 of 299 in the
 * series a2 … a300 (line 58)." `step` is a step of the real trace; null when it is in no series.
 */
export const seriesWhere = (info, runs, step, nodes) => {
  const name = runs.get(step?.node);
  const s = name && info.get(name);
  if (!s) return null;
  const line = nodes.get(step.node)?.line;
  return `Statement ${s.lines.get(step.node)} of ${s.statements} in the series ${s.label} (line ${line}).`;
};
