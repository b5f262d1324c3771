"""The expression language: grammar, precedence, names, and errors with line and column."""

from __future__ import annotations

import math

import pytest

from chainrule import trace
from chainrule.engine.errors import ChainruleError, EvalError, ParseError


def value(program: str, **values) -> float:
    return trace(program, values).output.value


@pytest.mark.parametrize(
    ("program", "expected"),
    [
        ("-x**2", -9.0),  # unary minus binds looser than power, as in Python
        ("-x^2", -9.0),
        ("2**-1", 0.5),
        ("2^3^2", 512.0),  # right-associative
        ("x - 1 - 1", 1.0),  # left-associative
        ("12 / 2 / 3", 2.0),
        ("2 * 3 + 4 * 5", 26.0),
        ("(2 + 3) * 4", 20.0),
        ("-(-x)", 3.0),
        ("+x", 3.0),
        ("x*-2", -6.0),
        (".5 + 2. + 1e-3 + 1E2", 102.501),
        ("pi + e", math.pi + math.e),
        ("pow(2, 10)", 1024.0),
        ("max(1, x) + min(1, x)", 4.0),
        ("a = x + 1; b = a * 2\nb - a  # comment", 4.0),
        ("(x +\n 1)", 4.0),  # newlines inside parentheses continue the statement
    ],
)
def test_evaluates_like_python(program, expected):
    assert value(program, x=3) == pytest.approx(expected)


def test_named_intermediates_label_their_nodes():
    t = trace("q = x + y\nf = q * z", {"x": -2, "y": 5, "z": -4})
    labels = {n.label for n in t.nodes if n.kind == "op"}
    assert labels == {"q", "f"}


def test_each_use_of_a_name_is_an_edge_from_one_node():
    t = trace("a = x * y\nb = a + x\nc = b * a", {"x": 2, "y": 3})
    inputs = [n for n in t.nodes if n.kind == "input"]
    assert sorted(n.label for n in inputs) == ["x", "y"]
    a = next(n for n in t.nodes if n.label == "a")
    assert len([e for e in t.edges if e.source == a.id]) == 2
    # c = (xy + x) * xy: dc/dx = (y + 1) * xy + (xy + x) * y at x=2, y=3
    assert t.gradients["x"] == pytest.approx(4 * 6 + 8 * 3)


def test_alias_and_constant_assignments_get_their_own_labelled_nodes():
    t = trace("q = x\nk = 3\nf = q * k", {"x": 2})
    labels = {n.label: n for n in t.nodes}
    assert labels["q"].op == "identity" and labels["k"].kind == "const"
    assert t.gradients["x"] == 3


def test_unused_statements_get_zero_gradient_and_no_backward_step():
    t = trace("u = x * 100\nf = y * 2", {"x": 1, "y": 1})
    assert t.gradients == {"x": 0, "y": 2}
    u = next(n for n in t.nodes if n.label == "u")
    assert u.id not in {s.node for s in t.steps if s.phase == "backward"}


def where(program, values=None):
    with pytest.raises(ChainruleError) as info:
        trace(program, values or {})
    return info.value


@pytest.mark.parametrize(
    ("program", "line", "column", "words"),
    [
        ("x +", 1, 3, "missing"),
        ("x = 1\ny = (x", 2, 5, "never closed"),
        # A newline inside parentheses continues the statement: the fault is the open '('.
        ("(x + 1\nf = 2", 1, 1, "unclosed '('"),
        ("y = 2*(x + 1\nz = y", 1, 7, "unclosed '('"),
        ("sin(x\ny", 1, 4, "unclosed '('"),
        ("x)", 1, 2, "unmatched"),
        ("a b", 1, 3, "operator"),
        ("foo(1)", 1, 1, "unknown function"),
        ("exp + 1", 1, 1, "is a function"),
        ("max(1)", 1, 1, "2 arguments"),
        ("x = 1\nx = 2", 2, 1, "assigned twice"),
        ("y = x + 1\nx = 2", 2, 1, "before it is assigned"),
        ("x = x + 1", 1, 1, "before it is assigned"),
        ("pi = 3", 1, 1, "constant"),
        ("1 = x", 1, 1, "only a name"),
        ("x == 1", 1, 3, "'='"),
        ("x.y", 1, 2, "'.'"),
        ("a[0]", 1, 2, "'['"),
        ("x = ", 1, 3, "nothing after"),
        ("", 1, 1, "empty"),
        ("# only a comment", 1, 1, "empty"),
        ("x\x00", 1, 2, "null byte"),
        ("x + é", 1, 5, "U+00E9"),
        ("lambda: 1", 1, 7, "':'"),
        ("f(,)", 1, 1, "unknown function"),
        ("exp(,)", 1, 5, "before ','"),
        ("1, 2", 1, 2, "outside a function call"),
        ("(1; 2)", 1, 3, "inside parentheses"),
    ],
)
def test_errors_say_what_and_where(program, line, column, words):
    error = where(program)
    assert isinstance(error, ParseError)
    assert (error.line, error.column) == (line, column), error.message
    assert words in error.message


def test_missing_value_names_the_variable_and_its_position():
    error = where("x * y + z", {"x": 1})
    assert isinstance(error, EvalError)
    assert "y" in error.message and "z" in error.message
    assert (error.line, error.column) == (1, 5)


def test_tensor_output_suggests_sum():
    error = where("x * 2", {"x": [1.0, 2.0]})
    assert "sum(" in error.message and "(2,)" in error.message


def test_shape_mismatch_names_both_shapes():
    error = where("a = x + 1\nb = a + y", {"x": [1.0, 2.0], "y": [1.0, 2.0, 3.0]})
    assert "(2,)" in error.message and "(3,)" in error.message
    assert (error.line, error.column) == (2, 7)


def test_ragged_values_are_rejected():
    error = where("sum(W)", {"W": [[1.0, 2.0], [3.0]]})
    assert "W" in error.message and "rectangular" in error.message


def test_an_op_refusing_its_inputs_is_located_at_the_gate():
    error = where("a = x + 1\nb = cross_entropy(a, 5)", {"x": [1.0, 2.0]})
    assert isinstance(error, EvalError)
    assert "class index 5" in error.message
    assert (error.line, error.column) == (2, 5)
