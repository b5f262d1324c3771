"""/docs and /redoc render offline, under the app's CSP, with no console errors."""

from __future__ import annotations

import pytest

REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
PAGES = [
    ("/docs", ".opblock-summary-path", "/api/v1/graph"),
    ("/redoc", "h2", "Trace a program"),
]


@pytest.mark.parametrize(("path", "selector", "text"), PAGES)
def test_the_api_docs_render_offline(
    page, live_server, console_errors, screenshot, path, selector, text
):
    outside: list[str] = []
    page.on(
        "requestfinished",
        lambda r: (
            outside.append(r.url) if not r.url.startswith((live_server, "data:", "blob:")) else None
        ),
    )
    page.goto(live_server + path)
    page.locator(selector, has_text=text).first.wait_for(timeout=20_000)
    screenshot(f"api-docs{path.replace('/', '-')}")
    assert outside == [], "everything the docs load comes from this server"
    # ReDoc's sidebar always asks for its maker's logo from a CDN; the CSP refuses it (and
    # ReDoc then hides the image). Nothing else may fail.
    assert [e for e in console_errors if REDOC_LOGO not in e] == []
