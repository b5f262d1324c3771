"""End-to-end (issue 11): Predict, then reveal; Forward mode; a gradient's paths to the output."""

from __future__ import annotations

import json
import re
import urllib.parse

from playwright.sync_api import expect

from .app import wait_for_output, wire_texts
from .test_gradients import open_program

CIRCUIT = "q = x + y\nf = q * z"
CIRCUIT_VALUES = {"x": -2, "y": 5, "z": -4}


def open_circuit(page, base_url: str) -> None:
    # Through the URL hash: typing the program races its own debounced recomputes.
    open_program(page, base_url, CIRCUIT, CIRCUIT_VALUES)
    wait_for_output(page, -12, CIRCUIT)
    expect(page.locator(".cr-view .step-counter")).to_contain_text("Step 0 of 4")


def check(page, text: str) -> None:
    page.get_by_label("Your answer").fill(text)
    page.get_by_role("button", name="Check", exact=True).click()


def test_predict_hides_asks_hints_and_scores(page, live_server, console_errors, screenshot):
    open_circuit(page, live_server)
    predict = page.get_by_role("button", name="Predict", exact=True)
    expect(predict).to_have_attribute("aria-pressed", "false")
    predict.click()
    expect(predict).to_have_attribute("aria-pressed", "true")
    page.get_by_role("button", name="Step forward").click()
    # q = x + y is asked, not shown: its wire reads "?", the gate is highlighted.
    expect(page.locator(".predict-ask")).to_have_text("What is q = x + y?")
    assert wire_texts(page, "e2")[0] == "?"
    expect(page.locator('g.node[data-node-id="n2"]')).to_have_class(re.compile(r"\bactive\b"))
    expect(page.locator(".cr-view .narration")).to_contain_text("Predict: What is q = x + y?")
    expect(page.locator(".predict-tolerance")).to_have_text("counts within ±0.03")
    check(page, "7")
    feedback = page.locator(".predict-feedback")
    expect(feedback).to_have_text("Not yet. Hint: the gate reads x -2 and y 5.")
    check(page, "3")
    expect(feedback).to_have_text("Correct: 3.")
    assert wire_texts(page, "e2")[0] == "3"
    page.get_by_role("button", name="Step forward").click()
    page.get_by_role("button", name="Reveal").click()
    expect(feedback).to_contain_text("Revealed: -12")
    # Backward: upstream × local, the hints reveal one factor at a time.
    page.get_by_role("button", name="Step forward").click()
    expect(page.locator(".predict-ask")).to_contain_text("send back to q (upstream × local)?")
    assert wire_texts(page, "e2")[1] == "?"
    check(page, "1")
    expect(feedback).to_contain_text("the upstream gradient (arriving at the gate) is 1")
    check(page, "2")
    expect(feedback).to_contain_text("the local derivative on this wire is -4")
    check(page, "-4")
    expect(feedback).to_have_text("Correct: -4.")
    assert wire_texts(page, "e2")[1] == "-4"
    expect(page.locator(".predict-score")).to_have_text("Score: 2 of 3 right")
    screenshot("predict-backward")
    # The score is kept per program: a reload restores it.
    page.reload()
    wait_for_output(page, -12, CIRCUIT)
    page.get_by_role("button", name="Predict", exact=True).click()
    expect(page.locator(".predict-score")).to_have_text("Score: 2 of 3 right")
    assert console_errors == []


def test_predict_works_in_presentation_mode(page, live_server, console_errors, screenshot):
    open_circuit(page, live_server)
    page.get_by_role("button", name="Present").click()
    page.get_by_role("button", name="Predict", exact=True).click()
    page.get_by_role("button", name="Step forward").click()
    expect(page.get_by_label("Your answer")).to_be_visible()
    check(page, "3")
    expect(page.locator(".predict-feedback")).to_have_text("Correct: 3.")
    screenshot("predict-presenting")
    assert console_errors == []


def test_forward_mode_carries_one_tangent_to_the_output(page, live_server, console_errors):
    open_circuit(page, live_server)
    toggle = page.get_by_role("button", name="Forward mode")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    page.get_by_label("Tangent of").select_option(label="x")
    page.get_by_role("button", name="Step forward").click()
    # q̇ = 1·ẋ + 1·ẏ = 1; then ḟ = z·q̇ + q·ż = -4 = ∂f/∂x (by hand), on the output wire.
    assert wire_texts(page, "e2")[1] == "1"
    page.get_by_role("button", name="Step forward").click()
    expect(page.locator(".cr-view .narration")).to_contain_text("= -4. That is ∂f/∂x")
    assert wire_texts(page, "__output_edge")[1] == "-4"
    page.get_by_label("Tangent of").select_option(label="z")
    assert wire_texts(page, "__output_edge")[1] == "3"  # ∂f/∂z = q = 3
    toggle.click()
    expect(page.locator(".teach-panel")).to_be_hidden()
    assert console_errors == []


def test_selecting_a_gradient_lights_every_path_and_sums_them(page, live_server, console_errors):
    open_program(page, live_server, "x * y + x", {"x": 3, "y": -4})
    wait_for_output(page, -9, "x * y + x")
    page.get_by_role("button", name="End").click()
    page.locator('g.node[data-node-id="n0"]').click()
    inspector = page.locator(".inspector")
    expect(inspector).to_contain_text("Its 2 paths to the output")
    expect(inspector.locator(".path-list li")).to_have_count(2)
    expect(inspector).to_contain_text("(-4) + 1 = -3 = ∂f/∂x")
    lit = page.locator("g.edge.on-path")
    expect(lit).to_have_count(3)  # x → ×, × → +, x → +
    assert console_errors == []


def test_predict_works_in_embed(page, live_server, console_errors):
    query = urllib.parse.urlencode(
        {"expr": CIRCUIT, "values": json.dumps(CIRCUIT_VALUES), "step": 0, "present": 1}
    )
    page.goto(f"{live_server}/embed#{query}")
    expect(page.locator("body")).to_have_attribute("data-status", "ready")
    page.get_by_role("button", name="Predict", exact=True).click()
    page.get_by_role("button", name="Step forward").click()
    expect(page.locator(".predict-ask")).to_have_text("What is q = x + y?")
    check(page, "3")
    expect(page.locator(".predict-feedback")).to_have_text("Correct: 3.")
    expect(page.locator(".predict-score")).to_have_text("Score: 1 of 1 right")
    assert console_errors == []
