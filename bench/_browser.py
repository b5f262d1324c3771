"""Headless-Chromium helpers for bench/frontend_layout.py: a live server, the page, in-page timers.

Everything that is timed is timed inside the page (performance.now() around the dispatched
event), so Playwright's round trips do not count. The page's CSP forbids eval: the benchmark's
context sets bypass_csp only so page.evaluate and wait_for_function can read performance entries.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
import urllib.request

import uvicorn

from chainrule.api.app import create_app

VIEWPORT = {"width": 1400, "height": 900}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
]
# Long main-thread tasks (> 50 ms) as the browser reports them; the benchmark reads and clears it.
LONGTASK_OBSERVER = """
window.__longtasks = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__longtasks.push(e.duration);
}).observe({ type: "longtask", buffered: true });
"""
# Resolves after the next frame's rendering work: a message posted from a requestAnimationFrame
# callback runs after that frame's style, layout and paint (the usual "rAF + postMessage" probe).
NEXT_FRAME = """const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => resolve();
  channel.port2.postMessage(null);
}));"""

# Set the editor's text as a paste does (one input event). Dispatched from a timer so that
# evaluate() returns at once even when the page then blocks for seconds: the caller's timeout holds.
TYPE_PROGRAM = """(text) => {
  performance.clearMarks(); performance.clearMeasures();
  setTimeout(() => {
    const editor = document.getElementById("program");
    window.__typedAt = performance.now();
    editor.value = text;
    editor.dispatchEvent(new Event("input", { bubbles: true }));
  }, 0);
}"""
# data-expression is checked where the page still sets it (a guard against a stale compute).
DRAWN_OR_ERROR = """(program) => document.body.dataset.status === "error"
  || ([undefined, program].includes(document.body.dataset.expression)
      && performance.getEntriesByName("chainrule:typed-to-drawn").length > 0)"""
# typed -> drawn: from the benchmark's dispatch of the input event to the end of the page's measure.
DRAWN_MS = """() => {
  const m = performance.getEntriesByName("chainrule:typed-to-drawn").at(-1);
  return { ms: m.startTime + m.duration - window.__typedAt, pageMs: m.duration };
}"""
SET_VALUES = """(values) => {
  const missing = [];
  for (const [name, value] of Object.entries(values)) {
    const label = [...document.querySelectorAll("label")]
      .find((l) => l.textContent.trim() === name);
    const field = label?.control;
    if (!field) { missing.push(name); continue; }
    field.value = typeof value === "number" ? String(value) : JSON.stringify(value);
    field.dispatchEvent(new Event("input", { bubbles: true }));
  }
  return missing;
}"""
# One click on "Step forward" (after an untimed "Reset" at the last step), timed to the frame
# after the step counter ("Step k of n") changes.
STEP_BODY = f"""
  {NEXT_FRAME}
  const counter = [...document.querySelectorAll("output")]
    .find((o) => /^Step \\d+ of \\d+/.test(o.textContent.trim()));
  const button = [...document.querySelectorAll("button")]
    .find((b) => b.textContent.trim() === "Step forward");
  if (!counter || !button) return {{ error: "no step counter or no Step forward button" }};
  if (button.disabled) {{  // a small graph's last step: start again (untimed)
    [...document.querySelectorAll("button")].find((b) => b.textContent.trim() === "Reset")?.click();
    await nextFrame();
    if (button.disabled) return {{ error: "Step forward is disabled" }};
  }}
  const before = counter.textContent;
  const changed = new Promise((resolve) => {{
    const observer = new MutationObserver(() => {{
      if (counter.textContent !== before) {{ observer.disconnect(); resolve(true); }}
    }});
    observer.observe(counter, {{ childList: true, characterData: true, subtree: true }});
    setTimeout(() => {{ observer.disconnect(); resolve(false); }}, timeoutMs);
  }});
  const start = performance.now();
  button.click();
  if (!(await changed)) return {{ error: "the step counter did not change" }};
  await nextFrame();
  return {{ ms: performance.now() - start, counter: counter.textContent.trim() }};"""
# One wheel tick (zoom in) on the graph's SVG, timed to the frame after the view's transform
# changes: a transform/viewBox/style change on the svg or on its first two levels of children
# (the camera groups), not on gates or wires deeper down that an animation may be moving.
ZOOM_BODY = f"""
  {NEXT_FRAME}
  const svg = document.querySelector("svg.graph-svg");
  if (!svg) return {{ error: "no svg.graph-svg" }};
  const near = (el) => el === svg || el.parentNode === svg || el.parentNode?.parentNode === svg;
  const changed = new Promise((resolve) => {{
    const observer = new MutationObserver((records) => {{
      if (records.some((r) => near(r.target))) {{ observer.disconnect(); resolve(true); }}
    }});
    observer.observe(svg, {{ attributes: true, subtree: true,
      attributeFilter: ["transform", "viewBox", "style"] }});
    setTimeout(() => {{ observer.disconnect(); resolve(false); }}, timeoutMs);
  }});
  const box = svg.getBoundingClientRect();
  const start = performance.now();
  svg.dispatchEvent(new WheelEvent("wheel", {{
    deltaY: -100, deltaMode: 0, bubbles: true, cancelable: true, view: window,
    clientX: box.left + box.width / 2, clientY: box.top + box.height / 2,
  }}));
  if (!(await changed)) return {{ error: "the wheel event did not change the view's transform" }};
  await nextFrame();
  return {{ ms: performance.now() - start }};"""


def background(body: str) -> str:
    """An evaluate() function that starts `body` (async, given timeoutMs) and returns at once.

    evaluate() has no timeout; the caller waits for window.__interaction with wait_for_function,
    which has one, so a page that freezes cannot hang the run.
    """
    return f"""(timeoutMs) => {{
  window.__interaction = null;
  (async () => {{ {body} }})().then((r) => {{ window.__interaction = r; }},
    (e) => {{ window.__interaction = {{ error: String(e) }}; }});
}}"""


STEP = background(STEP_BODY)
ZOOM = background(ZOOM_BODY)


class PageError(RuntimeError):
    """The page showed an error (or lacks a control) where the benchmark expected a graph."""


@contextlib.contextmanager
def serve():
    """The app on a free 127.0.0.1 port in a daemon thread; yields its base URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    server = uvicorn.Server(
        uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=5)


def fetch_examples(url: str) -> list[dict]:
    with urllib.request.urlopen(f"{url}/api/v1/examples") as response:
        return json.load(response)


def launch(playwright):
    return playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)


def open_page(browser, url: str, hash: str = ""):
    """A fresh context (so a page stuck in layout is thrown away with it) showing the app, ready;
    `hash` (e.g. `#open=[...]`) is the URL hash it opens with."""
    context = browser.new_context(viewport=VIEWPORT, bypass_csp=True)
    page = context.new_page()
    page.add_init_script(LONGTASK_OBSERVER)
    page.goto(f"{url}/{hash}")
    page.wait_for_function("() => document.body.dataset.status === 'ready'", timeout=30_000)
    return context, page


def type_program(page, text: str) -> None:
    page.evaluate(TYPE_PROGRAM, text)


def wait_drawn(page, program: str, timeout_s: float) -> dict:
    """Waits for the page's typed-to-drawn measure of `program`; returns {ms, pageMs}.

    Not expect(): while its condition fails, Playwright's expect snapshots the page's whole
    accessibility tree on the page's main thread at every poll, which on a 1,000-node graph
    costs about 0.7 s of the measured interval. Raises playwright's TimeoutError after timeout_s.
    """
    page.wait_for_function(DRAWN_OR_ERROR, arg=program, polling=100, timeout=timeout_s * 1000)
    if page.evaluate("() => document.body.dataset.status") == "error":
        raise PageError(page.locator("#program-error").text_content() or "the page shows an error")
    return page.evaluate(DRAWN_MS)


def wait_shown(page, program: str, timeout_s: float) -> None:
    """Waits until `program` is drawn and the page is ready (e.g. after choosing an example)."""
    page.wait_for_function(
        """(program) => document.body.dataset.status === "ready"
          && document.body.dataset.expression === program""",
        arg=program,
        polling=100,
        timeout=timeout_s * 1000,
    )


def set_values(page, values: dict) -> None:
    missing = page.evaluate(SET_VALUES, values)
    if missing:
        raise PageError(f"no input field for {', '.join(missing)}")


def take_longest_task(page) -> float:
    """The longest task (ms) reported since the last call, then clears the list."""
    page.wait_for_timeout(250)  # the observer's callback is a task of its own: let it run
    return page.evaluate(
        "() => { const m = Math.max(0, ...window.__longtasks); window.__longtasks = []; return m; }"
    )


def interact(page, script: str, timeout_s: float) -> float:
    """Runs STEP or ZOOM once; returns its milliseconds."""
    page.evaluate(script, timeout_s * 1000)
    page.wait_for_function("() => window.__interaction", polling=50, timeout=timeout_s * 1000)
    result = page.evaluate("() => window.__interaction")
    if "error" in result:
        raise PageError(result["error"])
    return result["ms"]
