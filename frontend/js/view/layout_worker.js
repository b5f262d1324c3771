// The layout worker (a module worker): lays out big display graphs off the main thread.
import { layoutFast } from "./layout_fast.js";

self.onmessage = (event) => {
  const { id, trace, boxes, aspect } = event.data;
  try {
    self.postMessage({ id, positions: layoutFast(trace, boxes, { aspect }) });
  } catch (err) {
    self.postMessage({ id, error: String(err?.message ?? err) });
  }
};
