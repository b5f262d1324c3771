// The live loss curve: a d3 line chart over the whole run, drawn up to the replayed step (linear or log).
import { getD3 } from "../vendor.js";
import { downsample, lossDomain, lossPoints, plotLoss } from "../plot.js";
import { formatValue } from "../format.js";

const MARGIN = { top: 12, right: 18, bottom: 34, left: 56 };

// Powers of ten on a log axis spanning two decades or more (thinned to about six), else d3's ticks.
const logTicks = ([lo, hi], scale) => {
  const a = Math.ceil(Math.log10(lo));
  const b = Math.floor(Math.log10(hi));
  if (b - a < 2) return scale.ticks(4);
  const every = Math.ceil((b - a + 1) / 6);
  const out = [];
  for (let e = b; e >= a; e -= every) out.push(10 ** e);
  return out;
};

/** Creates the chart in `host`; returns { draw(run, step, log), clear() }. */
export const createLossChart = (host) => {
  const d3 = getD3();
  const svg = d3
    .select(host)
    .append("svg")
    .attr("class", "loss-chart")
    .attr("role", "img")
    .attr("aria-label", "Loss curve: no training run yet");
  const plot = svg.append("g").attr("transform", `translate(${MARGIN.left},${MARGIN.top})`);
  const grid = plot.append("g").attr("class", "chart-grid");
  const xAxis = plot.append("g").attr("class", "axis x-axis");
  const yAxis = plot.append("g").attr("class", "axis y-axis");
  const xLabel = plot.append("text").attr("class", "axis-label").attr("text-anchor", "middle").text("step");
  const yLabel = plot.append("text").attr("class", "axis-label").attr("text-anchor", "middle").text("loss");
  const path = plot.append("path").attr("class", "loss-line");
  const dot = plot.append("circle").attr("class", "loss-dot").attr("r", 4.5).attr("visibility", "hidden");
  let frame = null; // {key, x, y, width, height}: axes are redrawn only when the run or scale changes

  const box = () => {
    const rect = host.getBoundingClientRect();
    return { width: Math.max(200, rect.width || 480), height: Math.max(160, rect.height || 240) };
  };

  const setFrame = (run, log) => {
    const { width, height } = box();
    const key = `${run.total}|${log}|${width}|${height}`;
    if (frame?.key === key) return frame;
    const w = width - MARGIN.left - MARGIN.right;
    const h = height - MARGIN.top - MARGIN.bottom;
    svg.attr("viewBox", `0 0 ${width} ${height}`).attr("width", width).attr("height", height);
    const domain = lossDomain([run.initialLoss, ...run.loss], log);
    const x = d3
      .scaleLinear()
      .domain([0, Math.max(1, run.total)])
      .range([0, w]);
    const y = (log ? d3.scaleLog() : d3.scaleLinear()).domain(domain).range([h, 0]).nice();
    const ticks = log ? logTicks(y.domain(), y) : y.ticks(5);
    xAxis
      .attr("transform", `translate(0,${h})`)
      .call(d3.axisBottom(x).ticks(Math.min(6, run.total)).tickFormat(d3.format("~s")));
    yAxis.call(
      d3
        .axisLeft(y)
        .tickValues(ticks)
        .tickFormat((v) => formatValue(v, 2)),
    );
    grid
      .selectAll("line")
      .data(ticks)
      .join("line")
      .attr("x1", 0)
      .attr("x2", w)
      .attr("y1", (v) => y(v))
      .attr("y2", (v) => y(v));
    xLabel.attr("x", w / 2).attr("y", h + 30);
    yLabel.attr("transform", `translate(${-44},${h / 2}) rotate(-90)`);
    frame = { key, x, y, domain: y.domain(), width: w, height: h };
    return frame;
  };

  /** Draws the run's loss from step 0 to `step`; `log` for a logarithmic loss axis. */
  const draw = (run, step, log = false) => {
    const f = setFrame(run, log);
    const points = downsample(lossPoints(run.initialLoss, run.loss, step), 800);
    const line = d3
      .line()
      .x((p) => f.x(p[0]))
      .y((p) => f.y(plotLoss(p[1], f.domain)));
    path.attr("d", line(points));
    const last = points[points.length - 1];
    dot
      .attr("cx", f.x(last[0]))
      .attr("cy", f.y(plotLoss(last[1], f.domain)))
      .attr("visibility", "visible");
    svg.attr("data-step", String(step)).attr("data-loss", String(last[1]));
    svg.attr(
      "aria-label",
      `Loss curve: ${formatValue(run.initialLoss)} at step 0, ${formatValue(last[1])} at step ${last[0]} of ${run.total}${log ? " (log scale)" : ""}.`,
    );
  };

  /** No run yet: empty axes for `steps` steps (so the labels sit in their places), no line. */
  const clear = (steps = 100) => {
    frame = null;
    setFrame({ total: Math.max(1, Number(steps) || 100), initialLoss: 1, loss: [] }, false);
    frame = null; // the next run draws its own axes
    path.attr("d", null);
    dot.attr("visibility", "hidden");
    svg.attr("aria-label", "Loss curve: no training run yet");
  };

  return { draw, clear, resize: () => (frame = null) };
};
