"""docs/notebook.ipynb run in a kernel, converted by nbconvert to HTML as a notebook saved without
widget state is, and opened from file:// with the network refused: every graph still draws,
from the text/html fallback of its output (an iframe with the one-file page)."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter
from playwright.sync_api import Page, expect

from .offline import refuse_network

NOTEBOOK = Path(__file__).resolve().parents[2] / "docs" / "notebook.ipynb"


def test_nbconvert_output_shows_every_graph_offline(page: Page, tmp_path):
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    # JupyterLab does not save widget state unless asked to: then nbconvert, finding no state
    # for a widget, takes the output's next format, our text/html.
    NotebookClient(
        notebook,
        timeout=180,
        kernel_name="python3",
        store_widget_state=False,
        resources={"metadata": {"path": tmp_path}},
    ).execute()
    body, _ = HTMLExporter().from_notebook_node(notebook)
    converted = tmp_path / "notebook.html"
    converted.write_text(body, encoding="utf-8")

    left = refuse_network(page)
    page.goto(converted.as_uri())
    frames = page.locator("iframe.chainrule-iframe")
    expect(frames).to_have_count(4)  # the widget, the displayed result, options, the network
    for k in range(4):
        frame = page.frame_locator("iframe.chainrule-iframe").nth(k)
        expect(frame.locator("svg.graph-svg")).to_be_visible(timeout=20_000)
        expect(frame.get_by_role("button", name="Step forward")).to_be_visible()
    first = page.frame_locator("iframe.chainrule-iframe").first
    first.get_by_role("button", name="End").click()
    expect(first.locator('g.edge[data-edge-id="e0"] text.wire-grad')).to_have_text("-4")
    # nbconvert's own template asks CDNs for require.js and MathJax; nothing else may leave.
    assert {url.split("/")[2] for url in left} <= {"cdnjs.cloudflare.com"}, left
