// The camera over the graph: d3-zoom pan/zoom, Fit, Zoom in/out, and Follow (keep the active gate
// and its wires in view at a readable size). The transform maths is pure and tested under node.

// No text is drawn smaller than this many CSS pixels (smaller text is hidden instead).
export const READABLE_PX = 12;
// Zoom at which the camera shows the active gate when the whole graph would be too small:
// 1 draws the graph's type at its designed size (13-20 px); presentation mode asks for more.
export const FOLLOW_SCALE = 1;
// Below this zoom the wires' values (15 px) would be hidden: Follow zooms in to FOLLOW_SCALE.
export const READABLE_ZOOM = READABLE_PX / 15;
export const MIN_SCALE = 0.01;
export const MAX_SCALE = 4;
const MARGIN = 16;

/** The transform {x, y, k} that fits `bounds` {x, y, width, height} into a `box` {width, height}. */
export const fitTransform = (box, bounds, { maxScale = 2.2 } = {}) => {
  if (!box.width || !box.height || !bounds.width || !bounds.height) return { x: 0, y: 0, k: 1 };
  const top = box.top ?? 0; // the toolbar's strip: nothing is fitted under it
  const k = Math.max(
    MIN_SCALE,
    Math.min(maxScale, (box.width - MARGIN) / bounds.width, (box.height - top - MARGIN) / bounds.height),
  );
  return {
    x: (box.width - bounds.width * k) / 2 - bounds.x * k,
    y: top + (box.height - top - bounds.height * k) / 2 - bounds.y * k,
    k,
  };
};

// A graph whose Fit is at least this zoom opens at a readable zoom at its start instead (it is then
// at most a few screens wide); a bigger one opens on the whole drawing, which is its outline.
export const OPENING_MIN_FIT = 0.25;

/**
 * The first view of a new graph: Fit when its type is readable there; otherwise, for a graph of
 * a few screens, a readable zoom (FOLLOW_SCALE, or less down to READABLE_ZOOM to show the whole
 * height) on its start, the inputs, where the first steps happen.
 */
export const openingTransform = (box, bounds, { scale = FOLLOW_SCALE, readable = READABLE_ZOOM } = {}) => {
  const fit = fitTransform(box, bounds);
  if (fit.k >= readable || fit.k < OPENING_MIN_FIT) return fit;
  const top = box.top ?? 0;
  const room = box.height - top - MARGIN;
  const k = Math.max(readable, Math.min(scale, room / bounds.height));
  const height = bounds.height * k;
  return {
    x: MARGIN - bounds.x * k,
    y: height <= room ? top + (box.height - top - height) / 2 - bounds.y * k : top + MARGIN / 2 - bounds.y * k,
    k,
  };
};

/** Screen rectangle of a graph-space `rect` under transform `t`. */
export const toScreen = (t, rect) => ({
  x: rect.x * t.k + t.x,
  y: rect.y * t.k + t.y,
  width: rect.width * t.k,
  height: rect.height * t.k,
});

/**
 * The transform that keeps `focus` (graph-space rect: the active gate and the wires it touches)
 * in view: unchanged when it is already inside the box (inset by `margin`) at a readable zoom
 * (at least `readable`); otherwise zoomed to `scale` (or less, if the focus would not fit) and
 * centred on it, or panned just enough at the current zoom.
 */
export const followTransform = (
  box,
  current,
  focus,
  { scale = FOLLOW_SCALE, readable = READABLE_ZOOM, margin = 40 } = {},
) => {
  const top = (box.top ?? 0) + margin;
  const inner = { width: Math.max(1, box.width - 2 * margin), height: Math.max(1, box.height - top - margin) };
  let k = current.k;
  if (k < readable) k = Math.max(scale, readable);
  const fitK = Math.min(inner.width / Math.max(focus.width, 1), inner.height / Math.max(focus.height, 1));
  if (focus.width * k > inner.width || focus.height * k > inner.height)
    k = Math.max(Math.min(k, fitK), Math.min(scale, fitK));
  const same = k === current.k;
  let { x, y } = same
    ? current
    : {
        x: box.width / 2 - (focus.x + focus.width / 2) * k,
        y: (top + box.height - margin) / 2 - (focus.y + focus.height / 2) * k,
      };
  const s = toScreen({ x, y, k }, focus);
  // Pan the least that brings the focus inside the margins (and below the toolbar).
  if (s.x < margin) x += margin - s.x;
  else if (s.x + s.width > box.width - margin) x -= Math.min(s.x + s.width - (box.width - margin), s.x - margin);
  if (s.y < top) y += top - s.y;
  else if (s.y + s.height > box.height - margin) y -= Math.min(s.y + s.height - (box.height - margin), s.y - top);
  return { x, y, k };
};

/** The part of `box` that `right` / `bottom` px of a panel over it leave in sight (at least a third). */
export const clearOf = (box, { right = 0, bottom = 0 } = {}) => ({
  ...box,
  width: Math.max(box.width / 3, box.width - right),
  height: Math.max((box.top ?? 0) + box.height / 4, box.height - bottom),
});

/** Union of rectangles (null for none). */
export const unionRect = (rects) => {
  let out = null;
  for (const r of rects) {
    if (!r) continue;
    if (!out) out = { ...r };
    else {
      const x = Math.min(out.x, r.x);
      const y = Math.min(out.y, r.y);
      out = {
        x,
        y,
        width: Math.max(out.x + out.width, r.x + r.width) - x,
        height: Math.max(out.y + out.height, r.y + r.height) - y,
      };
    }
  }
  return out;
};

/**
 * d3-zoom on `svg` moving `viewport` (a <g>). `onChange(t, {moving})` after every transform (pan,
 * zoom, fit, follow), with `moving: false` once a gesture or transition ends. Returns { fit(bounds, animate), open(bounds, options), zoomBy(factor), show(t, animate), follow(focus,
 * options), transform(), box() }.
 */
export const createCamera = ({ d3, svg, viewport, toolbar = null, onChange = () => {} }) => {
  // Measured once per resize: reading layout on every zoom frame forces a style pass over the whole SVG.
  let measured = null;
  const measure = () => {
    const r = svg.node().getBoundingClientRect();
    const bar = toolbar?.getBoundingClientRect();
    measured = { width: r.width, height: r.height, top: bar && bar.height ? bar.bottom - r.top : 0 };
    return measured;
  };
  const box = () => measured ?? measure();
  new ResizeObserver(measure).observe(svg.node());
  if (toolbar) new ResizeObserver(measure).observe(toolbar);
  // An explicit extent: d3-zoom's default reads the SVG's size (a forced layout) on every event.
  const zoom = d3
    .zoom()
    .scaleExtent([MIN_SCALE, MAX_SCALE])
    .extent(() => {
      const b = box();
      return [
        [0, 0],
        [b.width || 1, b.height || 1],
      ];
    })
    .on("zoom", (event) => {
      viewport.attr("transform", event.transform);
      onChange({ x: event.transform.x, y: event.transform.y, k: event.transform.k }, { moving: true });
    })
    .on("end", (event) =>
      onChange({ x: event.transform.x, y: event.transform.y, k: event.transform.k }, { moving: false }),
    );
  svg.call(zoom).on("dblclick.zoom", null);
  const current = () => d3.zoomTransform(svg.node());
  const show = (t, animate = false) => {
    const target = d3.zoomIdentity.translate(t.x, t.y).scale(t.k);
    svg.interrupt();
    (animate ? svg.transition().duration(300) : svg).call(zoom.transform, target);
  };
  return {
    fit: (bounds, animate = false) => show(fitTransform(box(), bounds), animate),
    open: (bounds, options = {}) => show(openingTransform(box(), bounds, options)),
    zoomBy: (factor) => svg.interrupt().transition().duration(200).call(zoom.scaleBy, factor),
    show,
    // `options.right` / `options.bottom`: screen px that a panel (the inspector) covers; kept clear.
    follow: (focus, options = {}) => {
      const t = current();
      const b = clearOf(box(), options);
      const next = followTransform(b, { x: t.x, y: t.y, k: t.k }, focus, options);
      if (Math.abs(next.x - t.x) <= 0.5 && Math.abs(next.y - t.y) <= 0.5 && next.k === t.k) return;
      // Glide over short moves; jump over long ones (a fly-through of a big graph repaints it all).
      const far =
        next.k / t.k > 2 || t.k / next.k > 2 || Math.hypot(next.x - t.x, next.y - t.y) > Math.max(b.width, b.height);
      show(next, (options.animate ?? true) && !far);
    },
    transform: () => {
      const t = current();
      return { x: t.x, y: t.y, k: t.k };
    },
    box,
    measure,
  };
};
