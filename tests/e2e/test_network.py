"""End-to-end: network mode — the lecture's 3-4-2 net at both granularities, units, reload."""

from __future__ import annotations

import math
import re

import pytest
from playwright.sync_api import Page, expect

from .app import api, js_number, open_app, wait_ready

LECTURE = "two-layer-net-network"
UNIT3 = "hidden 1 · unit 3"


def lecture_spec(base_url: str) -> dict:
    return next(e for e in api(base_url, "examples") if e["id"] == LECTURE)["network"]


def wait_network(page: Page, trace: dict, granularity: str) -> None:
    """Waits until the page shows `trace` (same loss) at `granularity`."""
    body = page.locator("body")
    expect(body).to_have_attribute("data-granularity", granularity)
    expect(body).to_have_attribute("data-output", js_number(trace["output"]["value"]))
    wait_ready(page)


def pick_lecture(page: Page, base_url: str, granularity: str = "layer") -> dict:
    """Chooses the lecture net from the examples menu (switching to Network mode)."""
    page.get_by_label("Examples").select_option(LECTURE)
    expect(page.get_by_role("tab", name="Network mode")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_label("Layer sizes", exact=True)).to_have_value("3, 4, 2")
    if granularity == "neuron":
        page.get_by_label("Neuron", exact=True).check()
    trace = api(base_url, "network", {**lecture_spec(base_url), "granularity": granularity})
    wait_network(page, trace, granularity)
    return trace


def shown_numbers(text: str) -> list[float]:
    """A displayed value: a number or a short vector `[0.7, 1.55, -0.05, 0.15]`."""
    return [float(t) for t in text.strip("[]").split(",")]


def node(page: Page, trace: dict, label: str):
    node_id = next(n["id"] for n in trace["nodes"] if n["label"] == label)
    return page.locator(f'g.node[data-node-id="{node_id}"]')


def test_layer_granularity_steps_and_the_w1_heatmap_matches_the_api(
    page, live_server, console_errors, screenshot
):
    open_app(page, live_server)
    trace = pick_lecture(page, live_server, "layer")
    assert trace["output"]["value"] == pytest.approx(2.23925)
    expect(node(page, trace, "W1").locator("text.shape-tag")).to_have_text("4×3")
    total = len(trace["steps"])
    forward = page.get_by_role("button", name="Step forward")
    for k, step in enumerate(trace["steps"], start=1):
        forward.click()
        expect(page.locator(".cr-view .step-counter")).to_contain_text(f"Step {k} of {total}")
        shown = page.locator(f'g.node[data-node-id="{step["node"]}"]')
        if step["phase"] == "forward":
            want = step["value"] if isinstance(step["value"], list) else [step["value"]]
            assert shown_numbers(shown.get_attribute("data-value")) == pytest.approx(want, abs=5e-3)
        else:
            expect(shown).to_have_class(re.compile(r"\bactive\b"))
            expect(shown).to_have_class(re.compile(r"\bhas-grad\b"))
    expect(forward).to_be_disabled()
    # A matrix's wire shows its size as a norm (its shape is on the node): ‖W1‖ and ‖∂E/∂W1‖.
    w1 = next(n for n in trace["nodes"] if n["label"] == "W1")
    w1_edge = next(e["id"] for e in trace["edges"] if e["source"] == w1["id"])
    wire = page.locator(f'g.edge[data-edge-id="{w1_edge}"]')
    frobenius = lambda m: math.sqrt(sum(x * x for row in m for x in row))  # noqa: E731
    expect(wire.locator("text.wire-value")).to_have_text(f"‖·‖ = {frobenius(w1['value']):.3g}")
    expect(wire.locator("text.wire-grad")).to_have_text(f"‖·‖ = {frobenius(w1['grad']):.3g}")
    node(page, trace, "W1").click()
    inspector = page.get_by_role("complementary", name="Inspector")
    expect(inspector).to_contain_text("input W1")
    grad_map = inspector.locator("figure.kind-grad")
    expect(grad_map.locator("g.cell")).to_have_count(12)
    for i, row in enumerate(trace["gradients"]["W1"]):
        for j, g in enumerate(row):
            cell = grad_map.locator(f'g.cell[data-index="{i + 1},{j + 1}"]')
            assert float(cell.get_attribute("data-value")) == pytest.approx(g, abs=1e-12)
    expect(grad_map.locator('g.cell[data-index="2,3"] title')).to_have_text("∂E/∂W1[2,3] = 2.236")
    screenshot("network-tensor-heatmap")
    # The @ gate shows the matrix form of its local derivative: ∂E/∂W1 = G xᵀ, ∂E/∂x = W1ᵀ G.
    # From the keyboard: the open inspector may cover z1 on screen (a click there would land on it).
    node(page, trace, "z1").focus()
    page.keyboard.press("Enter")
    expect(inspector).to_contain_text("Local derivative (matrix form)")
    # Two rules, then (the backward pass done) the same two products with the actual matrices.
    expect(inspector.locator(".katex")).to_have_count(4)
    assert "⊤" in inspector.locator(".katex").first.inner_text()
    expect(inspector).to_contain_text("∂E/∂W1 = G·xᵀ : (4×1)·(1×3) → 4×3")
    assert console_errors == []


def test_neuron_granularity_collapse_expand_while_stepping(
    page, live_server, console_errors, screenshot
):
    open_app(page, live_server)
    trace = pick_lecture(page, live_server, "neuron")
    steps = trace["steps"]
    by_id = {n["id"]: n for n in trace["nodes"]}
    unit1 = page.locator('g.node[data-node-id="group:hidden 1 · unit 1"]')
    expect(page.locator("g.node.kind-group")).to_have_count(4 + 2 + 1)
    expect(page.locator("g.frame")).to_have_count(0)
    screenshot("network-collapsed")
    # Forward until h1[1] is computed: inner steps light the unit, its value appears with h1[1].
    h1_1 = next(k for k, s in enumerate(steps, 1) if by_id[s["node"]]["label"] == "h1[1]")
    page.locator(".cr-view .narration").click()
    for k in range(1, h1_1 + 1):
        page.keyboard.press("ArrowRight")
        if k == 1:
            expect(unit1).to_have_class(re.compile(r"\bactive\b"))
            expect(unit1).to_have_attribute("data-value", "")
            expect(unit1.locator("text.inner-step")).to_have_text("W1[1,1]·x[1] = 0.1")
    expect(page.locator(".cr-view .step-counter")).to_contain_text(f"Step {h1_1} of {len(steps)}")
    expect(unit1).to_have_attribute("data-value", "0.7")
    # Expand unit 3 mid-forward (Fit first: Follow has zoomed in on unit 1): same step, its gates
    # appear, stepping goes on inside the frame.
    page.get_by_role("button", name="Fit").click()
    page.get_by_role("button", name=f"Expand {UNIT3}").click()
    expect(page.locator(f'g.frame[data-group="{UNIT3}"]')).to_have_count(1)
    expect(page.locator(".cr-view .step-counter")).to_contain_text(f"Step {h1_1} of {len(steps)}")
    w32 = node(page, trace, "W1[3,2]")
    expect(w32).to_have_attribute("data-value", "0.25")
    screenshot("network-neuron-expanded")
    page.get_by_role("button", name="End").click()
    expected = trace["gradients"]["W1"][2][1]
    assert float(w32.get_attribute("data-grad")) == pytest.approx(expected, abs=1e-3)
    # Collapse it again and step backward through the end: numbers stay those of the API.
    page.get_by_role("button", name="Fit").click()
    page.get_by_role("button", name=f"Collapse {UNIT3}").click()
    expect(page.locator("g.frame")).to_have_count(0)
    page.get_by_role("button", name="Step back").click()
    page.get_by_role("button", name="Step forward").click()
    expect(page.locator(".cr-view .step-counter")).to_contain_text(
        f"Step {len(steps)} of {len(steps)}"
    )
    x1_grad = float(node(page, trace, "x[1]").get_attribute("data-grad"))
    assert x1_grad == pytest.approx(trace["gradients"]["x"][0], abs=1e-3)
    # The collapsed unit's inspector lists its weights with the API's gradients.
    page.get_by_role("button", name="Fit").click()
    page.locator('g.node[data-node-id="group:hidden 1 · unit 2"]').click()
    inspector = page.get_by_role("complementary", name="Inspector")
    for i in range(3):
        row = inspector.locator(f'tr[data-param="W1[2,{i + 1}]"] td.grad')
        assert float(row.inner_text()) == pytest.approx(trace["gradients"]["W1"][1][i], abs=1e-3)
    page.get_by_role("button", name="Expand all").click()
    expect(page.locator("g.frame")).to_have_count(7)
    page.get_by_role("button", name="Collapse all").click()
    expect(page.locator("g.frame")).to_have_count(0)
    assert console_errors == []


def test_network_state_survives_a_reload_and_errors_keep_the_form(
    page, live_server, console_errors
):
    open_app(page, live_server)
    trace = pick_lecture(page, live_server, "neuron")
    page.get_by_role("button", name=f"Expand {UNIT3}").click()
    expect(page.locator(f'g.frame[data-group="{UNIT3}"]')).to_have_count(1)
    for _ in range(5):
        page.get_by_role("button", name="Step forward").click()
    expect(page.locator(".cr-view .step-counter")).to_contain_text("Step 5 of")
    page.reload()
    wait_network(page, trace, "neuron")
    expect(page.get_by_role("tab", name="Network mode")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_label("Neuron", exact=True)).to_be_checked()
    expect(page.get_by_label("Bias", exact=True)).not_to_be_checked()
    expect(page.locator(f'g.frame[data-group="{UNIT3}"]')).to_have_count(1)
    expect(page.locator(".cr-view .step-counter")).to_contain_text("Step 5 of")
    # A wider hidden layer: the lecture's weights no longer fit. The message names them and
    # what was typed stays.
    page.get_by_label("Layer sizes", exact=True).fill("3, 5, 2")
    error = page.locator("#net-error")
    expect(error).to_contain_text("weights.W1 has shape (4, 3)")
    expect(page.get_by_label("Layer sizes", exact=True)).to_have_value("3, 5, 2")
    expect(page.get_by_label("Weights", exact=True)).to_have_attribute("aria-invalid", "true")
    page.get_by_role("button", name="Draw from seed").click()
    expect(error).to_be_hidden()
    # Five hidden units now; unit 3 stays expanded (a frame), the others are one node each.
    expect(page.locator("g.node.kind-group")).to_have_count(5 + 2 + 1 - 1)
    expect(page.locator(f'g.frame[data-group="{UNIT3}"]')).to_have_count(1)
    # An unreadable field is caught before the request.
    page.get_by_label("Input x", exact=True).fill("0.5, oops, 1")
    expect(error).to_contain_text("Input x: “oops” is not a number")
    expect(page.get_by_label("Input x", exact=True)).to_have_value("0.5, oops, 1")
    # Back to Expression mode: the program is where it was.
    page.get_by_role("tab", name="Expression mode").click()
    expect(page.get_by_label("Expression", exact=True)).to_be_visible()
    wait_ready(page)
    assert all("422" in e for e in console_errors), console_errors


def test_tensor_branches_sum_their_contributions(page, live_server, console_errors):
    open_app(page, live_server)
    page.get_by_label("Expression", exact=True).fill("f = sum(W @ x + x)")
    page.get_by_label("W", exact=True).fill("[[1, 2], [3, 4]]")
    page.get_by_label("x", exact=True).fill("[1, -1]")
    expect(page.locator("body")).to_have_attribute("data-output", "-2")
    wait_ready(page)
    page.get_by_role("button", name="End").click()
    badge = page.locator('g.node[data-node-id="n1"] .sum-text')
    expect(badge).to_have_text("∂ = [1, 1] + [4, 6] = [5, 7]")
    # A matrix feeding two consumers is summarised: how many contributions, and the norm.
    page.get_by_label("Expression", exact=True).fill("f = sum(W @ W)")
    expect(page.locator("body")).to_have_attribute("data-output", "54")
    wait_ready(page)
    page.get_by_role("button", name="End").click()
    expect(page.locator('g.node[data-node-id="n0"] .sum-text')).to_contain_text(
        "Σ of 2 contributions, ‖∂‖ ="
    )
    # Tensor inputs are edited as text, one matrix row per line.
    expect(page.get_by_label("W", exact=True)).to_have_value("[[1, 2],\n [3, 4]]")
    assert all("422" in e for e in console_errors), console_errors
