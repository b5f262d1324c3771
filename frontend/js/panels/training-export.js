// Export of the Training view's figures: the loss curve (SVG with inlined styles) and the decision surface (PNG).
import { styledClone, svgFile } from "./svg_file.js";

/** The loss chart as a standalone SVG document (white background, styles inlined): {text, width, height}. */
export const lossChartSvg = (svg) => {
  const width = Number(svg.getAttribute("width")) || svg.getBoundingClientRect().width;
  const height = Number(svg.getAttribute("height")) || svg.getBoundingClientRect().height;
  return svgFile(styledClone(svg), { x: 0, y: 0, width, height }, width, height);
};

const toBlob = (canvas) =>
  new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("PNG export failed"))), "image/png"),
  );

const loadSvg = (text) =>
  new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error("PNG export failed: the chart did not render"));
    image.src = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
  });

/** The loss chart rendered to a PNG blob at `scale` times its size on screen. */
export const lossChartPng = async (svg, scale = 2) => {
  const { text, width, height } = lossChartSvg(svg);
  const image = await loadSvg(text);
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext("2d");
  ctx.scale(scale, scale);
  ctx.drawImage(image, 0, 0, width, height);
  return toBlob(canvas);
};

/** The decision surface (a canvas already at device resolution) as a PNG blob. */
export const surfacePng = (canvas) => toBlob(canvas);

/** Both figures side by side, surface left and loss right, as one PNG blob (the header's PNG button). */
export const trainingFigurePng = async (surfaceCanvas, chartSvg, scale = 2) => {
  const { text, width, height } = lossChartSvg(chartSvg);
  const image = await loadSvg(text);
  const side = Math.round(height * scale);
  const canvas = document.createElement("canvas");
  canvas.width = side + Math.round(width * scale);
  canvas.height = side;
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(surfaceCanvas, 0, 0, side, side);
  ctx.drawImage(image, side, 0, Math.round(width * scale), side);
  return toBlob(canvas);
};

/** Saves a blob as a file through a temporary link. */
export const download = (blob, name) => {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
};
