"""chainrule.show(): the GraphWidget's synced state, its inputs and its display bundle."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import traitlets
from fastapi.testclient import TestClient

import chainrule
from chainrule.api.app import create_app
from chainrule.html_export import CONTROLS

ROOT = Path(__file__).resolve().parents[2]

LECTURE = ("(x + y) * z", {"x": -2, "y": 5, "z": -4})
NET = {
    "layers": [2, 1],
    "loss": "squared_error",
    "bias": False,
    "weights": {"W1": [[0.5, -0.3]]},
    "input": [1, 2],
    "target": [1],
}


@pytest.fixture(scope="module")
def client():
    return TestClient(create_app())


def sent_updates(widget):
    """Records the state updates the widget sends to its front end (the comm's messages)."""
    messages = []
    widget.comm.send = lambda data=None, buffers=None, **_: messages.append(data)
    return messages


def test_the_trace_trait_is_the_rest_document(client):
    expression, values = LECTURE
    widget = chainrule.show(expression, values)
    rest = client.post("/api/v1/graph", json={"expression": expression, "values": values}).json()
    assert widget.trace == rest
    assert widget.trace["gradients"] == {"x": -4, "y": -4, "z": 3}  # the lecture's numbers
    assert isinstance(widget, chainrule.GraphWidget)
    assert widget.step == 0 and widget.steps == len(rest["steps"]) == 4


def test_setting_step_in_python_is_sent_to_the_view():
    widget = chainrule.show(*LECTURE)
    messages = sent_updates(widget)
    widget.step = 3
    assert widget.get_state()["step"] == 3
    assert messages == [{"method": "update", "state": {"step": 3}, "buffer_paths": []}]


def test_a_step_taken_in_the_view_updates_python():
    widget = chainrule.show(*LECTURE)
    seen = []
    widget.observe(lambda change: seen.append(change["new"]), names="step")
    widget.set_state({"step": 2})  # what ipywidgets does with the front end's update message
    assert widget.step == 2 and seen == [2]


def test_step_outside_the_trace_is_refused_and_a_shorter_trace_clamps_it():
    widget = chainrule.show(*LECTURE, step=4)
    with pytest.raises(traitlets.TraitError, match="between 0 and 4"):
        widget.step = 5
    with pytest.raises(traitlets.TraitError):
        widget.step = -1
    widget.trace = chainrule.show("x * 2", {"x": 3}).trace  # 2 steps
    assert widget.step == 2


def test_show_takes_a_spec_a_result_or_a_document(client):
    net = chainrule.show(NET)
    assert net.trace == client.post("/api/v1/network", json=NET).json()
    assert net.trace["gradients"]["W1"] == [[-1.1, -2.2]]  # (0.5 - 0.6 - 1) * input, by hand
    result = chainrule.trace(*LECTURE)
    assert chainrule.show(result).trace == chainrule.show(*LECTURE).trace
    assert result.show().trace == chainrule.show(*LECTURE).trace
    document = chainrule.show(*LECTURE).trace
    assert chainrule.show(document).trace == document


def test_options_are_checked_and_synced():
    widget = chainrule.show(*LECTURE, present=True, hide=["speed"], height="400px", step=1)
    state = widget.get_state()
    assert state["options"] == {"follow": True, "present": True, "hide": ["speed"], "expanded": []}
    assert state["height"] == "400px" and state["step"] == 1
    with pytest.raises(ValueError, match="unknown control"):
        chainrule.show(*LECTURE, hide=["everything"])
    with pytest.raises(TypeError):
        chainrule.show(*LECTURE, colour="red")
    with pytest.raises(traitlets.TraitError, match="CSS length"):
        chainrule.show(*LECTURE, height="1px; background: url(https://example.org/x)")
    with pytest.raises(TypeError, match="values go with a program"):
        chainrule.show(NET, {"x": 1})


def test_bad_programs_fail_as_in_trace():
    with pytest.raises(chainrule.engine.errors.ChainruleError):
        chainrule.show("(x + ", {"x": 1})


def test_display_bundle_has_the_widget_and_an_html_fallback():
    widget = chainrule.show(*LECTURE, step=3)
    data, _metadata = widget._repr_mimebundle_()
    assert data["application/vnd.jupyter.widget-view+json"]["model_id"] == widget.model_id
    assert data["text/plain"].startswith("chainrule trace: 5 nodes, 4 steps, output -12")
    srcdoc = re.search(r'srcdoc="([^"]*)"', data["text/html"]).group(1)
    page = html.unescape(srcdoc)
    embedded = re.search(r'<script type="application/json">(.*?)</script>', page, re.S).group(1)
    assert json.loads(embedded) == {
        "trace": widget.trace,
        "step": 3,
        "options": {"follow": True, "present": False, "hide": [], "expanded": []},
        "ops": widget.ops,
    }


def test_ops_are_the_registry_entries_the_rest_api_lists(client):
    """The inspector's local derivatives: what GET /api/v1/ops says, for the trace's ops only."""
    widget = chainrule.show("exp(x) * y + x", {"x": 1, "y": 2})
    listed = {op["name"]: op for op in client.get("/api/v1/ops").json()}
    assert sorted(widget.ops) == ["add", "exp", "mul"]
    for name, info in widget.ops.items():  # what the inspector reads
        for field in ("name", "symbol", "latex", "pattern", "description", "expression_latex"):
            assert info[field] == listed[name][field], (name, field)
    assert widget.get_state()["ops"] == widget.ops


def test_the_hideable_controls_are_the_views():
    source = (ROOT / "frontend" / "js" / "view" / "hide.js").read_text(encoding="utf-8")
    hideable = re.search(r"export const HIDEABLE = \[([^\]]*)\]", source).group(1)
    assert set(CONTROLS) == set(re.findall(r'"([a-z]+)"', hideable))
