"""End-to-end: the forms offer the server's activations (GET /api/v1/ops), not their own list."""

from __future__ import annotations

import json

from playwright.sync_api import expect

from .app import api, open_app

# An activation the frontend has never heard of, added to the registry's answer.
SOFTPLUS = {
    "name": "softplus", "symbol": "softplus", "arity": 1, "syntax": "call",
    "spellings": ["softplus"], "latex": ["\\frac{\\partial}{\\partial a} = \\sigma(a)"],
    "vjp_latex": [], "expression_latex": "\\log(1 + e^a)", "pattern": "", "description": "",
    "elementwise": True, "role": "activation", "class_off": 0.0, "undefined_where": "",
}  # fmt: skip


def options(select) -> list[str]:
    return select.locator("option").evaluate_all("(os) => os.map((o) => o.value)")


def test_the_forms_list_the_registry_activations_and_a_new_one(page, live_server, console_errors):
    def with_softplus(route):
        response = route.fetch()
        route.fulfill(response=response, body=json.dumps([*response.json(), SOFTPLUS]))

    page.route("**/api/v1/ops", with_softplus)
    served = sorted(op["name"] for op in api(live_server, "ops") if op["role"] == "activation")
    expected = sorted([*served, "softplus"]) + ["linear"]
    open_app(page, live_server)
    page.get_by_role("tab", name="Network mode").click()
    for label in ("Hidden activation", "Output activation"):
        select = page.get_by_label(label, exact=True)
        expect(select).to_be_visible()
        page.wait_for_function(
            "(s) => [...s.options].some((o) => o.value === 'softplus')", arg=select.element_handle()
        )
        assert options(select) == expected, label
    # This server's registry has no softplus: choosing it gets the server's answer, on its field.
    page.get_by_label("Output activation", exact=True).select_option("softplus")
    expect(page.locator("#net-error")).to_contain_text("output_activation: Input should be 'relu'")
    expect(page.get_by_label("Output activation", exact=True)).to_have_attribute(
        "aria-invalid", "true"
    )

    page.get_by_role("tab", name="Training").click()
    panel = page.get_by_role("main", name="Training")
    assert options(panel.get_by_label("Activation", exact=True)) == expected
    output = panel.get_by_label("Output layer and loss")
    assert options(output) == [*expected, "softmax"]
    labels = output.locator("option").all_text_contents()
    assert "softplus, squared error" in labels and labels[-1] == "softmax, cross-entropy"
    expect(output).to_have_value("tanh")  # xor's preset, kept when the list arrived
    assert all("422" in e for e in console_errors), console_errors  # only the refused spec
