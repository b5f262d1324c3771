"""End-to-end: program errors, lost connections, examples, the inspector and exports."""

from __future__ import annotations

from playwright.sync_api import expect

from .app import api_trace, enter_program, open_app, wait_for_output


def test_syntax_error_shows_line_and_column_and_keeps_the_text(
    page, live_server, console_errors, screenshot
):
    open_app(page, live_server)
    program = "q = x + y\nf = q * * z"
    page.get_by_label("Expression", exact=True).fill(program)
    error = page.locator("#program-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("Line 2, column 9")
    expect(page.locator("mark.error-mark")).to_have_text("*")
    expect(page.get_by_label("Expression", exact=True)).to_have_value(program)
    expect(page.get_by_label("Expression", exact=True)).to_have_attribute("aria-invalid", "true")
    screenshot("syntax-error")
    # Fixing the text clears the error and draws the graph.
    page.get_by_label("Expression", exact=True).fill("q = x + y\nf = q * z")
    wait_for_output(
        page, -12, "q = x + y\nf = q * z"
    )  # the default program's values (x=-2, y=5, z=-4) are remembered
    expect(error).to_be_hidden()
    # The only console errors are the browser's own notes about the 422 responses.
    assert all("422" in e for e in console_errors), console_errors


def test_lost_connection_shows_a_message_and_keeps_the_input(page, live_server):
    open_app(page, live_server)
    page.route("**/api/v1/graph", lambda route: route.abort())
    page.get_by_label("Expression", exact=True).fill("x * y")
    expect(page.locator(".graph-wrap .status")).to_contain_text("Cannot reach the chainrule server")
    expect(page.get_by_label("Expression", exact=True)).to_have_value("x * y")
    page.unroute("**/api/v1/graph")
    page.get_by_label("x", exact=True).fill("2")
    expect(page.locator(".graph-wrap .status")).not_to_contain_text("Cannot reach")


def test_examples_menu_and_inspector(page, live_server, console_errors):
    open_app(page, live_server)
    page.get_by_label("Examples").select_option("neuron-sigmoid")
    expect(page.get_by_label("Expression", exact=True)).to_have_value("sigmoid(w0*x0 + w1*x1 + w2)")
    expect(page.get_by_label("w0", exact=True)).to_have_value("2")
    trace = api_trace(
        live_server,
        "sigmoid(w0*x0 + w1*x1 + w2)",
        {"w0": 2, "x0": -1, "w1": -3, "x1": -2, "w2": -3},
    )
    wait_for_output(page, trace["output"]["value"], "sigmoid(w0*x0 + w1*x1 + w2)")
    page.get_by_role("button", name="End").click()
    page.locator("g.node.op-sigmoid").click()
    inspector = page.get_by_role("complementary", name="Inspector")
    expect(inspector).to_be_visible()
    expect(inspector.locator(".katex").first).to_be_visible()
    expect(inspector).to_contain_text("upstream")
    page.keyboard.press("Escape")
    expect(inspector).to_be_hidden()
    assert console_errors == []


def test_exports_download_svg_png_and_trace(page, live_server, console_errors):
    open_app(page, live_server)
    enter_program(page, "x * x", {"x": 3})
    wait_for_output(page, 9, "x * x")
    for name, suffix in (("SVG", ".svg"), ("PNG", ".png"), ("Trace JSON", ".json")):
        with page.expect_download() as info:
            page.get_by_role("button", name=name).click()
        download = info.value
        assert download.suggested_filename.endswith(suffix)
        assert download.path().stat().st_size > 100
    assert console_errors == []
