// A uniform-grid spatial index (pure): which nodes and wires lie in a rectangle, in time that
// depends on what is there, not on the size of the graph.

const CELL = 400;

const boxesMeet = (a, r) =>
  a.x <= r.x + r.width && r.x <= a.x + a.width && a.y <= r.y + r.height && r.y <= a.y + a.height;

// Whether segment a-b meets rectangle r (Liang-Barsky clipping): a diagonal wire's bounding box
// can meet a rectangle the wire itself passes by.
const segmentMeets = (a, b, r) => {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  let t0 = 0;
  let t1 = 1;
  for (const [p, q] of [
    [-dx, a.x - r.x],
    [dx, r.x + r.width - a.x],
    [-dy, a.y - r.y],
    [dy, r.y + r.height - a.y],
  ]) {
    if (p === 0) {
      if (q < 0) return false;
    } else {
      const t = q / p;
      if (p < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
      if (t0 > t1) return false;
    }
  }
  return true;
};

/** Returns { add(id, rect, kind), addPoints(id, points, kind), query(rect) -> [{id, kind}] }. */
export const createSpatialIndex = (cell = CELL) => {
  const cells = new Map();
  const items = [];
  const key = (i, j) => i * 100003 + j;
  const insert = (item, rect) => {
    const i0 = Math.floor(rect.x / cell);
    const i1 = Math.floor((rect.x + rect.width) / cell);
    const j0 = Math.floor(rect.y / cell);
    const j1 = Math.floor((rect.y + rect.height) / cell);
    for (let i = i0; i <= i1; i += 1) {
      for (let j = j0; j <= j1; j += 1) {
        const k = key(i, j);
        if (!cells.has(k)) cells.set(k, []);
        cells.get(k).push(item);
      }
    }
  };
  return {
    add(id, rect, kind) {
      const item = { id, kind, rect, seen: 0 };
      items.push(item);
      insert(item, rect);
    },
    /** A polyline: each segment is indexed by its own bounding box, so a long wire costs its length. */
    addPoints(id, points, kind) {
      const item = { id, kind, rect: null, seen: 0, points };
      items.push(item);
      for (let s = 1; s < points.length; s += 1) {
        const a = points[s - 1];
        const b = points[s];
        const rect = {
          x: Math.min(a.x, b.x),
          y: Math.min(a.y, b.y),
          width: Math.abs(a.x - b.x),
          height: Math.abs(a.y - b.y),
        };
        // Long diagonal segments (wrapped rows) are sampled, so they do not fill every cell of their box.
        const steps = Math.max(1, Math.ceil(Math.hypot(rect.width, rect.height) / cell));
        for (let t = 0; t < steps; t += 1) {
          const p = { x: a.x + ((b.x - a.x) * t) / steps, y: a.y + ((b.y - a.y) * t) / steps };
          const q = { x: a.x + ((b.x - a.x) * (t + 1)) / steps, y: a.y + ((b.y - a.y) * (t + 1)) / steps };
          insert(item, {
            x: Math.min(p.x, q.x),
            y: Math.min(p.y, q.y),
            width: Math.abs(p.x - q.x),
            height: Math.abs(p.y - q.y),
          });
        }
      }
    },
    /** The items whose box, or one of whose segments, meets `rect` (edges included). */
    query(rect) {
      const stamp = (this.stamp = (this.stamp ?? 0) + 1);
      const out = [];
      const i0 = Math.floor(rect.x / cell);
      const i1 = Math.floor((rect.x + rect.width) / cell);
      const j0 = Math.floor(rect.y / cell);
      const j1 = Math.floor((rect.y + rect.height) / cell);
      for (let i = i0; i <= i1; i += 1) {
        for (let j = j0; j <= j1; j += 1) {
          for (const item of cells.get(key(i, j)) ?? []) {
            if (item.seen === stamp) continue;
            item.seen = stamp;
            // A cell holds everything that touches it: keep only what meets the rectangle itself.
            const meets = item.rect
              ? boxesMeet(item.rect, rect)
              : item.points.some((p, s) => s > 0 && segmentMeets(item.points[s - 1], p, rect));
            if (meets) out.push({ id: item.id, kind: item.kind });
          }
        }
      }
      return out;
    },
    size: () => items.length,
  };
};
