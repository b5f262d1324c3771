// Wiring: the URL hash (program or network, step, view, training settings) both ways, and the start-up restore.
import { fetchOps, fetchExamples } from "./api.js";
import { getElk } from "./vendor.js";
import { encodeHash, decodeHash, withViewHash, decodeViewHash, encodeShortHash, decodeOpenGroups } from "./state.js";
import { writeFlags } from "./view/flags.js";
import { storedProgram } from "./wire_expression.js";
import { renderLegend } from "./panels/legend.js";

const HASH_PROGRAM_LIMIT = 8000;
const DEFAULT = { expression: "q = x + y\nf = q * z", values: { x: -2, y: 5, z: -4 }, step: 0 };

/**
 * Keeps the hash in step with the store and follows hand-edited hashes; `expression` is
 * wire_expression's API, `showView` wire_tools'; `onOps(list)` gets the op registry (GET
 * /api/v1/ops) once it has arrived. Returns { start() }.
 */
export const wireHash = ({ store, page, view, netMode, expression, compute, showView, onOps = () => {} }) => {
  let lastHash = null;

  // Rewritten on every change (a reload or a copied link is always current); a long program is
  // left out of it (see writeHash), so the URL stays short and the rewrite cheap.
  store.subscribe((state) => writeHash(state));
  function writeHash(state) {
    // A program too long for a link lives in localStorage only (rewriting a huge URL blocks the page).
    const long = (state.expression ?? "").length > HASH_PROGRAM_LIMIT && state.mode !== "network";
    const graphHash = long ? encodeShortHash(state) : withViewHash(netMode.hash(state) ?? encodeHash(state), state);
    const hash = `#${writeFlags(new URLSearchParams(graphHash.slice(1)), state.flags ?? {}).toString()}`;
    if (hash !== page.hash()) {
      lastHash = hash;
      page.replaceHash(hash);
    }
  }

  // The graph part of a hash: a network, else a program; returns the step to show, or null.
  const restoreGraph = (hash) => {
    const netStep = netMode.restoreHash(hash);
    if (netStep !== null) return netStep;
    const restored = decodeHash(hash);
    if (!restored) return null;
    netMode.setMode("expression", { compute: false });
    expression.showProgram(restored);
    store.set({ openGroups: restored.openGroups });
    return restored.step;
  };

  page.onHashChange((hash) => {
    if (hash === lastHash) return;
    view.stop();
    const step = restoreGraph(hash);
    if (step !== null) compute({ step });
    const shown = decodeViewHash(hash);
    showView(shown.view, { training: shown.training });
  });

  // Start: the hash wins, then the last program, then the lecture circuit.
  const start = () => {
    const hash = page.hash(); // read once: restoring the state rewrites it
    const restored = decodeHash(hash) ?? { ...(storedProgram() ?? DEFAULT), step: 0 };
    expression.showProgram(restored);
    const netStep = netMode.restoreHash(hash) ?? netMode.restoreStored({ activate: !decodeHash(hash) });
    netMode.showMode();
    // A program's open series and chains (also for a long program, whose text is not in the hash).
    if (!netMode.active()) store.set({ openGroups: decodeOpenGroups(hash) });
    compute({ step: netStep ?? restored.step });
    const shown = decodeViewHash(hash);
    if (shown.view !== "graph") showView(shown.view, { training: shown.training });
    renderLegend([]);
    fetchOps()
      .then((list) => {
        const ops = Object.fromEntries(list.map((op) => [op.name, op]));
        renderLegend(list);
        view.setOps(ops);
        onOps(list);
      })
      .catch(() => renderLegend([]));
    fetchExamples()
      .then(expression.setExamples)
      .catch(() => {});
    getElk(); // start the layout worker early
  };

  return { start };
};
