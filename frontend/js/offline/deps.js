// The libraries the graph view needs, bundled (no globals, no network): d3, ELK, KaTeX, and the
// fast layout for big graphs in a Blob worker (its bundled source), on this thread if refused.
import { getD3, getElk, getKatex } from "./vendor_offline.js";
import { fastLayoutIn } from "../view/layout_client.js";
import layoutWorkerSource from "chainrule:layout-worker";

let fastLayout = null;

/**
 * A fastLayout (see view/layout_client.js) that runs in a Blob worker and, once that worker
 * reports an error (a page that forbids workers), on this thread from then on.
 */
export const offlineFastLayout = (source, env = globalThis) => {
  const local = fastLayoutIn(null);
  let worker;
  try {
    worker = new env.Worker(env.URL.createObjectURL(new env.Blob([source], { type: "text/javascript" })));
  } catch {
    return local;
  }
  let failed = false;
  const failure = new Promise((_, reject) => {
    worker.addEventListener("error", (event) => {
      event.preventDefault?.();
      failed = true;
      reject(new Error("layout worker refused"));
    });
  });
  failure.catch(() => {}); // observed by the race below; never an unhandled rejection
  const remote = fastLayoutIn(worker);
  return async (trace, boxes, options) => {
    if (failed) return local(trace, boxes, options);
    try {
      return await Promise.race([remote(trace, boxes, options), failure]);
    } catch (err) {
      if (!failed) throw err;
      return local(trace, boxes, options);
    }
  };
};

/** `deps` for mountGraphView, shared by every view in the page (one ELK, one layout worker). */
export const offlineDeps = () => {
  fastLayout ??= offlineFastLayout(layoutWorkerSource);
  return { d3: getD3(), elk: getElk(), katex: getKatex(), fastLayout };
};
