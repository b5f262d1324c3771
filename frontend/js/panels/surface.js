// The decision surface: a snapshot's grid painted on a canvas, with the training points on top.
import { CLASS_COLORS, surfaceColor } from "../plot.js";
import { toNumber } from "../format.js";

const rgb = (c) => `rgb(${c.join(",")})`;

/** Creates the surface in `host`; returns { draw(grid, range, dataset, snapshotStep), clear() }. */
export const createSurface = (host) => {
  const canvas = document.createElement("canvas");
  canvas.className = "surface-canvas";
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", "Decision surface: no training run yet");
  host.append(canvas);
  const cells = document.createElement("canvas"); // one pixel per grid point, scaled up smoothly

  const size = () => {
    const css = canvas.getBoundingClientRect().width || 360;
    const ratio = globalThis.devicePixelRatio || 1;
    const px = Math.round(css * ratio);
    if (canvas.width !== px) {
      canvas.width = px;
      canvas.height = px;
    }
    return { px, ratio };
  };

  const clear = () => {
    const { px } = size();
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, px, px);
    delete canvas.dataset.step;
  };

  /**
   * Paints `grid` ({x, y, values[i][j] at (x[j], y[i])}) coloured on `range` ({lo, hi}), then the
   * dataset's points (class 0 squares in orange, class 1 circles in blue: shape as well as colour).
   */
  const draw = (grid, range, dataset, step) => {
    const { px, ratio } = size();
    const ctx = canvas.getContext("2d");
    const nx = grid.x.length;
    const ny = grid.y.length;
    cells.width = nx;
    cells.height = ny;
    const cctx = cells.getContext("2d");
    const image = cctx.createImageData(nx, ny);
    const mid = (range.lo + range.hi) / 2;
    let classOne = 0;
    for (let i = 0; i < ny; i += 1) {
      const row = grid.values[i];
      const py = ny - 1 - i; // y grows upward
      for (let j = 0; j < nx; j += 1) {
        if (toNumber(row[j]) > mid) classOne += 1;
        const [r, g, b] = surfaceColor(row[j], range);
        const o = (py * nx + j) * 4;
        image.data[o] = r;
        image.data[o + 1] = g;
        image.data[o + 2] = b;
        image.data[o + 3] = 255;
      }
    }
    cctx.putImageData(image, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = "high";
    ctx.drawImage(cells, 0, 0, px, px);
    // Grid points are cell centres: the picture spans half a cell beyond the first and last.
    const dx = (grid.x[nx - 1] - grid.x[0]) / Math.max(1, nx - 1);
    const dy = (grid.y[ny - 1] - grid.y[0]) / Math.max(1, ny - 1);
    const x0 = grid.x[0] - dx / 2;
    const y0 = grid.y[0] - dy / 2;
    const sx = px / (dx * nx);
    const sy = px / (dy * ny);
    const toX = (x) => (x - x0) * sx;
    const toY = (y) => px - (y - y0) * sy;
    // Axes through the origin, faintly, when it is in view.
    ctx.strokeStyle = "rgba(31, 41, 51, 0.18)";
    ctx.lineWidth = ratio;
    ctx.beginPath();
    if (toX(0) > 0 && toX(0) < px) {
      ctx.moveTo(toX(0), 0);
      ctx.lineTo(toX(0), px);
    }
    if (toY(0) > 0 && toY(0) < px) {
      ctx.moveTo(0, toY(0));
      ctx.lineTo(px, toY(0));
    }
    ctx.stroke();
    const n = dataset.inputs.length;
    const r = (n > 400 ? 2.6 : n > 50 ? 3.6 : 6) * ratio;
    ctx.lineWidth = 1.3 * ratio;
    ctx.strokeStyle = "#fff";
    for (let k = 0; k < n; k += 1) {
      const [x, y] = dataset.inputs[k];
      const label = dataset.labels ? dataset.labels[k] : toNumber(dataset.targets[k]) > 0.5 ? 1 : 0;
      ctx.fillStyle = rgb(CLASS_COLORS[label === 1 ? 1 : 0]);
      ctx.beginPath();
      if (label === 1) ctx.arc(toX(x), toY(y), r, 0, Math.PI * 2);
      else ctx.rect(toX(x) - r * 0.9, toY(y) - r * 0.9, r * 1.8, r * 1.8);
      ctx.fill();
      ctx.stroke();
    }
    canvas.dataset.step = String(step);
    canvas.dataset.classOneShare = String(classOne / (nx * ny)); // for tests: both classes drawn?
    canvas.setAttribute(
      "aria-label",
      `Decision surface after step ${step}: orange is class 0 (squares), blue is class 1 (circles); ${n} training points.`,
    );
  };

  return { draw, clear, element: canvas };
};
