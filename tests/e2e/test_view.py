"""End-to-end: the graph view at scale (issue 9): Follow, readable type, presentation mode, /embed
in a cross-origin frame, the narrow layout, a 1,000-statement program, n-ary sums, tool panels
and a narration that never moves the graph."""

from __future__ import annotations

import http.server
import json
import threading
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from .app import api, api_trace, open_app, wait_ready
from .conftest import SCREENSHOTS

FAN_VALUES = {"x": 0.5, "y": 0.9}


def fan_out_chain(n: int) -> str:
    """a1 = x * y, a2 = a1 + x, a3 = a2 * y, …: every statement reuses an input (issue 9)."""
    lines = ["a1 = x * y"]
    for i in range(2, n + 1):
        lines.append(f"a{i} = a{i - 1} + x" if i % 2 == 0 else f"a{i} = a{i - 1} * y")
    return "\n".join(lines)


def program_hash(expression: str, values: dict, **flags) -> str:
    return "#" + urlencode({"expr": expression, "values": json.dumps(values), "step": 0, **flags})


def open_program(page, base_url: str, expression: str, values: dict, **flags) -> None:
    """Opens the page on a program through its URL hash (as a shared link does) and waits."""
    page.goto(f"{base_url}/{program_hash(expression, values, **flags)}")
    # A big program takes seconds on a loaded 2-core machine (the speed is bench/'s job).
    page.wait_for_selector("body[data-status=ready]", state="attached", timeout=45_000)
    assert page.locator("body").get_attribute("data-expression") == expression


def collect_errors(page) -> list[str]:
    """Console errors and uncaught exceptions of a page from a context of the test's own."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    return errors


def shot(page, name: str) -> None:
    """A screenshot of a page the `screenshot` fixture does not own (one from its own context)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def settle(page, selector: str = ".cr-view svg.graph-svg") -> None:
    """Waits until the camera stops (its data-zoom is written when a gesture or transition ends)."""
    svg = page.locator(selector)
    last = None
    for _ in range(80):
        page.wait_for_timeout(60)
        now = (svg.get_attribute("data-zoom"), svg.locator("g.viewport").get_attribute("transform"))
        if now == last:
            return
        last = now


# One in-page measurement of the active gate against the graph's own box (cheap on big graphs).
ACTIVE_IN_VIEW = """() => {
  const svg = document.querySelector(".cr-view svg.graph-svg").getBoundingClientRect();
  const active = document.querySelectorAll('.cr-view [aria-current="step"]');
  if (active.length !== 1) return {count: active.length};
  // The key handler renders and moves the camera synchronously (reduced motion): read it now.
  const r = active[0].getBoundingClientRect();
  const counter = document.querySelector(".cr-view .step-counter").textContent;
  return {count: 1, counter, inside: r.left >= svg.left - 0.5 && r.right <= svg.right + 0.5
    && r.top >= svg.top - 0.5 && r.bottom <= svg.bottom + 0.5, id: active[0].dataset.nodeId,
    zoom: Number(document.querySelector(".cr-view svg.graph-svg").dataset.zoom)};
}"""


def test_follow_keeps_the_active_gate_in_view_through_a_long_chain(browser, live_server):
    # Reduced motion: the camera moves at once, so each check sees where Follow put it.
    context = browser.new_context(viewport={"width": 1280, "height": 720}, reduced_motion="reduce")
    page = context.new_page()
    errors = collect_errors(page)
    program = fan_out_chain(100)
    open_program(page, live_server, program, FAN_VALUES)
    trace = api_trace(live_server, program, FAN_VALUES)
    total = len(trace["steps"])
    follow = page.get_by_role("button", name="Follow")
    expect(follow).to_have_attribute("aria-pressed", "true")
    page.get_by_role("button", name="Reset").click()
    seen = []
    for k in range(1, 61):
        page.keyboard.press("ArrowRight")
        where = page.evaluate(ACTIVE_IN_VIEW)
        assert where["count"] == 1, f"step {k}: one active gate"
        assert where["counter"].startswith(f"Step {k} of {total}")
        assert where["id"] == trace["steps"][k - 1]["node"], f"step {k}: the API's gate is active"
        assert where["inside"], f"step {k}: the active gate {where['id']} left the view"
        assert 15 * where["zoom"] >= 12, (
            f"step {k}: zoom {where['zoom']} leaves wire labels unreadable"
        )
        seen.append(where["id"])
    assert len(set(seen)) == 60
    # Without Follow the camera stays put, and the chain walks out of the view.
    follow.click()
    expect(follow).to_have_attribute("aria-pressed", "false")
    left = False
    for _ in range(30):
        page.keyboard.press("ArrowRight")
        if not page.evaluate(ACTIVE_IN_VIEW)["inside"]:
            left = True
            break
    assert left, "with Follow off the active gate may leave the view (so the check above is real)"
    assert errors == []
    context.close()


# Every visible <text> in the graph: its font size times the SVG's screen scale, in CSS px.
SMALLEST_TEXT = """() => {
  let smallest = Infinity, count = 0, where = null;
  for (const t of document.querySelectorAll(".cr-view svg.graph-svg text")) {
    if (!t.textContent.trim() || t.getClientRects().length === 0) continue;
    const style = getComputedStyle(t);
    if (style.visibility === "hidden" || Number(style.opacity) === 0) continue;
    const m = t.getScreenCTM();
    const size = parseFloat(style.fontSize) * Math.hypot(m.a, m.b);
    count += 1;
    if (size < smallest) {
      smallest = size;
      where = `${t.getAttribute("class")}: ${t.textContent}`;
    }
  }
  return {smallest, count, where};
}"""


def test_no_graph_text_is_smaller_than_12_px_for_any_example(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, reduced_motion="reduce")
    page = context.new_page()
    open_app(page, live_server)
    examples = [e for e in api(live_server, "examples") if e["kind"] == "expression"]
    assert len(examples) >= 5
    for example in examples:
        page.get_by_label("Examples").select_option(example["id"])
        expect(page.locator("body")).to_have_attribute("data-expression", example["expression"])
        wait_ready(page)
        page.get_by_role("button", name="End").click()  # reduced motion: Follow moves at once
        at_end = page.evaluate(SMALLEST_TEXT)
        assert at_end["count"] > 0, f"{example['id']}: the graph has text"
        assert at_end["smallest"] >= 12 - 1e-6, f"{example['id']} at End: {at_end}"
        for _ in range(5):
            page.get_by_role("button", name="Zoom out").click()
        settle(page)
        zoomed_out = page.evaluate(SMALLEST_TEXT)
        assert zoomed_out["smallest"] >= 12 - 1e-6, f"{example['id']} zoomed out: {zoomed_out}"
        page.get_by_role("button", name="Fit").click()
        settle(page)
        fitted = page.evaluate(SMALLEST_TEXT)
        assert fitted["smallest"] >= 12 - 1e-6, f"{example['id']} at Fit: {fitted}"
        if example["id"] == "two-layer-net":
            shot(page, "view-two-layer-fit-1280")
    context.close()


def test_presentation_mode_shows_only_graph_stepper_and_narration(page, live_server, screenshot):
    page.set_viewport_size({"width": 1280, "height": 720})
    open_app(page, live_server)
    present = page.get_by_role("button", name="Present")
    expect(present).to_have_attribute("aria-pressed", "false")
    expect(page.locator("header.topbar")).to_be_visible()
    expect(page.locator("#side-panels")).to_be_visible()
    present.click()

    def presenting() -> None:
        expect(present).to_have_attribute("aria-pressed", "true")
        expect(page.locator("header.topbar")).to_be_hidden()
        expect(page.locator("#side-panels")).to_be_hidden()
        for part in (".cr-view svg.graph-svg", ".cr-view .stepper", ".cr-view .narration"):
            expect(page.locator(part)).to_be_visible()
        expect(page.get_by_role("button", name="Step forward")).to_be_visible()

    presenting()
    for _ in range(50):  # the hash is rewritten after a short pause
        if "present=1" in page.url:
            break
        page.wait_for_timeout(50)
    assert "present=1" in page.url.split("#", 1)[1]
    page.get_by_role("button", name="Step forward").click()
    screenshot("view-present-1280")
    page.reload()
    wait_ready(page)
    presenting()  # the flag in the hash starts presenting
    page.keyboard.press("Escape")
    expect(present).to_have_attribute("aria-pressed", "false")
    expect(page.locator("header.topbar")).to_be_visible()
    expect(page.locator("#side-panels")).to_be_visible()
    for _ in range(50):
        if "present=1" not in page.url:
            break
        page.wait_for_timeout(50)
    assert "present=1" not in page.url


@pytest.fixture
def other_origin(live_server):
    """A second server on another loopback port (another origin) whose pages frame the app."""
    pages: dict[str, str] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            body = pages.get(self.path, "not found").encode()
            self.send_response(200 if self.path in pages else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield pages, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_embed_works_in_a_cross_origin_frame_and_the_page_refuses_one(
    page, live_server, other_origin, screenshot
):
    pages, origin = other_origin
    assert origin.rsplit(":", 1)[1] != live_server.rsplit(":", 1)[1]
    expression, values = "(x + y) * z", {"x": -2, "y": 5, "z": -4}
    embed = f"{live_server}/embed{program_hash(expression, values, hide='speed')}"
    pages["/course.html"] = (
        "<!doctype html><title>course</title><h1>A course page</h1>"
        f'<iframe id="embed" title="graph" src="{embed}" width="900" height="560"></iframe>'
    )
    pages["/page.html"] = (
        f'<!doctype html><title>framing the page</title><iframe id="main" src="{live_server}/">'
        "</iframe>"
    )
    refusals: list[str] = []
    page.on("console", lambda m: refusals.append(m.text) if "frame-ancestors" in m.text else None)
    page.set_viewport_size({"width": 1000, "height": 700})
    page.goto(f"{origin}/course.html")
    frame = page.frame_locator("iframe#embed")
    expect(frame.locator("body")).to_have_attribute("data-status", "ready")
    trace = api_trace(live_server, expression, values)
    expect(frame.locator("g.node")).to_have_count(len(trace["nodes"]))
    expect(frame.locator(".step-counter")).to_contain_text(f"Step 0 of {len(trace['steps'])}")
    frame.get_by_role("button", name="Step forward").click()
    expect(frame.locator(".step-counter")).to_contain_text(f"Step 1 of {len(trace['steps'])}")
    first = trace["steps"][0]
    expect(frame.locator(f'g.node[data-node-id="{first["node"]}"]')).to_have_attribute(
        "data-value", str(first["value"]).removesuffix(".0")
    )
    expect(frame.locator(".speed-select")).to_be_hidden()  # hide=speed
    expect(frame.get_by_role("button", name="Play")).to_be_visible()
    screenshot("view-embed-cross-origin")

    page.goto(f"{origin}/page.html")
    page.wait_for_load_state("load")
    main = next(f for f in page.frames if f != page.main_frame)
    for _ in range(40):
        if refusals:
            break
        page.wait_for_timeout(50)
    assert any("frame-ancestors 'none'" in text for text in refusals), refusals
    assert main.locator("#program").count() == 0
    assert main.locator(".cr-view").count() == 0


def test_narrow_screen_shows_graph_stepper_and_narration_without_scrolling(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    open_app(page, live_server)
    box = page.evaluate(
        """() => {
          const r = (s) => { const b = document.querySelector(s).getBoundingClientRect();
            return {left: b.left, top: b.top, right: b.right, bottom: b.bottom,
              height: b.height}; };
          return {svg: r(".cr-view svg.graph-svg"), stepper: r(".cr-view .stepper"),
            narration: r(".cr-view .narration"),
            scroll: document.scrollingElement.scrollHeight};
        }"""
    )
    for part in ("svg", "stepper", "narration"):
        r = box[part]
        assert r["left"] >= 0 and r["top"] >= 0, (part, r)
        assert r["right"] <= 390 and r["bottom"] <= 844, (part, r)
    assert box["svg"]["height"] >= 250, "the graph has room to be read"
    assert box["scroll"] <= 844, "nothing below the fold"
    shot(page, "view-narrow-390")
    editor = page.get_by_label("Expression", exact=True)
    drawer = page.get_by_role("button", name="Program")
    expect(drawer).to_have_attribute("aria-expanded", "false")
    drawer.click()
    expect(drawer).to_have_attribute("aria-expanded", "true")
    expect(editor).to_be_visible()
    expect(editor).to_be_in_viewport()
    shot(page, "view-narrow-390-drawer")
    context.close()


def test_stepping_a_1000_statement_program(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, reduced_motion="reduce")
    page = context.new_page()
    errors = collect_errors(page)
    program = fan_out_chain(1000)
    values = {"x": 0.3, "y": 0.7}  # gradients that 4 significant digits do not write exactly
    trace = api_trace(live_server, program, values)
    total = len(trace["steps"])
    x = next(n for n in trace["nodes"] if n["label"] == "x" and n["kind"] == "input")
    y = next(n for n in trace["nodes"] if n["label"] == "y" and n["kind"] == "input")
    leaf_uses = [e for e in trace["edges"] if e["source"] in (x["id"], y["id"])]
    # Its 999 statements a2 … a1000 are one series, collapsed by default in a graph this big: the
    # link opens it, so all 1,000 gates are drawn and stepped through (test_series.py: collapsed).
    a2 = next(n["id"] for n in trace["nodes"] if n["label"] == "a2")
    open_program(page, live_server, program, values, open=json.dumps([f"series:{a2}"]))
    svg = page.locator(".cr-view svg.graph-svg")
    # Drawn: every node of the API's trace plus one stub per use of x and of y.
    expect(svg).to_have_attribute("data-node-count", str(len(trace["nodes"]) + len(leaf_uses)))
    page.get_by_role("button", name="Step forward").click()
    expect(page.locator(".cr-view .step-counter")).to_contain_text(f"Step 1 of {total}")
    page.get_by_role("button", name="End").click()
    expect(page.locator(".cr-view .step-counter")).to_contain_text(f"Step {total} of {total}")
    settle(page)
    # Follow shows the last gate (a1 = x * y) at a readable zoom: its stubs of x are drawn.
    stubs = page.locator(f'g.node.kind-stub[data-of="{x["id"]}"]')
    drawn = stubs.count()
    assert drawn >= 2, f"stubs of x in view: {drawn}"
    assert drawn < sum(e["source"] == x["id"] for e in trace["edges"]), "only what is in view"
    stubs.first.hover()
    linked = page.evaluate(
        """([x, y]) => {
          const stubs = (of) => [...document.querySelectorAll(`g.node.kind-stub[data-of="${of}"]`)];
          const lit = (n) => n.classList.contains("linked");
          return {x: stubs(x).map(lit), y: stubs(y).filter(lit).length};
        }""",
        [x["id"], y["id"]],
    )
    assert linked["x"] and all(linked["x"]), "hovering one stub of x lights every drawn stub of x"
    assert linked["y"] == 0, "and none of y's"
    shot(page, "view-1000-stubs-linked")
    # Clicking a stub selects x itself, which then stays drawn: its gradient is the API's.
    stubs.first.click()
    real = page.locator(f'g.node[data-node-id="{x["id"]}"]')
    expect(real).to_have_count(1)
    shown = float(real.get_attribute("data-grad"))
    assert shown == pytest.approx(x["grad"], rel=1e-9)
    assert shown == pytest.approx(trace["gradients"]["x"], rel=1e-9)
    # x sums 501 contributions: its badge says so in a line, not one term per contribution.
    badge = real.locator(".sum-text")
    expect(badge).to_contain_text(f"({sum(e['source'] == x['id'] for e in trace['edges'])} terms)")
    assert real.locator(".sum-badge").bounding_box()["width"] < 420
    assert errors == []
    context.close()


def test_a_30_term_sum_is_one_gate_with_30_wires(page, live_server, console_errors, screenshot):
    page.set_viewport_size({"width": 1280, "height": 720})
    terms = [f"x{i}" for i in range(1, 31)]
    expression = " + ".join(terms)
    values = {name: i / 10 for i, name in enumerate(terms, start=1)}
    trace = api_trace(live_server, expression, values)
    open_program(page, live_server, expression, values)
    gates = page.locator("g.node.kind-op")
    expect(gates).to_have_count(1)
    chain = page.locator("g.node.kind-chain")
    expect(chain).to_have_count(1)
    ids = {n["label"]: n["id"] for n in trace["nodes"] if n["kind"] == "input"}
    term_wires = [e["id"] for e in trace["edges"] if e["source"] in ids.values()]
    assert len(term_wires) == 30
    # Each term's wire ends on the one gate's shape (in screen coordinates).
    ends = page.evaluate(
        """(wires) => {
          const gate = document.querySelector("g.node.kind-chain .shape").getBoundingClientRect();
          return wires.map((id) => {
            const path = document.querySelector(`g.edge[data-edge-id="${id}"] path.wire`);
            if (!path) return null;
            const p = path.getPointAtLength(path.getTotalLength());
            const m = path.getScreenCTM();
            const sx = m.a * p.x + m.c * p.y + m.e, sy = m.b * p.x + m.d * p.y + m.f;
            return sx >= gate.left - 2 && sx <= gate.right + 2
              && sy >= gate.top - 2 && sy <= gate.bottom + 2;
          });
        }""",
        term_wires,
    )
    assert ends == [True] * 30
    page.get_by_role("button", name="End").click()
    for name, node_id in ids.items():
        assert trace["gradients"][name] == 1  # ∂(x1 + … + x30)/∂xi = 1
        expect(page.locator(f'g.node[data-node-id="{node_id}"]')).to_have_attribute(
            "data-grad", "1"
        )
    screenshot("view-sum-30")
    assert console_errors == []


def test_a_300_term_sum_is_a_comb_about_as_wide_as_tall(page, live_server, console_errors):
    # One column of 300 leaves into a 300-port bar would be a sliver at Fit; the comb is a grid.
    page.set_viewport_size({"width": 1400, "height": 900})
    terms = [f"x{i}" for i in range(300)]
    expression = " + ".join(terms)
    values = {name: round(i / 100, 2) for i, name in enumerate(terms)}
    trace = api_trace(live_server, expression, values)
    open_program(page, live_server, expression, values)
    expect(page.locator("g.node.kind-chain path.shape.comb")).to_have_count(1)
    page.get_by_role("button", name="Fit").click()
    settle(page)
    drawn = page.evaluate(
        """() => { const b = document.querySelector(".cr-view g.viewport").getBoundingClientRect();
          return {width: b.width, height: b.height}; }"""
    )
    assert 0.5 < drawn["width"] / drawn["height"] < 4, drawn
    assert drawn["width"] > 600, "Fit fills the view instead of a sliver"
    page.get_by_role("button", name="End").click()
    ids = {n["label"]: n["id"] for n in trace["nodes"] if n["kind"] == "input"}
    for name in ("x0", "x150", "x299"):
        assert trace["gradients"][name] == 1  # ∂(x0 + … + x299)/∂xi = 1
        expect(page.locator(f'g.node[data-node-id="{ids[name]}"]')).to_have_attribute(
            "data-grad", "1"
        )
    shot(page, "view-sum-300")
    assert console_errors == []


def test_tool_panels_leave_the_graph_half_the_viewport(page, live_server, screenshot):
    page.set_viewport_size({"width": 1440, "height": 900})
    open_app(page, live_server)
    page.get_by_role("button", name="Check gradients").click()
    expect(page.get_by_role("region", name="Gradient check")).to_have_attribute(
        "data-state", "ready"
    )
    page.get_by_role("button", name="Nudge an input").click()
    expect(page.get_by_role("region", name="Nudge an input")).to_be_visible()
    height = page.locator(".cr-view .graph-wrap").bounding_box()["height"]
    assert height >= 450, f"graph area {height} px tall with both panels open"
    # The cards sit under the view, never over its stepper and narration.
    narration = page.locator(".cr-view .narration").bounding_box()
    cards = page.locator("#analysis").bounding_box()
    assert narration["y"] + narration["height"] <= cards["y"] + 1, (narration, cards)
    screenshot("view-panels-1440")


def test_narration_never_moves_the_graph(page, live_server):
    page.set_viewport_size({"width": 1280, "height": 720})
    expression = "sigmoid(w0*x0 + w1*x1 + w2)"
    values = {"w0": 2, "x0": -1, "w1": -3, "x1": -2, "w2": -3}
    open_program(page, live_server, expression, values)
    wrap = page.locator(".cr-view .graph-wrap")
    narration = page.locator(".cr-view .narration")
    page.get_by_role("button", name="Reset").click()
    before = wrap.bounding_box()
    lines_at = {}
    total = len(api_trace(live_server, expression, values)["steps"])
    forward = page.get_by_role("button", name="Step forward")
    for k in range(1, total + 1):
        forward.click()
        expect(page.locator(".cr-view .step-counter")).to_contain_text(f"Step {k} of {total}")
        lines_at[k] = narration.evaluate(
            """(n) => { const r = document.createRange(); r.selectNodeContents(n);
              const tops = new Set([...r.getClientRects()].map((b) => Math.round(b.top)));
              return tops.size; }"""
        )
        assert wrap.bounding_box() == before, f"step {k}: the graph moved"
    assert max(lines_at.values()) >= 2, f"some narration wraps: lines per step {lines_at}"
    # Back to the start: still the same box.
    page.get_by_role("button", name="Reset").click()
    assert wrap.bounding_box() == before


# The selected gate's and the inspector's screen boxes, and whether a toolbar button is under it.
INSPECTOR_BOXES = """() => {
  const box = (el) => { const b = el.getBoundingClientRect();
    return {left: b.left, top: b.top, right: b.right, bottom: b.bottom}; };
  const gate = document.querySelector('.cr-view g.node.selected');
  const panel = document.querySelector('.cr-view .inspector');
  const buttons = [...document.querySelectorAll('.cr-view .graph-tools button')].map(box);
  return {gate: gate && box(gate), panel: panel.hidden ? null : box(panel), buttons};
}"""


def overlaps(a: dict, b: dict) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and (b["top"] < a["bottom"])
    )


@pytest.mark.parametrize("size", [(1280, 720), (390, 844)])
def test_the_inspector_never_covers_the_gate_it_describes_or_a_tool(browser, live_server, size):
    # The 2-layer net at step 4: its active "−" gate sits at the graph's right, where the
    # inspector opens (on a narrow screen the inspector is a sheet across the bottom).
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    open_app(page, live_server)
    page.get_by_label("Examples").select_option("two-layer-net")
    wait_ready(page)
    for _ in range(4):
        page.get_by_role("button", name="Step forward").click()
    expect(page.locator(".cr-view .step-counter")).to_contain_text("Step 4 of")
    settle(page)
    page.locator('.cr-view [aria-current="step"]').dispatch_event("click")
    expect(page.locator(".cr-view .inspector")).to_be_visible()
    settle(page)
    boxes = page.evaluate(INSPECTOR_BOXES)
    assert boxes["gate"] and boxes["panel"], boxes
    assert not overlaps(boxes["gate"], boxes["panel"]), boxes
    for button in boxes["buttons"]:
        assert not overlaps(button, boxes["panel"]), ("a tool under the inspector", button)
    shot(page, f"view-inspector-{size[0]}")
    context.close()
