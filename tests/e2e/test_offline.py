"""The one-file HTML page and the notebook widget's ES module in Chromium, with no server: opened
from file://, every request that is not file:, data: or blob: refused and reported."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

import chainrule

from .app import (
    enter_program,
    expected_after,
    open_app,
    shown_number,
    wait_for_output,
    wire_texts,
)
from .conftest import SCREENSHOTS
from .offline import refuse_network, widget_harness

LECTURE = ("(x + y) * z", {"x": -2, "y": 5, "z": -4})


def view_step(page: Page) -> int:
    return page.evaluate("chainrule.views[0].step()")


@pytest.fixture
def lecture_file(tmp_path):
    path = tmp_path / "lecture.html"
    chainrule.trace(*LECTURE).to_html(path)
    return path


def open_offline(page: Page, path) -> list[str]:
    left = refuse_network(page)
    page.goto(path.as_uri())
    expect(page.locator("svg").first).to_be_visible()
    return left


def test_the_file_steps_to_the_end_and_back_with_no_request_leaving(
    page: Page, lecture_file, console_errors, screenshot
):
    left = open_offline(page, lecture_file)
    trace = chainrule.trace(*LECTURE).to_dict()
    total = len(trace["steps"])
    forward = page.get_by_role("button", name="Step forward")
    narrations = set()
    for k in range(total + 1):
        if k:
            forward.click()
        expect(page.get_by_text(f"Step {k} of {total}")).to_be_visible()
        assert view_step(page) == k
        for edge_id, (value, grad) in expected_after(trace, k).items():
            shown_value, shown_grad = wire_texts(page, edge_id)
            assert shown_number(shown_value) == pytest.approx(value), (k, edge_id, "value")
            assert shown_number(shown_grad) == pytest.approx(grad), (k, edge_id, "grad")
        narrations.add(page.get_by_label("Narration").text_content())
    assert len(narrations) == total + 1  # every step says something of its own
    # The lecture's gradients on the input wires: x -4, y -4, z 3 (and the output -12).
    assert [wire_texts(page, e)[1] for e in ("e0", "e1", "e3")] == ["-4", "-4", "3"]
    assert wire_texts(page, "__output_edge")[0] == "-12"
    page.get_by_role("button", name="Step back").click()
    assert view_step(page) == total - 1
    page.get_by_role("button", name="End").click()
    assert view_step(page) == total
    assert page.evaluate("chainrule.layoutMode()") == "worker"  # ELK ran in its Blob worker
    assert left == []
    assert console_errors == []


def test_the_file_shows_branch_sums_and_the_inspector_with_katex(
    page: Page, tmp_path, console_errors, screenshot
):
    path = tmp_path / "branch.html"
    chainrule.trace("x * y + x", {"x": 3, "y": -4}).to_html(path)
    left = open_offline(page, path)
    forward = page.get_by_role("button", name="Step forward")
    for _ in range(4):
        forward.click()
    x_badge = page.locator('[data-node-id="n0"] .sum-text')
    expect(x_badge).to_have_text("∂ = 1 + (-4) = -3")
    expect(page.get_by_label("Narration")).to_contain_text("1 + (-4) = -3")
    page.locator('[data-node-id="n2"]').click()  # the × gate
    inspector = page.get_by_role("complementary", name="Inspector")
    expect(inspector).to_contain_text("Local derivatives")
    expect(inspector.locator(".katex").first).to_be_visible()  # typeset, not raw TeX
    assert "\\frac" not in inspector.inner_text()
    # KaTeX's fonts come from data: URLs: the math font is loaded, not a fallback.
    assert page.evaluate("document.fonts.check('16px KaTeX_Main')")
    for width, height in ((1400, 900), (1280, 720), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        screenshot(f"offline-html-{width}x{height}")
    assert left == []
    assert console_errors == []


def test_without_blob_workers_the_layout_runs_on_the_main_thread(
    page: Page, lecture_file, console_errors
):
    """A page whose policy forbids workers (as some notebook front ends do) still draws."""
    page_text = lecture_file.read_text(encoding="utf-8")
    blocked = lecture_file.with_name("no-workers.html")
    blocked.write_text(page_text.replace("worker-src blob:", "worker-src 'none'"), "utf-8")
    left = open_offline(page, blocked)
    page.get_by_role("button", name="End").click()
    assert page.evaluate("chainrule.layoutMode()") == "main-thread"
    expect(page.locator("body")).to_contain_text("-4")
    assert left == []
    # The refused worker is reported by Chromium as a CSP violation; nothing else may fail.
    assert all("Content Security Policy" in e or "worker" in e.lower() for e in console_errors)


def test_the_widget_module_draws_and_syncs_steps_with_a_model(page: Page, tmp_path, console_errors):
    """The ESM as anywidget loads it (from a Blob URL) with a stand-in model: the view draws,
    a click in the view is saved to the model, and a step set on the model moves the view."""
    widget = chainrule.show(*LECTURE)
    harness = tmp_path / "harness.html"
    harness.write_text(widget_harness(widget.get_state()), encoding="utf-8")
    left = refuse_network(page)
    page.goto(harness.as_uri())
    expect(page.locator("body")).to_have_attribute("data-harness", "ready")
    expect(page.locator("#host svg").first).to_be_visible()

    page.get_by_role("button", name="Step forward").click()
    saved = page.evaluate("harness.saved")
    assert saved == [{"step": 1}]
    widget.set_state(saved[-1])  # what the kernel does with the front end's update
    assert widget.step == 1

    page.evaluate("harness.model.set('step', 4)")  # the kernel sends widget.step = 4
    expect(page.get_by_text("Step 4 of 4")).to_be_visible()
    assert [wire_texts(page, e)[1] for e in ("e0", "e1", "e3")] == ["-4", "-4", "3"]
    assert page.evaluate("harness.saved.length") == 1  # a step from the kernel is not echoed back
    page.screenshot(path=str(SCREENSHOTS / "widget-harness.png"))
    page.get_by_role("button", name="Step back").click()
    assert page.evaluate("harness.saved")[-1] == {"step": 3}
    page.evaluate("harness.cleanup()")
    expect(page.locator("#host svg")).to_have_count(0)
    assert page.evaluate("[...harness.listeners.values()].flat().length") == 0
    assert left == []
    assert console_errors == []


def test_the_pages_html_button_saves_a_file_that_works_offline(
    page: Page, live_server, tmp_path, console_errors
):
    open_app(page, live_server)
    enter_program(page, *LECTURE)
    wait_for_output(page, -12, LECTURE[0])
    page.get_by_role("button", name="End").click()
    with page.expect_download() as download:
        page.get_by_role("group", name="Export").get_by_role("button", name="HTML").click()
    saved = tmp_path / "exported.html"
    download.value.save_as(saved)
    assert download.value.suggested_filename.endswith(".html")

    offline = page.context.new_page()
    left = open_offline(offline, saved)
    steps = len(chainrule.trace(*LECTURE).steps)
    assert view_step(offline) == steps  # it opens at the step the page was on
    offline.get_by_role("button", name="Reset").click()
    assert view_step(offline) == 0
    offline.get_by_role("button", name="End").click()
    assert [wire_texts(offline, e)[1] for e in ("e0", "e1", "e3")] == ["-4", "-4", "3"]
    offline.locator('[data-node-id="n4"]').click()  # the × gate: the registry came along
    inspector = offline.get_by_role("complementary", name="Inspector")
    expect(inspector).to_contain_text("Local derivatives")
    assert left == []
    assert console_errors == []


def test_the_text_html_fallback_draws_inside_its_iframe(page: Page, tmp_path, console_errors):
    """What nbconvert puts in its page for a trace result: the iframe of the text/html output."""
    bundle = chainrule.trace(*LECTURE)._repr_mimebundle_()
    converted = tmp_path / "converted.html"
    converted.write_text(
        f"<!doctype html><html><head><meta charset='utf-8'><link rel='icon' href='data:,'>"
        f"</head><body><h1>Lecture</h1>{bundle['text/html']}</body></html>",
        encoding="utf-8",
    )
    left = refuse_network(page)
    page.goto(converted.as_uri())
    frame = page.frame_locator("iframe.chainrule-iframe")
    expect(frame.locator("svg").first).to_be_visible()
    frame.get_by_role("button", name="End").click()
    expect(frame.locator("body")).to_contain_text("-4")
    assert left == []
    assert console_errors == []


def test_a_big_graph_draws_offline_with_the_fast_layout(page: Page, tmp_path, console_errors):
    """Above the view's ELK limit the fast layout runs (in its own Blob worker)."""
    terms = 300
    result = chainrule.trace(" + ".join(f"{k % 7 + 1} * x" for k in range(terms)), {"x": 2})
    assert len(result.nodes) > 600
    path = tmp_path / "big.html"
    result.to_html(path)
    blocked = tmp_path / "big-no-workers.html"
    blocked.write_text(
        path.read_text("utf-8").replace("worker-src blob:", "worker-src 'none'"), "utf-8"
    )
    for page_file in (path, blocked):  # in its Blob worker, then on the main thread
        left = open_offline(page, page_file)
        # Drawn as the view's overview at this size: one path of node marks, once laid out.
        marks = page.locator("svg path.ov-nodes").first
        expect(marks).to_have_attribute("d", re.compile(r"M.*M"), timeout=20_000)
        page.get_by_role("button", name="End").click()
        assert view_step(page) == len(result.steps)
        assert left == []
    # Only the refused workers of the second page may be reported.
    assert all("Content Security Policy" in e or "worker" in e.lower() for e in console_errors)
