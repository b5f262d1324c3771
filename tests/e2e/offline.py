"""Helpers for pages that must work without a server or network: the one-file HTML export and
the notebook widget's ES module mounted with a stand-in for anywidget's model."""

from __future__ import annotations

from playwright.sync_api import Page

from chainrule.html_export import WIDGET, frontend_file, script_json

LOCAL_SCHEMES = ("file:", "data:", "blob:")


def refuse_network(page: Page, allowed: tuple[str, ...] = LOCAL_SCHEMES) -> list[str]:
    """Routes every request: anything not starting with `allowed` is aborted and recorded; every
    request the page makes (routed or not, workers too) is recorded as well. Returns the list of
    URLs that left, or tried to leave, the page."""
    left: list[str] = []

    def route(route):
        url = route.request.url
        if url.startswith(allowed):
            route.continue_()
        else:
            left.append(url)
            route.abort()

    page.route("**/*", route)
    page.context.on("request", lambda r: None if r.url.startswith(allowed) else left.append(r.url))
    return left


# A page that does what anywidget does in JupyterLab: imports the widget's ESM from a Blob URL
# and calls its render({model, el}) with a model offering get/set/on/off/save_changes. `set`
# fires change:<name> as Backbone does; save_changes records the state sent to the kernel.
HARNESS = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>widget harness</title>
<link rel="icon" href="data:,"></head>
<body><main><div id="host" style="width: 1100px"></div></main>
<script type="application/json" id="esm">{esm}</script>
<script type="application/json" id="state">{state}</script>
<script type="module">
const state = JSON.parse(document.getElementById("state").textContent);
const listeners = new Map();
const saved = [];
const fire = (name) => (listeners.get(name) ?? []).slice().forEach((fn) => fn());
const model = {{
  get: (name) => state[name],
  set: (name, value) => {{
    if (state[name] === value) return;
    state[name] = value;
    fire(`change:${{name}}`);
  }},
  on: (name, fn) => listeners.set(name, [...(listeners.get(name) ?? []), fn]),
  off: (name, fn) => listeners.set(name, (listeners.get(name) ?? []).filter((f) => f !== fn)),
  save_changes: () => saved.push({{ step: state.step }}),
}};
const esm = JSON.parse(document.getElementById("esm").textContent);
const url = URL.createObjectURL(new Blob([esm], {{ type: "text/javascript" }}));
const widget = (await import(url)).default;
const cleanup = widget.render({{ model, el: document.getElementById("host") }});
window.harness = {{ model, saved, cleanup, listeners }};
document.body.dataset.harness = "ready";
</script></body></html>"""


def widget_harness(state: dict) -> str:
    """The harness page for a widget's synced state (GraphWidget.get_state())."""
    esm = frontend_file(WIDGET).read_text(encoding="utf-8")
    keep = {k: state[k] for k in ("trace", "step", "options", "height")}
    return HARNESS.format(esm=script_json(esm), state=script_json(keep))
