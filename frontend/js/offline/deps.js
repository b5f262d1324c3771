// The libraries the graph view needs, bundled from npm (no globals, no network): d3, ELK, KaTeX.
import * as d3 from "d3";
import katex from "katex";
import ELK from "elkjs/lib/elk-api.js";
import workerMain from "chainrule:elk-worker";
import { createOfflineElk } from "./elk_offline.js";

let elk = null;

/** `deps` for mountGraphView: one ELK shared by every view in the page (one worker). */
export const offlineDeps = () => {
  elk ??= createOfflineElk({ ELK, workerMain });
  return { d3, elk, katex };
};
