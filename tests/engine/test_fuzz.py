"""Property tests: junk never breaks the engine or the API; random programs differentiate right.

Random well-formed programs are generated as trees and rendered twice: as chainrule text and
as a plain-Python function (math module). The Python function alone gives the expected output
and, by central differences, the expected gradients, so nothing is checked against the engine's
own arithmetic.
"""

from __future__ import annotations

import json
import math

import numpy as np
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from chainrule import Limits
from chainrule.api.app import create_app
from chainrule.engine.autodiff.run import run_program
from chainrule.engine.errors import ChainruleError
from chainrule.engine.results.document import trace_document
from chainrule.settings import Settings

from ..conftest import central_difference

FUZZ = settings(max_examples=150, deadline=None, derandomize=True)
LIMITS = Limits(
    max_program_chars=10_000,
    max_nodes=5_000,
    max_tensor_elements=10_000,
    max_work=1_000_000,
    max_trace_elements=100_000,
    max_seconds=5,
)
JUNK_ALPHABET = "xyzWab_019.eE+-*/^@(),;=# \n\t" + "[]{}'\"!<>|&%~$?\\:`" + "é∑🙂\x00\x07\u200b"
JUNK_VALUES = {"x": 1.5, "y": -0.5, "z": 0.0, "W": [[1.0, 2.0], [3.0, 4.0]], "a": [1.0, -2.0]}
JUNK_TOKENS = [
    "x", "y", "z", "W", "a", "1", "2.5", "0", "1e308", "pi", "e", "+", "-", "*", "/", "**", "^",
    "@", "(", ")", ",", ";", "\n", "=", "exp(", "log(", "sqrt(", "max(", "sum(", "softmax(",
    "transpose(", "relu(", "mean(", "q", "q =",
]  # fmt: skip


@st.composite
def junk_programs(draw) -> str:
    """Either random characters or random grammar tokens (which get much deeper)."""
    if draw(st.booleans()):
        return draw(st.text(alphabet=JUNK_ALPHABET, max_size=60))
    return " ".join(draw(st.lists(st.sampled_from(JUNK_TOKENS), max_size=30)))


@FUZZ
@given(junk_programs())
def test_junk_text_raises_only_chainrule_errors(text):
    try:
        trace = run_program(text, JUNK_VALUES, LIMITS)
    except ChainruleError as exc:
        assert exc.message and isinstance(exc.message, str)
        if exc.line is not None:
            assert 1 <= exc.line <= text.count("\n") + 1 and exc.column >= 1
        return
    json.dumps(trace_document(trace), allow_nan=False)  # every number is JSON


_client = TestClient(create_app(Settings.from_env({})), raise_server_exceptions=False)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(junk_programs(), st.sampled_from([JUNK_VALUES, {}, {"x": [1, [2]]}, {"x": "1"}]))
def test_junk_text_never_gets_a_server_error(text, values):
    response = _client.post("/api/v1/graph", json={"expression": text, "values": values})
    assert response.status_code in (200, 413, 422), response.text[:300]


# ---- random well-formed programs ---------------------------------------------------------
# Each op: (text template, python function). Templates keep every value in the op's domain.
UNARY = [
    ("tanh({})", math.tanh),
    ("sigmoid({})", lambda a: 1.0 / (1.0 + math.exp(-a))),
    ("sin({})", math.sin),
    ("cos({})", math.cos),
    ("exp(tanh({}))", lambda a: math.exp(math.tanh(a))),
    ("log(1 + {0} * {0})", lambda a: math.log(1.0 + a * a)),
    ("sqrt(1 + {0} * {0})", lambda a: math.sqrt(1.0 + a * a)),
    ("-{}", lambda a: -a),
    ("{} ^ 2", lambda a: a**2),
    ("{} ** 3", lambda a: a**3),
]
BINARY = [
    ("{} + {}", lambda a, b: a + b),
    ("{} - {}", lambda a, b: a - b),
    ("{} * {}", lambda a, b: a * b),
    ("{0} / (1 + {1} * {1})", lambda a, b: a / (1.0 + b * b)),
    ("pow(1 + {0} * {0}, tanh({1}))", lambda a, b: (1.0 + a * a) ** math.tanh(b)),
]


@st.composite
def trees(draw, names: list[str], depth: int):
    """An expression tree over the given names: ("leaf", text) or (op index, children)."""
    if depth == 0 or draw(st.integers(0, 3)) == 0:
        if draw(st.integers(0, 5)) == 0:
            return ("const", draw(st.sampled_from([0.5, 2.0, 3.0, 1.25])))
        return ("name", draw(st.sampled_from(names)))
    if draw(st.booleans()):
        k = draw(st.integers(0, len(UNARY) - 1))
        return ("unary", k, draw(trees(names, depth - 1)))
    k = draw(st.integers(0, len(BINARY) - 1))
    return ("binary", k, draw(trees(names, depth - 1)), draw(trees(names, depth - 1)))


def render(tree) -> str:
    kind = tree[0]
    if kind == "binary" and tree[1] < 3 and tree[2][0] == tree[3][0] == "name":
        return f"{tree[2][1]} {'+-*'[tree[1]]} {tree[3][1]}"  # no parentheses needed
    if kind == "name":
        return tree[1]
    if kind == "const":
        return repr(tree[1])
    if kind == "unary":
        return UNARY[tree[1]][0].format(f"({render(tree[2])})")
    return BINARY[tree[1]][0].format(f"({render(tree[2])})", f"({render(tree[3])})")


def evaluate(tree, env: dict[str, float]) -> float:
    kind = tree[0]
    if kind == "name":
        return env[tree[1]]
    if kind == "const":
        return tree[1]
    if kind == "unary":
        return UNARY[tree[1]][1](evaluate(tree[2], env))
    return BINARY[tree[1]][1](evaluate(tree[2], env), evaluate(tree[3], env))


@st.composite
def programs(draw):
    """Several statements over up to four inputs; later statements reuse earlier names."""
    inputs = ["x", "y", "z", "w"][: draw(st.integers(1, 4))]
    names = list(inputs)
    statements = []
    for k in range(draw(st.integers(1, 6))):
        target = f"t{k}"
        if draw(st.booleans()):  # `t = a op b`, the shape the one-pass builder reads fastest
            op = draw(st.integers(0, 2))
            leaves = st.sampled_from(names).map(lambda n: ("name", n))
            tree = ("binary", op, draw(leaves), draw(leaves))
        else:
            tree = draw(trees(names, 3))
        statements.append((target, tree))
        names.append(target)
    values = {n: draw(st.floats(-2, 2, allow_nan=False).map(lambda v: round(v, 3))) for n in inputs}
    return inputs, statements, values


def run_python(statements, env: dict[str, float]) -> float:
    env = dict(env)
    for target, tree in statements:
        env[target] = evaluate(tree, env)
    return env[statements[-1][0]]


@settings(
    max_examples=120, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(programs())
def test_random_programs_match_python_and_central_differences(program):
    inputs, statements, values = program
    try:
        expected = run_python(statements, values)
    except (OverflowError, ValueError, ZeroDivisionError):
        assume(False)
    assume(math.isfinite(expected) and abs(expected) < 1e6)
    text = "\n".join(f"{target} = {render(tree)}" for target, tree in statements)
    trace = run_program(text, values)
    assert math.isclose(float(trace.output_value), expected, rel_tol=1e-9, abs_tol=1e-12)

    def f(x: np.ndarray) -> float:
        return run_python(statements, dict(zip(inputs, map(float, x), strict=True)))

    point = np.array([values[n] for n in inputs])
    numerical = central_difference(f, point, h=1e-6)
    grads = trace.input_gradients()
    for name, n in zip(inputs, numerical, strict=True):
        analytic = float(grads[name]) if name in grads else 0.0
        assert math.isclose(analytic, n, rel_tol=1e-4, abs_tol=1e-5), (text, name, analytic, n)
