"""The README's graph-view screenshots, made in headless Chromium against a live app.

Run: .venv/bin/python bench/screenshots.py [--out docs]
Writes screenshot-series.png (a 300-statement unrolled loop: one series node, mid-backward),
screenshot-big.png (the same loop with its series opened, at Fit, then Follow mid-backward),
screenshot-present.png (presentation mode at 1920x1080) and screenshot-narrow.png (390x844).
"""

from __future__ import annotations

import argparse
import json
import urllib.parse
from pathlib import Path

from playwright.sync_api import sync_playwright

from _browser import launch, serve
from frontend_layout import fanout_chain, series_name


def hash_for(program: str, values: dict, **flags: str) -> str:
    return "#" + urllib.parse.urlencode(
        {"expr": program, "values": json.dumps(values), "step": "0", **flags}
    )


def shoot(browser, url: str, path: Path, size: tuple[int, int], keys: list[str], fit=False):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.goto(url)
    page.locator("body[data-status=ready]").wait_for(state="attached", timeout=60_000)
    page.locator(".cr-view .narration").click()
    for key in keys:
        page.keyboard.press(key)
        page.wait_for_timeout(60)
    page.wait_for_timeout(900)  # Follow's glide and the particles settle
    if fit:
        page.get_by_role("button", name="Fit").click()
        page.wait_for_timeout(600)
    page.screenshot(path=str(path))
    context.close()
    print(f"wrote {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="docs", type=Path)
    args = parser.parse_args()
    program, values = fanout_chain(300)
    with serve() as base, sync_playwright() as p:
        browser = launch(p)
        collapsed = base + "/" + hash_for(program, values)
        keys = ["End"] + ["ArrowLeft"] * 3
        shoot(browser, collapsed, args.out / "screenshot-series.png", (1400, 900), keys)
        opened = json.dumps([series_name(program, values, "a2")])
        big = base + "/" + hash_for(program, values, open=opened)
        shoot(browser, big, args.out / "screenshot-big.png", (1400, 900), ["End"], fit=True)
        shoot(
            browser,
            big,
            args.out / "screenshot-big-follow.png",
            (1400, 900),
            ["End"] + ["ArrowLeft"] * 3,
        )
        branch = hash_for("x*y + x", {"x": 3, "y": -4}, present="1")
        shoot(
            browser,
            base + "/" + branch,
            args.out / "screenshot-present.png",
            (1920, 1080),
            ["ArrowRight"] * 4,
        )
        shoot(
            browser, base + "/", args.out / "screenshot-narrow.png", (390, 844), ["ArrowRight"] * 3
        )
        browser.close()


if __name__ == "__main__":
    main()
