// The page itself: body data attributes (that tests and benchmarks wait on), stale dimming,
// presentation mode's page part (side panels hidden), the URL hash.

/**
 * Returns { set({key: value}), get(key), setStale(bool), setPresenting(bool), element(id), hash(),
 * replaceHash(h), onHashChange(fn) }.
 */
export const createPage = () => {
  const body = document.body;
  return {
    set(attrs) {
      for (const [key, value] of Object.entries(attrs)) body.dataset[key] = value;
    },
    get: (key) => body.dataset[key],
    setStale: (stale) => body.classList.toggle("stale", stale),
    setPresenting: (on) => body.classList.toggle("presenting", on),
    element: (id) => document.getElementById(id),
    hash: () => location.hash,
    /** Rewrites the URL hash without a history entry (and without a hashchange event). */
    replaceHash: (hash) => history.replaceState(null, "", hash),
    onHashChange: (fn) => window.addEventListener("hashchange", () => fn(location.hash)),
  };
};
