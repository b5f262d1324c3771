"""Accessibility (issue 11): axe-core finds no serious or critical violation on the expression,
network and training views (axe from npm, injected with the page's CSP bypassed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from .app import wait_ready

AXE = Path(__file__).resolve().parents[2] / "frontend" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def audit_page(browser, live_server):
    """A page in a context whose CSP is bypassed, so axe's script can be injected."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make setup` (npm ci installs axe-core)")
    context = browser.new_context(bypass_csp=True, viewport={"width": 1400, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def serious(page) -> list[str]:
    """Runs axe on the page; 'rule: impact (n nodes: selectors)' for each serious/critical one."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']}: {v['impact']} ({len(v['nodes'])} nodes: "
        f"{', '.join(str(n['target']) for n in v['nodes'][:4])})"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_expression_view_has_no_serious_violation(audit_page, live_server):
    page = audit_page
    page.goto(f"{live_server}/")
    wait_ready(page)
    page.get_by_label("Examples").select_option("neuron-sigmoid")
    wait_ready(page)
    page.get_by_role("button", name="End").click()
    page.locator("g.node.op-sigmoid").click()  # the inspector open, with its formulas
    expect(page.locator(".inspector")).to_be_visible()
    page.get_by_role("button", name="Check gradients").click()  # the table that scrolls
    expect(page.get_by_role("region", name="Gradient check")).to_have_attribute(
        "data-state", "ready"
    )
    page.get_by_role("button", name="Predict", exact=True).click()
    assert serious(page) == []


def test_network_view_has_no_serious_violation(audit_page, live_server):
    page = audit_page
    page.goto(f"{live_server}/")
    wait_ready(page)
    page.get_by_role("tab", name="Network").click()
    wait_ready(page)
    page.get_by_role("button", name="Step forward").click()
    assert serious(page) == []


def test_training_view_has_no_serious_violation(audit_page, live_server):
    page = audit_page
    page.goto(f"{live_server}/")
    wait_ready(page)
    page.get_by_role("tab", name="Training").click()
    panel = page.get_by_role("main", name="Training")
    expect(panel).to_have_attribute("data-preview", "xor")
    assert serious(page) == []


def test_a_narrow_screen_with_the_gradient_check_open_has_no_serious_violation(
    audit_page, live_server
):
    page = audit_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/")
    wait_ready(page)
    page.get_by_role("button", name="Program").click()  # the drawer with the program and tools
    page.get_by_role("button", name="Check gradients").click()
    expect(page.get_by_role("region", name="Gradient check")).to_have_attribute(
        "data-state", "ready"
    )
    table = page.get_by_role("region", name="Analytic and numerical gradients, per input")
    assert table.evaluate("t => t.scrollWidth > t.clientWidth"), "the table scrolls here"
    assert serious(page) == []
