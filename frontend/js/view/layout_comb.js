// The n-ary Σ/Π gate of a long sum as a comb (pure, DOM-free; used by layout_fast): its terms'
// leaves in a grid, each row of a column wired straight into a tooth of the gate, the teeth
// joined by a rail. A 300-term sum is then about as wide as it is tall, where one column of 300
// leaves and a 300-port bar would be a sliver no zoom can show.

// More terms than this (and the chain is drawn as a comb): a 30-term sum stays one bar.
export const COMB_MIN_TERMS = 40;
export const TOOTH_WIDTH = 14;
export const RAIL_HEIGHT = 12;
const WIRE_ROOM = 60; // between a leaf and its tooth: the wire's value above, gradient below
const CELL_GAP = 26; // between a tooth and the next column of leaves
const ROW_HEIGHT = 54; // a leaf (≤ 30 px) and the wire numbers of the row under it

const isLeaf = (n) => n?.kind === "input" || n?.kind === "const" || n?.kind === "stub";

/**
 * Which gates become combs: Map gate id -> {terms: [edge ids of its leaf-fed ports, in port
 * order], others: [edge ids fed by gates], leaves: Set of those leaf ids}. A leaf qualifies when
 * this gate is its only consumer (stubs always are), so moving it into the comb moves no other wire.
 */
export const combGates = (trace, { minTerms = COMB_MIN_TERMS } = {}) => {
  const byId = new Map(trace.nodes.map((n) => [n.id, n]));
  const uses = new Map();
  for (const e of trace.edges) uses.set(e.source, (uses.get(e.source) ?? 0) + 1);
  const into = new Map();
  for (const e of trace.edges) if (byId.get(e.target)?.chain) into.set(e.target, [...(into.get(e.target) ?? []), e]);
  const out = new Map();
  for (const [id, edges] of into) {
    if (edges.length <= minTerms) continue;
    const sorted = [...edges].sort((a, b) => a.index - b.index);
    const own = (e) => isLeaf(byId.get(e.source)) && uses.get(e.source) === 1;
    const terms = sorted.filter(own);
    if (terms.length <= minTerms) continue;
    out.set(id, {
      terms: terms.map((e) => e.id),
      others: sorted.filter((e) => !own(e)).map((e) => e.id),
      leaves: new Set(terms.map((e) => e.source)),
    });
  }
  return out;
};

/**
 * The comb's geometry for `count` leaves no wider than `leafWidth`, near `aspect` (width /
 * height), with a first tooth for `others` gate-fed ports when there are any. Returns {width,
 * height, rows, columns, cell, teeth: [{x}] (relative to the gate's box), top (rail height)}.
 */
export const combShape = (count, leafWidth, { aspect = 1.6, others = 0 } = {}) => {
  const cell = leafWidth + WIRE_ROOM + TOOTH_WIDTH + CELL_GAP;
  // columns * cell / (rows * ROW_HEIGHT) ≈ aspect with rows = count / columns.
  const columns = Math.max(1, Math.min(count, Math.round(Math.sqrt((aspect * ROW_HEIGHT * count) / cell))));
  const rows = Math.ceil(count / columns);
  const lead = others > 0 ? TOOTH_WIDTH + CELL_GAP : 0; // the tooth of the gate-fed ports
  const teeth = [];
  if (others > 0) teeth.push({ x: 0 });
  for (let c = 0; c < columns; c += 1) teeth.push({ x: lead + c * cell + cell - CELL_GAP - TOOTH_WIDTH });
  const height = RAIL_HEIGHT + Math.max(rows, others > 0 ? Math.ceil(others / 2) : 0) * ROW_HEIGHT;
  return { width: lead + columns * cell - CELL_GAP, height, rows, columns, cell, lead, teeth, top: RAIL_HEIGHT };
};

/**
 * Where the comb at `box` ({x, y}) puts its leaves and ports: {leaves: Map leaf id -> {x, y}
 * (top-left, right-aligned to WIRE_ROOM before its tooth), ports: Map edge id -> {x, y}}.
 * `size(id)` gives a leaf's box {width, height, shape}; term k sits in column ⌊k / rows⌋, row k mod rows.
 */
export const placeComb = (comb, shape, box, edges, size) => {
  const leaves = new Map();
  const ports = new Map();
  const firstLeafTooth = shape.lead > 0 ? 1 : 0;
  comb.terms.forEach((edgeId, k) => {
    const column = Math.floor(k / shape.rows);
    const row = k % shape.rows;
    const tooth = box.x + shape.teeth[firstLeafTooth + column].x;
    const y = box.y + shape.top + row * ROW_HEIGHT + ROW_HEIGHT / 2;
    const leaf = edges.get(edgeId).source;
    const s = size(leaf);
    const middle = (s.shape?.y ?? 0) + (s.shape?.height ?? s.height) / 2; // of the drawn pill in its box
    leaves.set(leaf, { x: tooth - WIRE_ROOM - s.width, y: y - middle });
    ports.set(edgeId, { x: tooth, y });
  });
  const spread = (shape.height - shape.top) / Math.max(comb.others.length, 1);
  comb.others.forEach((edgeId, k) => {
    ports.set(edgeId, { x: box.x, y: box.y + shape.top + spread * (k + 0.5) });
  });
  return { leaves, ports };
};
