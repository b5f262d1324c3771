"""docs/notebook.ipynb runs top to bottom in a real kernel (nbclient + ipykernel) and is kept in
git without outputs."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[2] / "docs" / "notebook.ipynb"
WIDGET = "application/vnd.jupyter.widget-view+json"


def cell(notebook, cell_id: str):
    (found,) = [c for c in notebook.cells if c.get("id") == cell_id]
    return found


def test_the_notebook_is_stored_without_outputs():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    for c in notebook.cells:
        if c.cell_type == "code":
            assert c.outputs == [] and c.execution_count is None, f"cell {c.id} has outputs"


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """The notebook after running every cell, in a temporary working directory."""
    workdir = tmp_path_factory.mktemp("notebook")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        notebook, timeout=180, kernel_name="python3", resources={"metadata": {"path": workdir}}
    )
    client.execute()  # raises CellExecutionError, with the cell and traceback, on any error
    return notebook, workdir


def rich_outputs(c) -> list[dict]:
    return [o["data"] for o in c.outputs if o.output_type in ("execute_result", "display_data")]


def test_widgets_display_as_widgets_with_an_html_fallback(executed):
    notebook, _ = executed
    for cell_id in ("widget", "display", "options", "network"):
        (data,) = rich_outputs(cell(notebook, cell_id))
        assert WIDGET in data, cell_id
        assert data["text/html"].startswith('<iframe class="chainrule-iframe"'), cell_id
        assert data["text/plain"].startswith("chainrule trace:"), cell_id


def test_the_step_cell_reads_back_the_synced_step(executed):
    notebook, _ = executed
    (data,) = rich_outputs(cell(notebook, "step"))
    assert data["text/plain"] == "(3, 4)"


def test_the_html_cell_writes_a_self_contained_file(executed):
    notebook, workdir = executed
    page = (workdir / "branch.html").read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and "<title>x * y + x</title>" in page
    printed = "".join(o.get("text", "") for o in cell(notebook, "html").outputs)
    assert "self-contained" in printed
