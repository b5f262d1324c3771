// The status banner over the graph: progress while laying out, server and connection errors.

/** Returns { show(text, kind), clear() } on the `box` element; kind is "info" | "progress" | "error". */
export const createStatus = (box) => {
  let timer = null;
  return {
    show(text, kind = "info", { delay = 0 } = {}) {
      clearTimeout(timer);
      const apply = () => {
        box.textContent = text;
        box.dataset.kind = kind;
        box.classList.add("visible");
      };
      if (delay > 0) timer = setTimeout(apply, delay);
      else apply();
    },
    clear() {
      clearTimeout(timer);
      box.classList.remove("visible");
      box.textContent = "";
      delete box.dataset.kind;
    },
  };
};
