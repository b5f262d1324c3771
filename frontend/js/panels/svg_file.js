// An SVG element as a file of its own: a clone with the page's computed styles written onto every
// element (the file has no stylesheet) and a white background, serialised.

// The computed styles copied onto each element, so the file looks like the page.
const STYLE_PROPS = [
  "fill",
  "fill-opacity",
  "stroke",
  "stroke-width",
  "stroke-dasharray",
  "stroke-opacity",
  "opacity",
  "font-family",
  "font-size",
  "font-weight",
  "font-style",
  "text-anchor",
  "dominant-baseline",
  "paint-order",
  "stroke-linejoin",
  "visibility",
  "display",
];

/** A deep clone of `svg` with every element's computed style inlined. */
export const styledClone = (svg) => {
  const clone = svg.cloneNode(true);
  const source = svg.querySelectorAll("*");
  clone.querySelectorAll("*").forEach((node, i) => {
    const computed = getComputedStyle(source[i]);
    node.setAttribute("style", STYLE_PROPS.map((p) => `${p}:${computed.getPropertyValue(p)}`).join(";"));
  });
  clone.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  return clone;
};

/** `clone` sized width × height with a white rectangle `box` behind it: {text, width, height}. */
export const svgFile = (clone, box, width, height) => {
  clone.setAttribute("width", String(width));
  clone.setAttribute("height", String(height));
  const bg = document.createElementNS("http://www.w3.org/2000/svg", "rect");
  for (const [k, v] of Object.entries({ ...box, fill: "#ffffff" })) bg.setAttribute(k, String(v));
  clone.insertBefore(bg, clone.firstChild);
  return { text: new XMLSerializer().serializeToString(clone), width, height };
};
