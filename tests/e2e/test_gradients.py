"""End-to-end: Check gradients, nudging an input, and gradient steps on the graph (issue 5)."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

import pytest
from playwright.sync_api import expect

from .app import api, enter_program, open_app, wait_for_output, wait_ready

CIRCUIT = "q = x + y\nf = q * z"
CIRCUIT_VALUES = {"x": -2, "y": 5, "z": -4}
DELTA_RULE = "o = w0*x0 + w1*x1\nE = 0.5 * (t - o)^2"


def open_program(page, base_url: str, expression: str, values: dict) -> None:
    """Opens the page on a program through the URL hash (tensor values need no typing)."""
    query = urllib.parse.urlencode({"expr": expression, "values": json.dumps(values), "step": 0})
    page.goto(f"{base_url}/#{query}")
    wait_ready(page)


def output_of(page) -> float:
    return float(page.locator("body").get_attribute("data-output"))


def open_check(page):
    page.get_by_role("button", name="Check gradients").click()
    card = page.get_by_role("region", name="Gradient check")
    expect(card).to_have_attribute("data-state", "ready")
    return card


def test_gradcheck_on_the_lecture_circuit_passes_with_the_apis_numbers(
    page, live_server, console_errors, screenshot
):
    open_app(page, live_server)
    enter_program(page, CIRCUIT, CIRCUIT_VALUES)
    wait_for_output(page, -12, CIRCUIT)
    card = open_check(page)
    answer = api(live_server, "gradcheck", {"expression": CIRCUIT, "values": CIRCUIT_VALUES})
    assert answer["passed"]
    expect(card.get_by_role("status")).to_contain_text("All 3 gradients agree")
    for name, check in answer["inputs"].items():
        row = card.locator(f'tr[data-input="{name}"]')
        expect(row).to_contain_text("agrees")
        expect(row).to_have_class("verdict-pass")
        for cls in ("analytic", "numerical"):
            cell = row.locator(f"td.{cls}")
            assert float(cell.get_attribute("data-value")) == check[cls]
            assert float(cell.inner_text()) == pytest.approx(check[cls], rel=1e-11)
        shown_error = float(row.locator("td.rel").inner_text())
        assert shown_error == pytest.approx(check["relative_error"], rel=0.05)
    # The analytic column is the lecture's: ∂f/∂x = ∂f/∂y = -4, ∂f/∂z = 3.
    assert [answer["inputs"][n]["analytic"] for n in "xyz"] == [-4, -4, 3]
    screenshot("gradcheck-table")
    # Editing a value re-runs the open check.
    page.get_by_label("z", exact=True).fill("2")
    wait_for_output(page, 6, CIRCUIT)
    expect(card.locator('tr[data-input="x"] td.analytic')).to_have_attribute("data-value", "2")
    # The step h is adjustable: the check runs again with it and says so.
    h = card.get_by_label("h", exact=True)
    h.fill("0.001")
    h.press("Tab")
    expect(card.get_by_role("status")).to_contain_text("h = 1e-3")
    h.fill("-1")
    h.press("Tab")
    expect(h).to_have_attribute("aria-invalid", "true")
    expect(card.get_by_role("status")).to_contain_text("h must be a positive number")
    assert console_errors == []


def test_a_kink_is_explained_in_words(page, live_server, console_errors):
    # relu(x) + max(x, y) at 0 (issue 11): the slopes are 0 and 2, the backward pass takes 0.5.
    program = "relu(x) + max(x, y)"
    open_app(page, live_server)
    enter_program(page, program, {"x": 0, "y": 0})
    wait_for_output(page, 0, program)
    card = open_check(page)
    row = card.locator('tr[data-input="x"]')
    expect(row).to_contain_text("at a kink")
    expect(row).to_have_class("verdict-kink")
    kink = card.locator(".kink-list li")
    expect(kink).to_have_count(2)  # one note per element: x crosses two kinks, y one
    expect(kink.first).to_contain_text(
        "x = 0 sits at the kinks of relu (line 1, column 1) and max (line 1, column 11): "
        "one-sided slopes 0 (left) and 2 (right)."
    )
    expect(kink.first).to_contain_text("The backward pass takes 0.5, a value between the two sides")
    expect(kink.first).to_contain_text("The central difference averages the two sides (about 1)")
    expect(kink.first).not_to_contain_text("takes one side")
    assert console_errors == []


def test_tensor_rows_expand_per_element(page, live_server, console_errors):
    open_program(page, live_server, "f = sum(v * v)", {"v": [1, -2, 3]})
    wait_for_output(page, 14, "f = sum(v * v)")
    card = open_check(page)
    expect(card.locator('tr[data-input="v"]')).to_contain_text("3 of 3 agree")
    card.get_by_role("button", name="Show the 3 elements of v").click()
    for i, grad in enumerate([2, -4, 6]):
        cell = card.locator(f'tr[data-input="v[{i}]"] td.analytic')
        expect(cell).to_have_attribute("data-value", str(grad))
    expect(card.get_by_role("button", name="Hide the 3 elements of v")).to_have_attribute(
        "aria-expanded", "true"
    )
    assert console_errors == []


def test_nudge_compares_the_prediction_with_the_actual_change(page, live_server, console_errors):
    open_app(page, live_server)
    enter_program(page, "f = x * x", {"x": 3})
    wait_for_output(page, 9, "f = x * x")
    page.get_by_role("button", name="Nudge an input").click()
    card = page.get_by_role("region", name="Nudge an input")
    expect(card).to_have_attribute("data-state", "ready")
    for delta in (0.001, 0.01, 0.1, 1):
        row = card.locator(f'tr[data-delta="{delta:g}"]')
        body = {"expression": "f = x * x", "values": {"x": 3 + delta}}
        expected_output = api(live_server, "graph", body)
        predicted = float(row.locator("td.predicted").get_attribute("data-value"))
        actual = float(row.locator("td.actual").get_attribute("data-value"))
        assert predicted == pytest.approx(6 * delta)
        assert actual == pytest.approx(expected_output["output"]["value"] - 9)
    expect(card.locator('tr[data-delta="1"]')).to_contain_text("breaks down")
    expect(card.locator('tr[data-delta="0.001"]')).to_contain_text("close")
    card.get_by_label("Direction").select_option("-1")
    expect(card.locator('tr[data-delta="-1"] td.actual')).to_have_attribute("data-value", "-5")
    assert console_errors == []


def card_numbers(page, name: str) -> tuple[float, float, float]:
    card = page.locator(f'g.step-card[data-param="{name}"]')
    return tuple(float(card.get_attribute(f"data-{k}")) for k in ("w", "grad", "w-new"))


def test_gradient_step_on_the_delta_rule_matches_the_hand_computation(
    page, live_server, console_errors, screenshot
):
    open_app(page, live_server)
    page.get_by_label("Examples").select_option("delta-rule")
    expect(page.locator("body")).to_have_attribute("data-expression", DELTA_RULE)
    wait_ready(page)
    assert output_of(page) == pytest.approx(0.605)
    page.get_by_role("button", name="End").click()
    for name in ("x0", "x1", "t"):
        page.get_by_role("checkbox", name=f"Update {name}", exact=True).uncheck()
    page.get_by_label("Learning rate", exact=True).fill("0.1")
    # By hand: o = 0.5·1 + (-0.3)·2 = -0.1, δ = t - o = 1.1, ∂E/∂w_i = -δ·x_i.
    alpha, w0, w1, x0, x1, t = 0.1, 0.5, -0.3, 1.0, 2.0, 1.0
    for step in (1, 2):
        delta = t - (w0 * x0 + w1 * x1)
        grads = (-delta * x0, -delta * x1)
        new = (w0 - alpha * grads[0], w1 - alpha * grads[1])
        loss_after = 0.5 * (t - (new[0] * x0 + new[1] * x1)) ** 2
        page.get_by_role("button", name="Take a gradient step").click()
        expect(page.locator(".descent")).to_have_attribute("data-steps", str(step))
        expect(page.locator("g.step-card[data-param]")).to_have_count(2)
        for name, w, g, n in (("w0", w0, grads[0], new[0]), ("w1", w1, grads[1], new[1])):
            assert card_numbers(page, name) == pytest.approx((w, g, n))
        assert float(page.get_by_label("w0", exact=True).input_value()) == pytest.approx(new[0])
        assert float(page.get_by_label("w1", exact=True).input_value()) == pytest.approx(new[1])
        assert float(page.get_by_label("x0", exact=True).input_value()) == x0  # not a parameter
        loss = page.locator("g.loss-card")
        assert float(loss.get_attribute("data-before")) == pytest.approx(0.5 * delta**2)
        assert float(loss.get_attribute("data-after")) == pytest.approx(loss_after)
        wait_ready(page)
        assert output_of(page) == pytest.approx(loss_after)
        if step == 1:
            assert (*new, loss_after) == pytest.approx((0.61, -0.08, 0.15125))
            expect(page.locator("g.step-card[data-param='w0']")).to_contain_text(
                "new w0 = 0.5 − 0.1 × (-1.1) = 0.61"
            )
            screenshot("gradient-step-overlay")
        w0, w1 = new
    # Undo goes back one step at a time, to the example's values.
    page.get_by_role("button", name="Undo step").click()
    expect(page.get_by_label("w0", exact=True)).to_have_value("0.61")
    page.get_by_role("button", name="Undo step").click()
    expect(page.get_by_label("w0", exact=True)).to_have_value("0.5")
    expect(page.get_by_label("w1", exact=True)).to_have_value("-0.3")
    wait_ready(page)
    assert output_of(page) == pytest.approx(0.605)
    expect(page.locator("g.step-card")).to_have_count(0)
    expect(page.get_by_role("button", name="Undo step")).to_be_disabled()
    # Editing a value by hand takes the step cards off the graph.
    page.get_by_role("button", name="Take a gradient step").click()
    expect(page.locator("g.step-card[data-param]")).to_have_count(2)
    page.get_by_label("t", exact=True).fill("2")
    wait_ready(page)
    expect(page.locator("g.step-card")).to_have_count(0)
    assert console_errors == []
