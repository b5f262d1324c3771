// Heatmaps of tensors (SVG; canvas when huge) on a diverging scale centred at 0, numbers on hover.
import { formatScalar, formatShape, shapeOf } from "../format.js";
import { asMatrix, maxAbs, divergingScale, darkCell, elementName } from "../tensor.js";
import { getD3 } from "../vendor.js";
import { el, svgEl } from "./dom.js";

const SVG_LIMIT = 4096; // cells drawn as SVG rects; bigger tensors go to a canvas

/**
 * A figure with a heatmap of `value` (scalar, vector as a column, matrix): each cell coloured
 * by sign and size (blue < 0 < red, full colour at ±max|value|), its number in a tooltip and,
 * when there is room, written in the cell. `name` names elements (`W1[2,3]`); `kind` is
 * "value" | "grad" | "term" (caption colour); `caption` is the figure's title.
 */
export const heatmap = (value, { name = "", kind = "value", caption = "", max = null } = {}) => {
  const m = asMatrix(value);
  const scale = max ?? maxAbs(value);
  const color = divergingScale(getD3(), scale);
  const cell = Math.max(3, Math.min(30, Math.floor(Math.min(168 / m.cols, 240 / m.rows))));
  const figure = el("figure", `heatmap kind-${kind}`);
  const width = m.cols * cell;
  const height = m.rows * cell;
  const describe = (r, c) => `${elementName(name, m.index(r, c))} = ${formatScalar(m.cells[r][c], 6)}`;
  if (m.rows * m.cols <= SVG_LIMIT) {
    const svg = svgEl("svg", {
      width,
      height,
      viewBox: `0 0 ${width} ${height}`,
      role: "img",
      "aria-label": `${caption || name} heatmap, ${formatShape(shapeOf(value))}`,
    });
    const numbers = cell >= 26;
    m.cells.forEach((row, r) =>
      row.forEach((v, c) => {
        const g = svgEl("g", {
          class: "cell",
          "data-index": m
            .index(r, c)
            .map((i) => i + 1)
            .join(","),
          "data-value": String(v),
        });
        g.append(svgEl("rect", { x: c * cell, y: r * cell, width: cell, height: cell, fill: color(v) }));
        const title = svgEl("title");
        title.textContent = describe(r, c);
        g.append(title);
        if (numbers) {
          const t = svgEl("text", {
            x: c * cell + cell / 2,
            y: r * cell + cell / 2,
            class: darkCell(v, scale) ? "light" : "",
          });
          t.textContent = formatScalar(v, 2);
          g.append(t);
        }
        svg.append(g);
      }),
    );
    svg.append(svgEl("rect", { class: "frame", x: 0.5, y: 0.5, width: width - 1, height: height - 1 }));
    figure.append(svg);
  } else {
    const canvas = el("canvas", "heatmap-canvas");
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext("2d");
    m.cells.forEach((row, r) =>
      row.forEach((v, c) => {
        ctx.fillStyle = color(v);
        ctx.fillRect(c * cell, r * cell, cell, cell);
      }),
    );
    canvas.addEventListener("mousemove", (event) => {
      const rect = canvas.getBoundingClientRect();
      const c = Math.min(m.cols - 1, Math.floor(((event.clientX - rect.left) / rect.width) * m.cols));
      const r = Math.min(m.rows - 1, Math.floor(((event.clientY - rect.top) / rect.height) * m.rows));
      canvas.title = describe(r, c);
    });
    figure.append(canvas);
  }
  const cap = el("figcaption");
  cap.append(
    el("span", "heatmap-title", caption),
    el("span", "heatmap-scale", ` ${formatShape(shapeOf(value))} · ±${formatScalar(scale, 3)}`),
  );
  figure.append(cap);
  return figure;
};

/** A small colour key: blue for negative, white at 0, red for positive. */
export const scaleKey = () => {
  const key = el("p", "heatmap-key");
  const bar = el("span", "key-bar");
  const color = divergingScale(getD3(), 1);
  bar.style.background = `linear-gradient(90deg, ${[-1, -0.5, 0, 0.5, 1].map(color).join(", ")})`;
  key.append(
    el("span", "key-neg", "−"),
    bar,
    el("span", "key-pos", "+"),
    el("span", "muted", " colour: sign and size (white = 0); hover a cell for its number"),
  );
  return key;
};
