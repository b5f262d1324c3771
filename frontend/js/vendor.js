// The only module that reads the libraries' globals (ELK, d3, katex), loaded by classic scripts.

const need = (name) => {
  const value = globalThis[name];
  if (!value) throw new Error(`${name} is not loaded: run \`make setup\` to copy frontend/vendor/`);
  return value;
};

/** d3 (vendor/d3.min.js). */
export const getD3 = () => need("d3");

/** KaTeX, or null when it failed to load (formulas then show as plain text). */
export const getKatex = () => globalThis.katex ?? null;

let elk = null;

/** One shared ELK instance whose layout runs in a Web Worker (vendor/elk-worker.min.js). */
export const getElk = () => {
  if (!elk) {
    const ELK = need("ELK");
    elk = new ELK({ workerUrl: new URL("../vendor/elk-worker.min.js", import.meta.url).href });
  }
  return elk;
};
