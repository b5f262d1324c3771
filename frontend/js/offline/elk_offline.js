// ELK for pages that may not load a worker from a URL (a notebook, a file:// page): the worker
// script runs in a Blob worker made from its own source text, or on the main thread if that fails.

/**
 * Returns `{ layout(graph, options) }` backed by ELK.
 * - `ELK`: elkjs's API class (elk-api.js).
 * - `workerMain(module, exports)`: ELK's worker script wrapped in a function. In a worker it
 *   installs `self.onmessage`; on the main thread it puts a FakeWorker class on `module.exports`.
 * - `env`: `{ Worker, Blob, URL }` (the page's by default; tests pass fakes).
 * The first layout tries a Blob worker; if it cannot be created or reports an error (a
 * Content-Security-Policy without blob: workers), that layout and all later ones run on the main
 * thread instead, so a drawing always appears.
 */
export const createOfflineElk = ({ ELK, workerMain, env = globalThis }) => {
  let elk = null;
  let failure = null; // a promise that rejects when the Blob worker reports an error

  const mainThread = () => {
    const module = { exports: {} };
    workerMain(module, module.exports);
    const FakeWorker = module.exports.Worker;
    return new ELK({ workerFactory: () => new FakeWorker() });
  };

  const inWorker = () => {
    const source = `(${workerMain.toString()})();`;
    const url = env.URL.createObjectURL(new env.Blob([source], { type: "text/javascript" }));
    let worker = null;
    const instance = new ELK({
      workerFactory: () => {
        worker = new env.Worker(url);
        return worker;
      },
    });
    failure = new Promise((_, reject) => {
      worker.addEventListener("error", (event) => {
        event.preventDefault?.();
        reject(new Error(`ELK worker failed: ${event.message ?? "blocked"}`));
      });
    });
    failure.catch(() => {}); // observed by layout(); never an unhandled rejection
    instance.terminate = () => {
      worker.terminate();
      env.URL.revokeObjectURL(url);
    };
    return instance;
  };

  const fallBack = () => {
    elk?.terminate?.();
    elk = mainThread();
    failure = null;
  };

  return {
    get mode() {
      return elk === null ? "none" : failure ? "worker" : "main-thread";
    },
    async layout(graph, options) {
      if (elk === null) {
        try {
          elk = inWorker();
        } catch {
          fallBack();
        }
      }
      if (!failure) return elk.layout(graph, options);
      try {
        return await Promise.race([elk.layout(graph, options), failure]);
      } catch (err) {
        if (!String(err?.message).startsWith("ELK worker failed")) throw err;
        fallBack();
        return elk.layout(graph, options);
      }
    },
  };
};
