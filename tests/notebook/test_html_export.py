"""result.to_html() and `chainrule trace ... --html FILE`: one self-contained page."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

import chainrule
from chainrule.cli import main
from chainrule.html_export import SCRIPT, frontend_file, script_json, to_html

LECTURE = ("(x + y) * z", {"x": -2, "y": 5, "z": -4})


class PageParts(HTMLParser):
    """What an HTML parser sees: each <script>'s type and text, every URL-valued attribute."""

    def __init__(self):
        super().__init__()
        self.scripts: list[tuple[str | None, str]] = []
        self.urls: list[str] = []
        self.csp: str | None = None
        self._in_script: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.urls += [v for k, v in attrs.items() if k in ("src", "href", "action") and v]
        if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy":
            self.csp = attrs["content"]
        if tag == "script":
            self._in_script = attrs.get("type") or "classic"
            self.scripts.append((self._in_script, ""))

    def handle_data(self, data):
        if self._in_script is not None:
            kind, text = self.scripts[-1]
            self.scripts[-1] = (kind, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None


def parse(page: str) -> PageParts:
    parts = PageParts()
    parts.feed(page)
    return parts


def test_the_page_holds_the_view_script_and_the_trace():
    result = chainrule.trace(*LECTURE)
    page = result.to_html(step=2, title="Lecture 4")
    parts = parse(page)
    kinds = [kind for kind, _ in parts.scripts]
    assert kinds == ["application/json", "classic"]
    embedded = json.loads(parts.scripts[0][1])
    assert embedded["trace"] == result.to_dict()
    assert embedded["trace"]["gradients"] == {"x": -4, "y": -4, "z": 3}
    assert embedded["step"] == 2
    assert parts.scripts[1][1] == frontend_file(SCRIPT).read_text(encoding="utf-8")
    assert "<title>Lecture 4</title>" in page


def test_nothing_on_the_page_points_off_the_page():
    parts = parse(chainrule.trace(*LECTURE).to_html())
    assert all(url.startswith("data:") for url in parts.urls), parts.urls
    assert "default-src 'none'" in parts.csp and "connect-src 'none'" in parts.csp


def test_labels_cannot_break_out_of_the_embedded_json():
    document = chainrule.trace(*LECTURE).to_dict()
    document["nodes"][0]["label"] = "</script><script>alert(1)</script><!--"
    parts = parse(to_html(document, title="</title><script>alert(2)</script>"))
    assert [kind for kind, _ in parts.scripts] == ["application/json", "classic"]
    assert json.loads(parts.scripts[0][1])["trace"] == document


def test_script_json_round_trips_and_escapes():
    value = {"s": "</script> <!-- & \u2028", "n": [1.5, -4]}
    text = script_json(value)
    assert not re.search("[<>&\u2028\u2029]", text)
    assert json.loads(text) == value


def test_a_step_outside_the_trace_is_refused():
    with pytest.raises(ValueError, match="between 0 and 4"):
        chainrule.trace(*LECTURE).to_html(step=5)


def test_to_html_writes_the_file(tmp_path):
    path = tmp_path / "lecture.html"
    page = chainrule.trace(*LECTURE).to_html(path)
    assert path.read_text(encoding="utf-8") == page


def test_network_traces_export_too():
    spec = {"layers": [2, 2, 1], "activation": "tanh", "input": [1, -1], "target": [0.5]}
    result = chainrule.trace_network(spec)
    embedded = json.loads(parse(result.to_html()).scripts[0][1])
    assert embedded["trace"]["gradients"] == result.to_dict()["gradients"]


def test_cli_writes_the_page_beside_its_usual_output(tmp_path, capsys):
    path = tmp_path / "out.html"
    expression, values = LECTURE
    args = ["trace", expression, *(f"{k}={v}" for k, v in values.items())]
    assert main([*args, "--json", "--html", str(path)]) == 0
    printed = json.loads(capsys.readouterr().out)
    embedded = json.loads(parse(path.read_text(encoding="utf-8")).scripts[0][1])
    assert embedded["trace"] == printed
    assert "<title>chainrule: (x + y) * z</title>" in path.read_text(encoding="utf-8")


def test_cli_reports_an_unwritable_file(tmp_path, capsys):
    path = tmp_path / "missing-dir" / "out.html"
    assert main(["trace", "x * 2", "x=1", "--html", str(path)]) == 2
    assert f"cannot write {path}" in capsys.readouterr().err
