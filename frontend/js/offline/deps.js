// The libraries the graph view needs, bundled (no globals, no network): d3, ELK, KaTeX, and the
// fast layout for big graphs in a Blob worker (its bundled source), on this thread if refused.
import { getD3, getElk, getKatex } from "./vendor_offline.js";
import { fastLayoutIn } from "../view/layout_client.js";
import layoutWorkerSource from "chainrule:layout-worker";

let fastLayout = null;

const layoutWorker = (env = globalThis) => {
  try {
    const url = env.URL.createObjectURL(new env.Blob([layoutWorkerSource], { type: "text/javascript" }));
    const worker = new env.Worker(url);
    let failed = false;
    worker.addEventListener("error", () => (failed = true));
    return { worker, failed: () => failed };
  } catch {
    return null;
  }
};

/** A fastLayout that uses the Blob worker and, if it reports an error, this thread from then on. */
const offlineFastLayout = () => {
  const made = layoutWorker();
  const local = fastLayoutIn(null);
  if (!made) return local;
  const remote = fastLayoutIn(made.worker);
  return async (trace, boxes, options) => {
    if (made.failed()) return local(trace, boxes, options);
    const blocked = new Promise((_, reject) =>
      made.worker.addEventListener("error", () => reject(new Error("layout worker refused")), { once: true }));
    try {
      return await Promise.race([remote(trace, boxes, options), blocked]);
    } catch (err) {
      if (!made.failed()) throw err;
      return local(trace, boxes, options);
    }
  };
};

/** `deps` for mountGraphView, shared by every view in the page (one ELK, one layout worker). */
export const offlineDeps = () => {
  fastLayout ??= offlineFastLayout();
  return { d3: getD3(), elk: getElk(), katex: getKatex(), fastLayout };
};
