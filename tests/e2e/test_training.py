"""End-to-end: the Training view: xor's loss falls, spiral's surface, snapshots opened as graphs."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .app import api, open_app, wait_ready


def open_training(page, base_url: str):
    open_app(page, base_url)
    page.get_by_role("tab", name="Training").click()
    panel = page.get_by_role("main", name="Training")
    expect(panel).to_be_visible()
    expect(page.get_by_role("main", name="Graph")).to_be_hidden()
    return panel


def number(panel, attribute: str) -> float:
    return float(panel.get_attribute(f"data-{attribute}"))


def test_xor_trains_and_the_loss_shown_falls(page, live_server, console_errors):
    panel = open_training(page, live_server)
    expect(panel.get_by_label("Dataset")).to_have_value("xor")
    panel.get_by_role("button", name="Train", exact=True).click()
    pause = panel.get_by_role("button", name="Pause training")
    expect(pause).to_be_visible()
    pause.click()
    expect(panel).to_have_attribute("data-state", "paused")
    paused_at = int(panel.get_attribute("data-step"))
    assert 0 <= paused_at < 500
    panel.get_by_role("button", name="Train one step").click()
    expect(panel).to_have_attribute("data-step", str(paused_at + 1))
    panel.get_by_role("button", name="Train", exact=True).click()
    expect(panel).to_have_attribute("data-state", "done", timeout=15_000)
    expect(panel).to_have_attribute("data-step", "500")
    initial, final = number(panel, "initial-loss"), number(panel, "loss")
    # The run is the API's: the same request gives the same losses (training is deterministic).
    body = {
        "network": {"layers": [2, 4, 1], "activation": "tanh", "output_activation": "tanh",
                    "loss": "squared_error", "bias": True, "seed": 0},
        "dataset": {"name": "xor", "size": 4, "noise": 0},
        "learning_rate": 0.5, "steps": 500, "seed": 0, "snapshot_every": 10, "grid_size": 30,
    }  # fmt: skip
    run = api(live_server, "train", body)
    assert initial == pytest.approx(run["initial_loss"])
    assert final == pytest.approx(run["loss"][-1])
    assert final < initial / 20
    chart = panel.locator("svg.loss-chart")
    expect(chart).to_have_attribute("data-step", "500")
    expect(panel.locator("output.train-counter")).to_contain_text("Step 500 of 500")
    expect(panel.locator("output.train-counter")).to_contain_text("accuracy 100%")
    # Scrubbing back shows an earlier, higher loss.
    scrubber = panel.get_by_label("Training step")
    scrubber.fill("50")
    expect(panel).to_have_attribute("data-step", "50")
    assert number(panel, "loss") == pytest.approx(run["loss"][49])
    # Train again continues from the last weights: full-batch steps 501-1000 are the same as in
    # one 1,000-step run.
    scrubber.fill("500")
    panel.get_by_role("button", name="Train", exact=True).click()
    expect(panel).to_have_attribute("data-total", "1000")
    scrubber.fill("1000")  # the replay of the new steps was seen above: jump to its end
    expect(panel).to_have_attribute("data-state", "done")
    longer = api(live_server, "train", {**body, "steps": 1000, "snapshot_every": 20})
    assert number(panel, "loss") == pytest.approx(longer["loss"][-1], rel=1e-6)
    assert console_errors == []


def test_spiral_learns_and_its_decision_surface_draws(
    page, live_server, console_errors, screenshot
):
    panel = open_training(page, live_server)
    panel.get_by_label("Dataset").select_option("spiral")
    expect(panel.get_by_label("Hidden layers")).to_have_value("16, 16")
    panel.get_by_role("button", name="Train", exact=True).click()
    surface = panel.locator("canvas.surface-canvas")
    expect(panel).to_have_attribute("data-state", "playing")
    page.wait_for_timeout(1_000)  # the 5,000 steps replay in about 6 s
    panel.get_by_role("button", name="Pause training").click()
    # Mid-run: the surface has been redrawn from a later snapshot than the first.
    mid = int(surface.get_attribute("data-step"))
    assert 0 < mid < 5000 and mid % 100 == 0, mid
    assert int(panel.get_attribute("data-step")) - mid < 100
    screenshot("training-spiral-mid-run")
    panel.get_by_label("Training step").fill("5000")  # scrub to the end rather than replay it
    expect(panel).to_have_attribute("data-state", "done")
    expect(surface).to_have_attribute("data-step", "5000")
    assert number(panel, "accuracy") >= 0.9
    assert number(panel, "loss") < number(panel, "initial-loss") / 4
    share = float(surface.get_attribute("data-class-one-share"))
    assert 0.25 < share < 0.75, "both classes own part of the plane"
    panel.get_by_label("Log scale").check()
    expect(panel.locator("svg.loss-chart")).to_have_attribute("aria-label", re.compile("log scale"))
    assert console_errors == []


def test_a_snapshot_opens_in_the_graph_view(page, live_server, console_errors):
    panel = open_training(page, live_server)
    panel.get_by_role("button", name="Train", exact=True).click()
    expect(panel).to_have_attribute("data-state", "done", timeout=15_000)
    panel.get_by_label("Training step").fill("100")
    panel.get_by_label("Example").fill("2")
    panel.get_by_role("button", name="Open snapshot in graph").click()
    expect(page.get_by_role("main", name="Graph")).to_be_visible()
    expect(page.locator("body")).to_have_attribute("data-mode", "network")
    wait_ready(page)
    # The API's answer for the same net at step 100's weights on example 2, xor's (0, 1) → 1.
    run = api(live_server, "train", {
        "network": {"layers": [2, 4, 1], "activation": "tanh", "output_activation": "tanh",
                    "loss": "squared_error", "bias": True, "seed": 0},
        "dataset": {"name": "xor", "size": 4, "noise": 0},
        "learning_rate": 0.5, "steps": 500, "seed": 0, "snapshot_every": 10, "grid_size": 30,
    })  # fmt: skip
    snapshot = next(s for s in run["snapshots"] if s["step"] == 100)
    assert run["dataset"]["inputs"][1] == [0, 1] and run["dataset"]["labels"][1] == 1
    trace = api(live_server, "network", {
        "layers": [2, 4, 1], "activation": "tanh", "output_activation": "tanh",
        "loss": "squared_error", "weights": snapshot["weights"], "input": [0, 1], "target": [1],
    })  # fmt: skip
    assert float(page.locator("body").get_attribute("data-output")) == pytest.approx(
        trace["output"]["value"]
    )
    expect(page.get_by_role("button", name="Step forward")).to_be_enabled()
    assert console_errors == []


def test_the_training_view_and_its_settings_survive_a_reload(page, live_server, console_errors):
    panel = open_training(page, live_server)
    panel.get_by_label("Dataset").select_option("spiral")
    rate = panel.get_by_label("Learning rate")
    rate.fill("0.5")
    rate.press("Tab")
    expect(page).to_have_url(re.compile(r"view=training"))
    page.reload()
    panel = page.get_by_role("main", name="Training")
    expect(panel).to_be_visible()
    expect(page.get_by_role("tab", name="Training")).to_have_attribute("aria-selected", "true")
    expect(panel.get_by_label("Dataset")).to_have_value("spiral")
    expect(panel.get_by_label("Hidden layers")).to_have_value("16, 16")
    expect(panel.get_by_label("Learning rate")).to_have_value("0.5")
    page.get_by_role("tab", name="Graph").click()
    expect(page.get_by_role("main", name="Graph")).to_be_visible()
    expect(page).not_to_have_url(re.compile(r"view=training"))
    assert console_errors == []
