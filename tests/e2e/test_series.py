"""End-to-end: series grouping (issue 9). A 300-statement unrolled loop is drawn as one series
node; its toggle draws every statement in a frame; stepping goes on through it, and the open
series round-trips through the URL hash."""

from __future__ import annotations

import json
import urllib.parse

import pytest
from playwright.sync_api import expect

from .app import api_trace, enter_program, wait_for_output
from .test_view import FAN_VALUES, fan_out_chain, open_program

SERIES = "g.node.kind-series"


def hash_open(page) -> list[str]:
    params = urllib.parse.parse_qs(page.evaluate("location.hash").lstrip("#"))
    return json.loads(params["open"][0]) if "open" in params else []


def test_a_300_statement_loop_is_one_series_that_expands_and_steps(
    page, live_server, console_errors, screenshot
):
    page.set_viewport_size({"width": 1400, "height": 900})
    program = fan_out_chain(300)
    trace = api_trace(live_server, program, FAN_VALUES)
    ids = {n["label"]: n["id"] for n in trace["nodes"]}
    out = next(n for n in trace["nodes"] if n["id"] == trace["output"]["node"])
    leaf_uses = [e for e in trace["edges"] if e["source"] in (ids["x"], ids["y"])]
    total = len(trace["steps"])
    page.goto(f"{live_server}/")
    enter_program(page, program, FAN_VALUES)
    wait_for_output(page, trace["output"]["value"], program)
    svg = page.locator(".cr-view svg.graph-svg")
    # x, y, a1 and the series: one node for a2 … a300.
    expect(svg).to_have_attribute("data-node-count", "4")
    series = page.locator(SERIES)
    expect(series).to_have_count(1)
    expect(series.locator(".series-name")).to_have_text("a2 … a300")
    expect(series.locator(".series-count")).to_have_text("×299 statements")
    assert series.locator("rect.deck-card").count() == 2, "drawn as a deck, not a neuron"
    assert series.locator("circle").count() == 0
    screenshot("series-300-collapsed")

    # Step 1 is a1's; step 2 (a2's) is inside the series: the series node is the active one.
    page.get_by_role("button", name="Step forward").click()
    expect(page.locator(f'g.node[data-node-id="{ids["a1"]}"]')).to_have_attribute(
        "aria-current", "step"
    )
    page.get_by_role("button", name="Step forward").click()
    expect(page.locator('.cr-view [aria-current="step"]')).to_have_count(1)
    expect(series).to_have_attribute("aria-current", "step")
    expect(series.locator(".inner-step")).to_have_text("a2 = 0.95")
    narration = page.locator(".cr-view .narration")
    expect(narration).to_contain_text("Statement 1 of 299 in the series a2 … a300 (line 2).")
    # At the end the series shows its output's value and gradient, as the API computed them.
    page.get_by_role("button", name="End").click()
    expect(page.locator(".cr-view .step-counter")).to_contain_text(f"Step {total} of {total}")
    assert float(series.get_attribute("data-value")) == pytest.approx(out["value"], rel=1e-12)
    assert float(series.get_attribute("data-grad")) == pytest.approx(out["grad"], rel=1e-12)
    # One step back is a2's backward step: inside the series again.
    page.get_by_role("button", name="Step back").click()
    expect(series).to_have_attribute("aria-current", "step")
    expect(series.locator(".inner-step")).to_contain_text("∂a300/∂a2 = ")
    assert trace["steps"][total - 2]["node"] == ids["a2"]
    # Clicking the series inspects its output, a300.
    series.locator("rect.shape").click()
    inspector = page.get_by_role("complementary", name="Inspector")
    expect(inspector).to_be_visible()
    expect(inspector).to_contain_text("a300")
    page.keyboard.press("Escape")

    # Expanding draws every statement (stubs of x and y included) inside a frame.
    page.get_by_role("button", name="Expand the series a2 … a300 (299 statements)").click()
    expect(svg).to_have_attribute("data-node-count", str(len(trace["nodes"]) + len(leaf_uses)))
    expect(page.locator("g.frame.kind-series")).to_have_count(1)
    expect(series).to_have_count(0)
    assert hash_open(page) == [f"series:{ids['a2']}"]
    active = page.locator('.cr-view [aria-current="step"]')
    expect(active).to_have_attribute("data-node-id", ids["a2"])
    page.get_by_role("button", name="Step back").click()
    expect(active).to_have_attribute("data-node-id", trace["steps"][total - 3]["node"])
    page.get_by_role("button", name="Fit").click()
    screenshot("series-300-expanded")
    assert console_errors == []


def test_the_open_series_round_trips_through_the_url(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, reduced_motion="reduce")
    page = context.new_page()
    program = fan_out_chain(300)
    trace = api_trace(live_server, program, FAN_VALUES)
    name = f"series:{next(n['id'] for n in trace['nodes'] if n['label'] == 'a2')}"
    open_program(page, live_server, program, FAN_VALUES, open=json.dumps([name]))
    svg = page.locator(".cr-view svg.graph-svg")
    expect(svg).to_have_count(1)
    assert int(svg.get_attribute("data-node-count")) > 300, "opened from the link"
    expect(page.locator("g.frame.kind-series")).to_have_count(1)
    page.get_by_role("button", name="Collapse the series a2 … a300").click()
    expect(svg).to_have_attribute("data-node-count", "4")
    assert hash_open(page) == []
    assert "open=" not in page.evaluate("location.hash")
    context.close()
