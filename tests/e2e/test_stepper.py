"""End-to-end: the lecture circuit stepped through gate by gate, branches, keyboard, reload."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .app import (
    api_trace,
    enter_program,
    expected_after,
    open_app,
    shown_number,
    wait_for_output,
    wait_ready,
    wire_texts,
)

CIRCUIT = "(x + y) * z"
CIRCUIT_VALUES = {"x": -2, "y": 5, "z": -4}


def test_lecture_circuit_every_step_matches_the_api(page, live_server, console_errors, screenshot):
    open_app(page, live_server)
    enter_program(page, CIRCUIT, CIRCUIT_VALUES)
    trace = api_trace(live_server, CIRCUIT, CIRCUIT_VALUES)
    wait_for_output(page, trace["output"]["value"], CIRCUIT)
    assert trace["output"]["value"] == -12
    page.get_by_role("button", name="Reset").click()
    total = len(trace["steps"])
    forward = page.get_by_role("button", name="Step forward")
    for n in trace["nodes"]:
        expect(page.locator(f'[data-node-id="{n["id"]}"]')).to_have_count(1)
    narrations = set()
    for k in range(total + 1):
        expect(page.locator(".cr-view .step-counter")).to_contain_text(f"Step {k} of {total}")
        for edge_id, (value, grad) in expected_after(trace, k).items():
            shown_value, shown_grad = wire_texts(page, edge_id)
            assert shown_number(shown_value) == pytest.approx(value), (k, edge_id, "value")
            assert shown_number(shown_grad) == pytest.approx(grad), (k, edge_id, "grad")
        narrations.add(page.locator(".cr-view .narration").inner_text())
        if k == 1:
            expect(page.locator(".cr-view .narration")).to_contain_text("x + y = -2 + 5 = 3")
            screenshot("circuit-mid-forward")
        if k == 3:
            expect(page.locator(".cr-view .narration")).to_contain_text("(the other input)")
            screenshot("circuit-mid-backward")
        if k < total:
            expect(forward).to_be_enabled()
            forward.click()
    expect(forward).to_be_disabled()
    assert len(narrations) == total + 1, "every step has its own sentence"
    final = {n["label"]: n["grad"] for n in trace["nodes"] if n["kind"] == "input"}
    assert final == {"x": -4, "y": -4, "z": 3}
    assert console_errors == []


def test_branch_shows_the_running_sum(page, live_server, console_errors, screenshot):
    open_app(page, live_server)
    enter_program(page, "x * y + x", {"x": 3, "y": -4})
    trace = api_trace(live_server, "x * y + x", {"x": 3, "y": -4})
    wait_for_output(page, trace["output"]["value"], "x * y + x")
    x_id = next(n["id"] for n in trace["nodes"] if n["label"] == "x")
    badge = page.locator(f'[data-node-id="{x_id}"] .sum-text')
    page.get_by_role("button", name="Reset").click()
    for _ in range(3):
        page.get_by_role("button", name="Step forward").click()
    expect(badge).to_have_text("∂ = 1 + …")
    page.get_by_role("button", name="Step forward").click()
    expect(badge).to_have_text("∂ = 1 + (-4) = -3")
    expect(page.locator(".cr-view .narration")).to_contain_text("1 + (-4) = -3")
    # Regression: the previous graph's output label ("f") must not survive a redraw.
    expect(page.locator("text.output-mark")).to_have_count(1)
    expect(page.locator("text.output-mark")).to_have_text("out")
    screenshot("branch-sum")
    assert console_errors == []


def test_keyboard_steps_plays_and_jumps(page, live_server, console_errors):
    open_app(page, live_server)
    enter_program(page, CIRCUIT, CIRCUIT_VALUES)
    wait_for_output(page, -12, CIRCUIT)
    page.locator(".cr-view .narration").click()  # focus leaves the editor
    page.keyboard.press("Home")
    expect(page.locator(".cr-view .step-counter")).to_contain_text("Step 0 of 4")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(page.locator(".cr-view .step-counter")).to_contain_text("Step 2 of 4")
    page.keyboard.press("ArrowLeft")
    expect(page.locator(".cr-view .step-counter")).to_contain_text("Step 1 of 4")
    page.keyboard.press("End")
    expect(page.locator(".cr-view .step-counter")).to_contain_text("Step 4 of 4")
    page.keyboard.press("Home")
    page.keyboard.press(" ")
    expect(page.get_by_role("button", name="Pause")).to_be_visible()
    page.keyboard.press(" ")
    expect(page.get_by_role("button", name="Play")).to_be_visible()
    page.keyboard.press("End")
    # Tab goes from the program to its first input; keys typed in a field never step the graph.
    page.get_by_label("Expression", exact=True).focus()
    page.keyboard.press("Tab")
    expect(page.get_by_label("x", exact=True)).to_be_focused()
    for key in ("Home", "ArrowLeft", "ArrowRight", "End", " "):
        page.keyboard.press(key)
    expect(page.locator(".cr-view .step-counter")).to_contain_text("Step 4 of 4")
    expect(page.get_by_role("button", name="Play")).to_be_visible()
    assert console_errors == []


def test_play_runs_to_the_end(page, live_server, console_errors):
    open_app(page, live_server)
    enter_program(page, CIRCUIT, CIRCUIT_VALUES)
    wait_for_output(page, -12, CIRCUIT)
    page.get_by_label("Speed").select_option("4")
    page.get_by_role("button", name="Play").click()
    expect(page.get_by_role("button", name="Pause")).to_be_visible()
    expect(page.locator(".cr-view .step-counter")).to_contain_text("Step 4 of 4", timeout=10_000)
    expect(page.get_by_role("button", name="Play")).to_be_visible()
    expect(page.get_by_role("button", name="Step forward")).to_be_disabled()
    assert console_errors == []


def test_reload_keeps_program_values_and_step(page, live_server, console_errors):
    open_app(page, live_server)
    enter_program(page, "q = x + y\nf = z * q", CIRCUIT_VALUES)
    wait_for_output(page, -12, "q = x + y\nf = z * q")
    page.get_by_role("button", name="Reset").click()
    for _ in range(3):
        page.get_by_role("button", name="Step forward").click()
    expect(page.locator(".cr-view .step-counter")).to_contain_text("Step 3 of 4")
    page.reload()
    wait_ready(page)
    expect(page.get_by_label("Expression", exact=True)).to_have_value("q = x + y\nf = z * q")
    expect(page.get_by_label("z", exact=True)).to_have_value("-4")
    expect(page.locator(".cr-view .step-counter")).to_contain_text("Step 3 of 4")
    # The page restores its controls itself and leaves none to the browser's form restoration,
    # which would also save every control's state on each hash rewrite, that is, on each step.
    restorable = "[...document.querySelectorAll('input:not([autocomplete=off])')].map((e) => e.id)"
    assert page.evaluate(restorable) == []
    # Without the hash, the last program comes back from localStorage.
    page.goto(page.url.split("#")[0])
    wait_ready(page)
    expect(page.get_by_label("Expression", exact=True)).to_have_value("q = x + y\nf = z * q")
    assert console_errors == []
