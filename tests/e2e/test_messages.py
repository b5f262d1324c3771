"""End-to-end regressions for the messages of issue 11: each seen wrong on screen, now right."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .app import api_trace, open_app, wait_for_output, wait_ready, wire_texts
from .test_gradients import open_program

TWO_LAYER = "h = max(0, W1 @ x)\no = W2 @ h\nE = 0.5 * sum((t - o)^2)"
TWO_LAYER_VALUES = {
    "W1": [[0.2, -0.5, 0.1], [1.5, 1.3, 2.1], [0.0, 0.25, 0.2], [-0.3, 0.4, 0.7]],
    "x": [1.0, -2.0, 0.5],
    "W2": [[0.5, -1.0, 0.3, 0.8], [-0.2, 0.4, 1.1, -0.6]],
    "t": [1.0, 0.0],
}


def narration(page):
    return page.locator(".cr-view .narration")


def tex_sources(locator) -> str:
    """The TeX KaTeX rendered inside a locator (its MathML annotations), joined."""
    return " | ".join(locator.locator("annotation").all_text_contents())


def test_an_input_field_that_does_not_read_says_so_and_keeps_the_graph(
    page, live_server, console_errors, screenshot
):
    open_program(page, live_server, "x * y", {"x": 3, "y": -4})
    wait_for_output(page, -12, "x * y")
    field = page.get_by_label("x", exact=True)
    field.fill("abc")
    expect(field).to_have_attribute("aria-invalid", "true")
    message = page.get_by_role("alert").filter(has_text="is not a number")
    expect(message).to_contain_text("x “abc” is not a number")
    expect(message).to_contain_text("The graph keeps the last value that read")
    page.wait_for_timeout(400)  # past the recompute debounce: nothing was sent
    assert page.locator("body").get_attribute("data-output") == "-12"
    screenshot("input-not-a-number")
    field.fill("2")
    wait_for_output(page, -8, "x * y")
    expect(field).not_to_have_attribute("aria-invalid", "true")
    expect(message).to_be_hidden()
    assert console_errors == []


def test_an_unclosed_paren_is_reported_at_the_paren(page, live_server):
    open_app(page, live_server)
    page.get_by_label("Expression", exact=True).fill("(x + 1\nf = 2")
    error = page.locator("#program-error")
    expect(error).to_contain_text("Line 1, column 1: unclosed '('")
    expect(error).not_to_contain_text("expected an operator")
    expect(page.locator("mark.error-mark")).to_have_text("(")


def test_narration_shows_operands_once_and_names_gates_apart(page, live_server, console_errors):
    open_app(page, live_server)
    page.get_by_label("Examples").select_option("neuron")
    wait_ready(page)
    page.get_by_role("button", name="Reset").click()
    steps = [None]
    for _ in range(16):
        page.get_by_role("button", name="Step forward").click()
        steps.append(narration(page).inner_text())
    assert steps[5] == "Forward: −(1) = -1."
    assert steps[6] == "Forward: exp(-1) = 0.3679."
    assert "((" not in " ".join(steps[1:9])
    assert re.search(
        r"sent to the × gate computing w0 × x0; .*sent to the × gate computing w1 × x1\.", steps[14]
    )
    assert console_errors == []


def test_log_of_a_negative_number_says_why_it_is_nan(page, live_server, console_errors):
    open_program(page, live_server, "log(x)", {"x": -1})
    expect(page.locator("body")).to_have_attribute("data-output", "NaN")
    wait_ready(page)
    page.get_by_role("button", name="Step forward").click()
    expect(narration(page)).to_contain_text(
        "log(-1) = NaN. The log of a negative number is undefined"
    )
    page.locator("g.node.op-log").click()
    expect(page.locator(".inspector")).to_contain_text("why NaN")
    expect(page.locator(".inspector")).to_contain_text("the log of a negative number is undefined")
    assert console_errors == []


def test_the_sigma_inspector_names_its_input_and_fills_in_the_numbers(page, live_server):
    open_app(page, live_server)
    page.get_by_label("Examples").select_option("neuron-sigmoid")
    wait_ready(page)
    page.get_by_role("button", name="End").click()
    page.locator("g.node.op-sigmoid").click()
    inspector = page.locator(".inspector")
    expect(inspector).to_contain_text("With the numbers")
    sources = tex_sources(inspector)
    assert "a = 1" in sources
    assert "= +" not in sources and "\\text{+}" not in sources  # never the gate's symbol
    # One "= …" per line (aligned) to fit the panel: σ(a)(1 − σ(a)) = 0.7311 (1 − 0.7311) = 0.1966
    assert "&= 0.7311\\,(1 - 0.7311) \\\\ &= 0.1966" in sources


def test_layer_sizes_with_a_bad_entry_name_it(page, live_server):
    open_app(page, live_server)
    page.get_by_role("tab", name="Network").click()
    wait_ready(page)
    layers = page.get_by_label("Layer sizes")
    error = page.locator("#net-error")
    for text, words in (
        ("3, x, 3", "“x” is not a number (entry 2 of 3)"),
        ("3,,3", "entry 2 is empty"),
        ("3, x, 2", "“x” is not a number (entry 2 of 3)"),
    ):
        layers.fill(text)
        expect(error).to_contain_text(f"Layer sizes: {words}")
        expect(layers).to_have_attribute("aria-invalid", "true")
        expect(page.get_by_label("Target t")).not_to_have_attribute("aria-invalid", "true")


def test_a_gradient_step_ticks_parameters_rounds_and_keeps_the_gradients(
    page, live_server, console_errors
):
    open_app(page, live_server)
    page.get_by_label("Examples").select_option("delta-rule")
    wait_ready(page)
    params = page.get_by_role("group", name="Parameters")
    for name, ticked in (("w0", True), ("x0", False), ("w1", True), ("x1", False), ("t", False)):
        box = params.get_by_label(f"Update {name}", exact=True)
        (expect(box).to_be_checked if ticked else expect(box).not_to_be_checked)()
    page.get_by_role("button", name="End").click()
    page.get_by_role("button", name="Take a gradient step").click()
    # w1 = -0.3 - 0.1 · (-2.2) = -0.08 (the float is -0.07999999999999996); data stays put.
    expect(page.get_by_label("w1", exact=True)).to_have_value("-0.08")
    expect(page.get_by_label("w0", exact=True)).to_have_value("0.61")
    expect(page.get_by_label("x0", exact=True)).to_have_value("1")
    expect(page.get_by_label("t", exact=True)).to_have_value("1")
    counter = page.locator(".cr-view .step-counter")
    expect(counter).to_contain_text("Step 12 of 12")
    assert wire_texts(page, "e0")[1] != "?", "the gradients stay on the wires"
    assert console_errors == []


def test_a_tensor_program_with_scalars_says_what_to_type_and_drops_stale_parameters(
    page, live_server
):
    open_program(page, live_server, "(x + y) * z", {"x": -2, "y": 5, "z": -4})
    wait_for_output(page, -12, "(x + y) * z")
    params = page.get_by_role("group", name="Parameters")
    expect(params.get_by_label("Update z", exact=True)).to_be_visible()
    page.get_by_label("Expression", exact=True).fill("sum(W @ x)")
    error = page.locator("#program-error")
    expect(error).to_contain_text("@ needs a matrix or vector on each side")
    expect(error).to_contain_text("give W a value like [[1, 2], [3, 4]] and x a value like [1, 2]")
    expect(params.get_by_label("Update z", exact=True)).to_have_count(0)
    expect(params).to_contain_text("Fix the program to take a gradient step")


def test_the_tensor_inspector_writes_the_vjp_with_shapes(page, live_server, console_errors):
    open_program(page, live_server, TWO_LAYER, TWO_LAYER_VALUES)
    wait_ready(page)
    page.get_by_role("button", name="End").click()
    expect(narration(page)).to_contain_text("gives the 4×3 gradient of W1")
    page.locator('g.node[data-node-id="n3"]').click()  # W1 @ x
    inspector = page.locator(".inspector")
    expect(inspector).to_contain_text("∂E/∂W1 = G·xᵀ : (4×1)·(1×3) → 4×3")
    expect(inspector).to_contain_text("∂E/∂x = (W1)ᵀ·G : (3×4)·(4×1) → 3")
    assert "\\begin{bmatrix}" in tex_sources(inspector)
    assert console_errors == []


def test_heatmaps_show_every_tensor_of_an_expression_program(page, live_server, console_errors):
    open_program(page, live_server, TWO_LAYER, TWO_LAYER_VALUES)
    wait_ready(page)
    toggle = page.get_by_role("button", name="Heatmaps")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    strip = page.get_by_role("region", name="Tensor heatmaps")
    items = strip.locator(".tensor-item")
    trace = api_trace(live_server, TWO_LAYER, TWO_LAYER_VALUES)
    expect(items).to_have_count(sum(1 for n in trace["nodes"] if n["shape"]))  # every tensor node
    w1 = strip.locator('.tensor-item[data-node-id="n1"]')
    expect(w1.locator(".heatmap.kind-value .cell")).to_have_count(12)  # 4×3
    expect(w1).to_contain_text("gradient: ?")
    page.get_by_role("button", name="End").click()
    expect(w1.locator(".heatmap.kind-grad .cell")).to_have_count(12)
    # The cells hold the API's numbers: ∂E/∂W1[1,2] = δ1 · x2.
    cell = w1.locator('.heatmap.kind-grad .cell[data-index="1,2"]')
    assert float(cell.get_attribute("data-value")) == trace["gradients"]["W1"][0][1]
    assert console_errors == []
