// The page itself: body data attributes (that tests and benchmarks wait on), stale dimming, Fit, the URL hash.

/**
 * Returns { set({key: value}), get(key), setStale(bool), element(id), hash(), replaceHash(h),
 * onHashChange(fn) }. Also wires page-wide keys: the Fit button and window resizes call
 * fit(animate); Escape calls onEscape().
 */
export const createPage = ({ fit = () => {}, onEscape = () => {} } = {}) => {
  const body = document.body;
  document.getElementById("fit").addEventListener("click", () => fit(true));
  window.addEventListener("resize", () => fit(false));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") onEscape();
  });
  return {
    set(attrs) {
      for (const [key, value] of Object.entries(attrs)) body.dataset[key] = value;
    },
    get: (key) => body.dataset[key],
    setStale: (stale) => body.classList.toggle("stale", stale),
    element: (id) => document.getElementById(id),
    hash: () => location.hash,
    /** Rewrites the URL hash without a history entry (and without a hashchange event). */
    replaceHash: (hash) => history.replaceState(null, "", hash),
    onHashChange: (fn) => window.addEventListener("hashchange", () => fn(location.hash)),
  };
};
