// Dots that travel along the active wires during a step: forward into the gate, backward out of it.

/** The point at fraction t (0..1) of the length of a polyline. */
export const pointAlong = (points) => {
  const cumulative = [0];
  for (let i = 1; i < points.length; i += 1)
    cumulative.push(cumulative[i - 1] + Math.hypot(points[i].x - points[i - 1].x, points[i].y - points[i - 1].y));
  const total = cumulative[cumulative.length - 1];
  return (t) => {
    const d = Math.min(Math.max(t, 0), 1) * total;
    let i = 1;
    while (i < points.length - 1 && cumulative[i] < d) i += 1;
    const span = cumulative[i] - cumulative[i - 1] || 1;
    const u = (d - cumulative[i - 1]) / span;
    const [a, b] = [points[i - 1], points[i]];
    return { x: a.x + (b.x - a.x) * u, y: a.y + (b.y - a.y) * u };
  };
};

/** Stops and removes the dots in `layer` (a d3 selection). */
export const stopParticles = (layer) => layer.selectAll("*").interrupt().remove();

/**
 * One dot per wire (`wires`: arrays of points) in `layer`, moving over `duration` ms (backward:
 * from the gate's end), then shrinking away. Along the polyline (its rounded corners are a few
 * px off): the path's own getTotalLength / getPointAtLength would force a layout of the whole
 * SVG in the step's frame.
 */
export const playParticles = (layer, d3, wires, { backward = false, duration }) => {
  for (const points of wires) {
    const at = pointAlong(points);
    const along = (t) => at(backward ? 1 - t : t);
    const dot = layer
      .append("circle")
      .attr("class", `particle ${backward ? "backward" : "forward"}`)
      .attr("r", 5);
    const p0 = along(0);
    dot
      .attr("cx", p0.x)
      .attr("cy", p0.y)
      .transition()
      .duration(duration)
      .ease(d3.easeCubicInOut)
      .tween("move", () => (t) => {
        const p = along(t);
        dot.attr("cx", p.x).attr("cy", p.y);
      })
      .transition()
      .duration(150)
      .attr("r", 0)
      .remove();
  }
};
