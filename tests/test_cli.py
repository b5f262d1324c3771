"""The chainrule command: trace as a table, JSON and DOT; errors go to stderr with status 2."""

from __future__ import annotations

import json
import subprocess
import sys

from chainrule.cli import main


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "chainrule", *args], capture_output=True, text=True, timeout=60
    )


def test_trace_table(capsys):
    assert main(["trace", "(x+y)*z", "x=-2", "y=5", "z=-4"]) == 0
    out = capsys.readouterr().out
    assert "output = -12" in out
    assert "d output / d x = -4" in out and "d output / d z = 3" in out


def test_trace_json_is_the_rest_document(capsys):
    assert main(["trace", "x*y + x", "x=3", "y=-4", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["gradients"] == {"x": -3, "y": 3}


def test_trace_dot(capsys):
    assert main(["trace", "x*x", "x=3", "--dot"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("digraph") and out.count("n0 -> n1") == 2 and "grad 3" in out


def test_tensor_values_as_json_lists(capsys):
    assert main(["trace", "sum(W @ x)", "W=[[1,2],[3,4]]", "x=[1,1]"]) == 0
    assert "output = 10" in capsys.readouterr().out


def test_python_dash_m_and_errors():
    ok = run("trace", "x + 1", "x=2")
    assert ok.returncode == 0 and "output = 3" in ok.stdout
    bad = run("trace", "x +", "x=2")
    assert bad.returncode == 2 and "line 1, column 3" in bad.stderr
    missing = run("trace", "x * y", "x=2")
    assert missing.returncode == 2 and "y" in missing.stderr
