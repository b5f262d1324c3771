// Wiring: the URL hash (program or network, step, view, training settings) both ways, and the start-up restore.
import { fetchOps, fetchExamples } from "./api.js";
import { getElk } from "./vendor.js";
import { encodeHash, decodeHash, withViewHash, decodeViewHash } from "./state.js";
import { writeFlags } from "./view/flags.js";
import { storedProgram } from "./wire_expression.js";
import { renderLegend } from "./panels/legend.js";

const HASH_PROGRAM_LIMIT = 8000;
const THROTTLE_MS = 250;
const DEFAULT = { expression: "q = x + y\nf = q * z", values: { x: -2, y: 5, z: -4 }, step: 0 };

/** Keeps the hash in step with app.store and follows hand-edited hashes. Returns { start() }. */
export const wireHash = (app) => {
  const { store, page } = app;
  let lastHash = null;

  // At most one rewrite per THROTTLE_MS (the first at once, the last after the pause): playing or
  // holding → would otherwise rewrite the URL on every step.
  let last = 0;
  let trailing = null;
  store.subscribe(() => {
    const wait = last + THROTTLE_MS - performance.now();
    if (wait <= 0 && !trailing) {
      last = performance.now();
      writeHash(store.get());
      return;
    }
    if (!trailing) {
      trailing = setTimeout(() => {
        trailing = null;
        last = performance.now();
        writeHash(store.get());
      }, Math.max(wait, 0));
    }
  });
  function writeHash(state) {
    // A program too long for a link lives in localStorage only (rewriting a huge URL blocks the page).
    const long = (state.expression ?? "").length > HASH_PROGRAM_LIMIT && state.mode !== "network";
    const graphHash = long ? `#step=${state.step ?? 0}` : withViewHash(app.netMode.hash(state) ?? encodeHash(state), state);
    const hash = `#${writeFlags(new URLSearchParams(graphHash.slice(1)), state.flags ?? {}).toString()}`;
    if (hash !== page.hash()) {
      lastHash = hash;
      page.replaceHash(hash);
    }
  }

  // The graph part of a hash: a network, else a program; returns the step to show, or null.
  const restoreGraph = (hash) => {
    const netStep = app.netMode.restoreHash(hash);
    if (netStep !== null) return netStep;
    const restored = decodeHash(hash);
    if (!restored) return null;
    app.netMode.setMode("expression", { compute: false });
    app.showProgram(restored);
    return restored.step;
  };

  page.onHashChange((hash) => {
    if (hash === lastHash) return;
    app.stop();
    const step = restoreGraph(hash);
    if (step !== null) app.compute({ step });
    const { view, training } = decodeViewHash(hash);
    app.showView(view, { training });
  });

  // Start: the hash wins, then the last program, then the lecture circuit.
  const start = () => {
    const hash = page.hash(); // read once: restoring the state rewrites it
    const restored = decodeHash(hash) ?? { ...(storedProgram() ?? DEFAULT), step: 0 };
    app.showProgram(restored);
    const netStep = app.netMode.restoreHash(hash) ?? app.netMode.restoreStored({ activate: !decodeHash(hash) });
    app.netMode.showMode();
    app.compute({ step: netStep ?? restored.step });
    const { view, training } = decodeViewHash(hash);
    if (view !== "graph") app.showView(view, { training });
    renderLegend([]);
    fetchOps().then((list) => {
      app.ops = Object.fromEntries(list.map((op) => [op.name, op]));
      renderLegend(list);
      app.view.setOps(app.ops);
    }).catch(() => renderLegend([]));
    fetchExamples().then(app.setExamples).catch(() => {});
    getElk(); // start the layout worker early
  };

  return { start };
};
