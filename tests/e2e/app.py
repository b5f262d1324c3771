"""Helpers that drive the chainrule page the way a person does: by labels, roles and keys."""

from __future__ import annotations

import json
import urllib.request

from playwright.sync_api import Page, expect


def api(base_url: str, path: str, body: dict | None = None):
    """POST a JSON body (or GET, without one) to /api/v1/<path>: the numbers the page must show."""
    request = urllib.request.Request(
        f"{base_url}/api/v1/{path}",
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def api_trace(base_url: str, expression: str, values: dict) -> dict:
    """The API's own trace for a program, to compare the page against."""
    return api(base_url, "graph", {"expression": expression, "values": values})


def js_number(value: float) -> str:
    """A number as JavaScript's String() writes it (both use the shortest round-trip form)."""
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)


def wait_ready(page: Page) -> None:
    """Waits until the page has drawn a trace (not wait_for_function: the CSP forbids eval)."""
    expect(page.locator("body")).to_have_attribute("data-status", "ready")


def open_app(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/")
    wait_ready(page)


def wait_for_output(page: Page, value: float, expression: str | None = None) -> None:
    """Waits until the page shows the trace of `expression` (if given) whose output is `value`."""
    body = page.locator("body")
    if expression is not None:
        expect(body).to_have_attribute("data-expression", expression)
    expect(body).to_have_attribute("data-output", js_number(value))
    wait_ready(page)


def enter_program(page: Page, expression: str, values: dict) -> None:
    """Types a program into "Expression" and each input's value into the field named after it."""
    page.get_by_label("Expression", exact=True).fill(expression)
    for name, value in values.items():
        field = page.get_by_label(name, exact=True)
        expect(field).to_be_visible()
        field.fill(str(value))


def wire_texts(page: Page, edge_id: str) -> tuple[str, str]:
    """The value above and the gradient below one wire, as displayed."""
    edge = page.locator(f'g.edge[data-edge-id="{edge_id}"]')
    return edge.locator("text.wire-value").text_content(), edge.locator(
        "text.wire-grad"
    ).text_content()


def expected_after(trace: dict, k: int) -> dict:
    """What must be on each wire after k steps, computed from the API trace independently of JS."""
    nodes = {n["id"]: n for n in trace["nodes"]}
    known = {n["id"] for n in trace["nodes"] if n["kind"] != "op"}
    sent: dict[str, float] = {}
    output_grad = None
    for step in trace["steps"][:k]:
        if step["phase"] == "forward":
            known.add(step["node"])
        else:
            if step["node"] == trace["output"]["node"]:
                output_grad = step["grad"]
            for c in step["contributions"]:
                sent[c["edge"]] = c["grad"]
    done = k >= len(trace["steps"])
    wires = {}
    for e in trace["edges"]:
        value = nodes[e["source"]]["value"] if e["source"] in known else None
        grad = sent.get(e["id"], e["grad"] if done else None)
        wires[e["id"]] = (value, grad)
    out = trace["output"]["node"]
    wires["__output_edge"] = (nodes[out]["value"] if out in known else None, output_grad)
    return wires


def shown_number(text: str) -> float | None:
    """Reads a displayed wire number; "?" (not computed yet) is None."""
    return None if text.strip() == "?" else float(text)
