// The Graph / Training view tabs in the top bar (an ARIA tablist with arrow-key navigation).

/** Wires the tabs; onShow(name) after a view is shown. Returns { show(name), current() }. */
export const createViews = ({ onShow = () => {} } = {}) => {
  const tabs = {
    graph: { tab: document.getElementById("tab-graph"), panel: document.getElementById("graph-view") },
    training: { tab: document.getElementById("tab-training"), panel: document.getElementById("training") },
  };
  let current = "graph";

  const show = (name) => {
    if (!tabs[name]) return;
    current = name;
    for (const [key, { tab, panel }] of Object.entries(tabs)) {
      const on = key === name;
      tab.setAttribute("aria-selected", String(on));
      tab.tabIndex = on ? 0 : -1;
      panel.hidden = !on;
    }
    document.body.dataset.view = name;
    onShow(name);
  };

  const names = Object.keys(tabs);
  for (const [name, { tab }] of Object.entries(tabs)) {
    tab.addEventListener("click", () => show(name));
    tab.addEventListener("keydown", (event) => {
      if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
      event.preventDefault();
      const next = names[(names.indexOf(name) + (event.key === "ArrowRight" ? 1 : names.length - 1)) % names.length];
      show(next);
      tabs[next].tab.focus();
    });
  }
  document.body.dataset.view = current;
  return { show, current: () => current };
};
