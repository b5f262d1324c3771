// Export: the current graph view as SVG or PNG, the trace as JSON, a one-file HTML page; in the
// Training view, its figures.
import { download as save, lossChartSvg, trainingFigurePng } from "./training-export.js";
import { standalonePage } from "../offline/page.js";
import { fetchOps } from "../api.js";
import { styledClone, svgFile } from "./svg_file.js";

const download = save;

// The Training view's figures when it is the one shown (the graph is hidden then: its export would be blank).
const trainingFigures = () => {
  const root = document.getElementById("training");
  if (!root || root.hidden) return null;
  const canvas = root.querySelector("canvas.surface-canvas");
  const chart = root.querySelector("svg.loss-chart");
  return canvas && chart ? { canvas, chart } : null;
};

/** Serialises the live SVG with inlined styles, cropped to the drawing; returns {text, width, height}. */
export const svgSnapshot = (svg) => {
  const viewport = svg.querySelector("g.viewport");
  const box = viewport.getBBox();
  const pad = 16;
  const clone = styledClone(svg);
  const width = Math.ceil(box.width + pad * 2);
  const height = Math.ceil(box.height + pad * 2);
  clone.setAttribute("viewBox", `${box.x - pad} ${box.y - pad} ${width} ${height}`);
  clone.querySelector("g.viewport").removeAttribute("transform");
  clone.querySelector("g.particles")?.remove();
  return svgFile(clone, { x: box.x - pad, y: box.y - pad, width, height }, width, height);
};

/**
 * The one-file page of `trace` at `step` (with the op registry `ops` for the inspector and the
 * network units `expanded`): the bundled view and the template, fetched from the server.
 */
export const exportHtml = async ({ trace, step, ops = {}, expanded = [], title }, fetchText) => {
  const [template, script] = await Promise.all([
    fetchText("standalone.html"),
    fetchText("vendor/chainrule-standalone.js"),
  ]);
  const used = Object.fromEntries(trace.nodes.filter((n) => ops[n.op]).map((n) => [n.op, ops[n.op]]));
  return standalonePage({ template, script, view: { trace, step, ops: used, options: { expanded } }, title });
};

const fetchText = async (path) => {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.text();
};

/**
 * Wires the export buttons; getSvg() returns the graph <svg>, getTrace() the last trace,
 * getStep() the current step (the HTML page opens there), getExpanded() the network units drawn
 * open. The HTML page also carries the op registry (GET /api/v1/ops) for its inspector.
 */
export const createExport = ({ getSvg, getTrace, getStep = () => 0, getExpanded = () => [], onError }) => {
  const stamp = () => new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
  document.getElementById("export-svg").addEventListener("click", () => {
    const figures = trainingFigures();
    if (figures) {
      download(
        new Blob([lossChartSvg(figures.chart).text], { type: "image/svg+xml" }),
        `chainrule-loss-${stamp()}.svg`,
      );
      return;
    }
    const svg = getSvg();
    if (!svg) return;
    const { text } = svgSnapshot(svg);
    download(new Blob([text], { type: "image/svg+xml" }), `chainrule-${stamp()}.svg`);
  });
  document.getElementById("export-png").addEventListener("click", () => {
    const figures = trainingFigures();
    if (figures) {
      trainingFigurePng(figures.canvas, figures.chart).then(
        (blob) => download(blob, `chainrule-training-${stamp()}.png`),
        (err) => onError(err.message),
      );
      return;
    }
    const svg = getSvg();
    if (!svg) return;
    const { text, width, height } = svgSnapshot(svg);
    const scale = 2;
    const image = new Image();
    image.onload = () => {
      const canvas = document.createElement("canvas");
      canvas.width = width * scale;
      canvas.height = height * scale;
      const ctx = canvas.getContext("2d");
      ctx.scale(scale, scale);
      ctx.drawImage(image, 0, 0, width, height);
      canvas.toBlob(
        (blob) => (blob ? download(blob, `chainrule-${stamp()}.png`) : onError("PNG export failed")),
        "image/png",
      );
    };
    image.onerror = () => onError("PNG export failed");
    image.src = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
  });
  document.getElementById("export-json").addEventListener("click", () => {
    const trace = getTrace();
    if (!trace) return;
    download(
      new Blob([JSON.stringify(trace, null, 2)], { type: "application/json" }),
      `chainrule-trace-${stamp()}.json`,
    );
  });
  document.getElementById("export-html").addEventListener("click", async () => {
    const trace = getTrace();
    if (!trace) return;
    try {
      const list = await fetchOps();
      const ops = Object.fromEntries(list.map((op) => [op.name, op]));
      const view = { trace, step: getStep(), ops, expanded: getExpanded(), title: "chainrule graph" };
      const page = await exportHtml(view, fetchText);
      download(new Blob([page], { type: "text/html" }), `chainrule-${stamp()}.html`);
    } catch (err) {
      onError(`HTML export failed: ${err.message}`);
    }
  });
};
