// Stands in for js/vendor.js inside the offline bundles (bundle.mjs swaps it in): the same
// getters, answered from the bundled npm packages instead of the page's globals.
import * as d3 from "d3";
import katex from "katex";
import ELK from "elkjs/lib/elk-api.js";
import workerMain from "chainrule:elk-worker";
import { createOfflineElk } from "./elk_offline.js";

let elk = null;

/** d3, bundled. */
export const getD3 = () => d3;

/** KaTeX, bundled (its fonts are data: URLs in the bundled CSS). */
export const getKatex = () => katex;

/** One ELK for every view in the page: a Blob worker, or the main thread where that is refused. */
export const getElk = () => {
  elk ??= createOfflineElk({ ELK, workerMain });
  return elk;
};
