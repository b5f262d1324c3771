// /embed: reads the program (or network) and the flags from the URL hash, fetches its trace and
// mounts the graph view — nothing else of the page.
import { getD3, getElk, getKatex } from "./vendor.js";
import { mountGraphView } from "./view/mount.js";
import { fastLayoutIn } from "./view/layout_client.js";
import { readFlags } from "./view/flags.js";
import { decodeHash } from "./state.js";
import { decodeNetworkHash, formToRequest } from "./netspec.js";
import { fetchTrace, fetchNetwork, fetchOps } from "./api.js";

const host = document.getElementById("view");
const flags = readFlags(location.hash);
const view = mountGraphView(host, {
  deps: {
    d3: getD3(),
    elk: getElk(),
    katex: getKatex(),
    fastLayout: fastLayoutIn(new Worker(new URL("./view/layout_worker.js", import.meta.url), { type: "module" })),
  },
  options: { hide: flags.hide, present: flags.present, follow: flags.follow },
});

const show = async () => {
  const network = decodeNetworkHash(location.hash);
  const program = network
    ? null
    : (decodeHash(location.hash) ?? { expression: "(x + y) * z", values: { x: -2, y: 5, z: -4 }, step: 0 });
  try {
    const trace = network
      ? await fetchNetwork(formToRequest(network.network))
      : await fetchTrace(program.expression, program.values);
    const expanded = network?.expanded ?? program.openGroups ?? [];
    await view.setTrace(trace, { step: (network ?? program).step ?? 0, expanded });
    document.body.dataset.status = "ready";
  } catch (err) {
    view.setBusy(`${err.message ?? err}`, "error");
    document.body.dataset.status = "error";
  }
};
fetchOps()
  .then((list) => view.setOps(Object.fromEntries(list.map((op) => [op.name, op]))))
  .catch(() => {});
window.addEventListener("hashchange", show);
show();
