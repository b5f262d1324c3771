"""The chainrule command: trace as a table, JSON and DOT from text, a file or stdin; values in
the language's number syntax; exit status 0 / 1 (program) / 2 (usage); quiet on a closed pipe;
settings errors in one line; --version."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import version

import pytest

import chainrule
from chainrule.cli import main
from chainrule.cli_values import parse_value
from chainrule.engine.errors import ChainruleError


def run(*args, env=None, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "chainrule", *args],
        capture_output=True,
        text=True,
        timeout=60,
        input=stdin,
        env=None if env is None else {**os.environ, **env},
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


def test_tensor_values_as_nested_lists(capsys):
    assert main(["trace", "sum(W @ x)", "W=[[1,2],[3,4]]", "x=[1, 1]"]) == 0
    out = capsys.readouterr().out
    # d/dx sum(W x) = column sums of W, d/dW = x broadcast per row: hand-derived.
    assert "output = 10" in out and "d output / d x = [4, 6]" in out


def test_values_in_the_languages_number_syntax(capsys):
    assert main(["trace", "w0*x + h", "w0=.5", "x=-2", "h=1e-3", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["output"]["value"] == pytest.approx(-1 + 1e-3)
    assert doc["gradients"] == {"w0": -2, "x": 0.5, "h": 1}


@pytest.mark.parametrize(
    "literal",
    [".5", "2.", "1e-3", "12", "0.25", "3E+2", "1.5e2", "5e", "1e+", "..5", "1.2.3", "1_0", "1x"],
)
def test_value_numbers_are_exactly_the_languages_literals(literal):
    """What the CLI reads as a number is what the language's own parser reads as one."""
    try:
        language = chainrule.trace(literal).output.value
    except ChainruleError:
        language = None
    if language is None:
        with pytest.raises(ValueError):
            parse_value(literal)
    else:
        assert parse_value(literal) == pytest.approx(language) == pytest.approx(float(literal))


@pytest.mark.parametrize(
    ("text", "value"),
    [("-2", -2), ("+3", 3), ("[1, .5, -2]", [1, 0.5, -2]), ("[[1,2],[3,4]]", [[1, 2], [3, 4]])],
)
def test_parse_value(text, value):
    assert parse_value(text) == value


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        ("x=abc", "'abc' is not a number"),
        ("x=nan", "'nan' is not a number"),
        ("x=1_000", "'1_000' is not a number"),
        ("x=[1,", "brackets and commas"),
        ("x=[1 2]", "brackets and commas"),
        ("x=1e999", "too large"),
        ("x=", "nothing after '='"),
        ("3=1", "expected NAME=VALUE"),
        ("x", "expected NAME=VALUE"),
    ],
)
def test_malformed_values_are_usage_errors_naming_them(capsys, argument, message):
    assert main(["trace", "x + 1", argument]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_duplicate_and_unknown_values_are_errors_naming_them(capsys):
    assert main(["trace", "x * y", "x=1", "x=2", "y=3"]) == 2
    assert "x is given more than once" in capsys.readouterr().err
    assert main(["trace", "x * y", "x=1", "y=2", "q=3", "r=4"]) == 2
    err = capsys.readouterr().err
    assert "not an input of the program: q, r" in err and "(its inputs: x, y)" in err


def test_program_from_a_file_and_from_stdin(tmp_path, capsys):
    program = tmp_path / "neuron.cr"
    program.write_text("# a neuron\nz = w*x + b\nsigmoid(z)\n")
    assert main(["trace", str(program), "w=0", "x=1", "b=0", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["output"]["value"] == 0.5 and doc["gradients"]["w"] == 0.25  # σ'(0) · x
    piped = run("trace", "-", "x=3", stdin="y = x * x\ny + x\n")
    assert piped.returncode == 0, piped.stderr
    assert "output = 12" in piped.stdout and "d output / d x = 7" in piped.stdout


def test_exit_status_program_errors_1_usage_errors_2():
    ok = run("trace", "x + 1", "x=2")
    assert ok.returncode == 0 and "output = 3" in ok.stdout and ok.stderr == ""
    syntax = run("trace", "x +", "x=2")
    assert syntax.returncode == 1 and "line 1, column 3" in syntax.stderr
    missing = run("trace", "x * y", "x=2")
    assert missing.returncode == 1 and "no value given for y" in missing.stderr
    runtime = run("trace", "sum(W @ x)", "W=[[1,2],[3,4]]", "x=[1,1,1]")
    assert runtime.returncode == 1 and "Traceback" not in runtime.stderr
    usage = run("trace")
    assert usage.returncode == 2 and "usage:" in usage.stderr
    assert run("frobnicate").returncode == 2
    assert run("trace", "x", "--json", "--dot", "x=1").returncode == 2


def test_version_comes_from_the_package_metadata():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"chainrule {version('chainrule')}"


@pytest.mark.parametrize("output", ["--json", "--dot", "--table"])
def test_quiet_on_a_closed_pipe(output):
    """`chainrule trace ... | head -1`: the reader has gone when the output comes; no traceback,
    nothing on stderr, status 141 as a shell reports a SIGPIPE exit."""
    read, write = os.pipe()
    os.close(read)  # the reader is gone before anything is written: every write fails
    try:
        flags = [] if output == "--table" else [output]
        result = subprocess.run(
            [sys.executable, "-m", "chainrule", "trace", "x*y + x", "x=3", "y=-4", *flags],
            stdout=write,
            stderr=subprocess.PIPE,
            timeout=60,
        )
    finally:
        os.close(write)
    assert result.stderr.decode() == ""
    assert result.returncode == 141


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"CHAINRULE_MAX_NODES": "abc"}, "CHAINRULE_MAX_NODES must be a whole number, got 'abc'"),
        ({"CHAINRULE_MAX_WORK": "-5"}, "CHAINRULE_MAX_WORK must be positive"),
        ({"CHAINRULE_MAX_SECONDS": "soon"}, "CHAINRULE_MAX_SECONDS must be a number"),
        ({"CHAINRULE_MAX_SECONDS": "inf"}, "CHAINRULE_MAX_SECONDS must be positive and finite"),
    ],
)
def test_settings_errors_from_the_environment_are_one_line(env, message):
    result = run("serve", "--port", "1", env=env)
    assert result.returncode == 2
    assert result.stderr.startswith(f"chainrule: error: {message}")
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("option", "value"),
    [("--max-nodes", "abc"), ("--max-nodes", "0"), ("--max-seconds", "-1"), ("--workers", "0")],
)
def test_settings_errors_from_options_name_the_option(option, value):
    result = run("serve", option, value)
    assert result.returncode == 2
    assert f"argument {option}: must be a positive" in result.stderr
    assert "Traceback" not in result.stderr


def test_fractional_max_seconds_reaches_the_settings(monkeypatch):
    """`--max-seconds 0.5` is accepted and becomes the app's time limit (uvicorn not started)."""
    import uvicorn

    from chainrule.settings import Settings

    started = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: started.update(app=app, **kw))
    # serve writes the options into the environment: a copy, so no other test sees them.
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CHAINRULE_")}
    monkeypatch.setattr(os, "environ", clean)
    assert main(["serve", "--max-seconds", "0.5", "--max-nodes", "100", "--port", "8123"]) == 0
    assert started["port"] == 8123
    settings = Settings.from_env()
    assert settings.limits.max_seconds == 0.5 and settings.limits.max_nodes == 100
