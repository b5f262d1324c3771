"""End-to-end (issue 11): the Training view before its first run, after a data set change, and
its figures exported as real images."""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

from playwright.sync_api import expect

from .test_training import open_training


def png_facts(path: Path) -> tuple[int, int, int]:
    """(width, height, distinct bytes in the decoded scanlines): a blank image has very few."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    chunks, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind = data[at + 4 : at + 8]
        if kind == b"IDAT":
            chunks.append(data[at + 8 : at + 8 + length])
        at += 12 + length
    raw = zlib.decompress(b"".join(chunks))
    return width, height, len(set(raw))


def save(page, button, tmp_path: Path, name: str) -> Path:
    with page.expect_download() as download:
        button.click()
    path = tmp_path / name
    download.value.save_as(path)
    return path


def test_before_the_first_run_the_data_is_drawn_and_the_axes_do_not_overlap(
    page, live_server, console_errors, screenshot
):
    panel = open_training(page, live_server)
    expect(panel).to_have_attribute("data-preview", "xor")
    surface = panel.locator("canvas.surface-canvas")
    expect(surface).to_have_attribute(
        "aria-label",
        re.compile(r"^Decision surface after step 0: .*; 4 training points\.$"),
    )
    expect(panel.locator("figcaption.surface-caption")).to_contain_text(
        "Before training: the 4 points of xor"
    )
    chart = panel.locator("svg.loss-chart")
    step_box = chart.locator("text.axis-label", has_text="step").bounding_box()
    loss_box = chart.locator("text.axis-label", has_text="loss").bounding_box()
    overlap_x = min(step_box["x"] + step_box["width"], loss_box["x"] + loss_box["width"]) - max(
        step_box["x"], loss_box["x"]
    )
    overlap_y = min(step_box["y"] + step_box["height"], loss_box["y"] + loss_box["height"]) - max(
        step_box["y"], loss_box["y"]
    )
    assert overlap_x <= 0 or overlap_y <= 0, (step_box, loss_box)
    expect(chart.locator("circle.loss-dot")).to_be_hidden()
    screenshot("training-before-first-run")
    assert console_errors == []


def test_changing_the_data_set_resets_the_scrubber_with_the_counter(page, live_server):
    panel = open_training(page, live_server)
    panel.get_by_role("button", name="Train", exact=True).click()
    expect(panel).to_have_attribute("data-state", "done", timeout=30_000)
    scrubber = panel.get_by_label("Training step")
    expect(scrubber).to_have_value("500")
    panel.get_by_label("Dataset").select_option("circle")
    expect(panel.locator(".train-counter")).to_have_text("Step 0 · not trained yet")
    expect(scrubber).to_have_value("0")
    expect(scrubber).to_have_attribute("max", "0")
    expect(panel).to_have_attribute("data-preview", "circle")


def test_the_loss_curve_and_decision_surface_export_as_real_pngs(page, live_server, tmp_path):
    panel = open_training(page, live_server)
    panel.get_by_role("button", name="Train", exact=True).click()
    expect(panel).to_have_attribute("data-state", "done", timeout=30_000)
    loss = png_facts(
        save(page, panel.get_by_role("button", name="PNG of the loss curve"), tmp_path, "l.png")
    )
    surface = png_facts(
        save(
            page, panel.get_by_role("button", name="PNG of the decision surface"), tmp_path, "s.png"
        )
    )
    both = png_facts(
        save(page, page.get_by_role("button", name="PNG", exact=True), tmp_path, "b.png")
    )
    for width, height, distinct in (loss, surface, both):
        assert width > 200 and height > 200, (width, height)  # not the blank 64x64 of before
        assert distinct > 40, "the image has content, not one colour"
    assert both[0] > both[1], "the header's PNG holds both figures side by side"
