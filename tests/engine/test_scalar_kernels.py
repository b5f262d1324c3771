"""The float fast path (each op's float kernel, the one-pass builder) changes nothing: same
values, gradients, steps and errors as the ops' numpy functions and the general parser."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from chainrule.engine.autodiff.run import run_program
from chainrule.engine.errors import ChainruleError
from chainrule.engine.ops import KERNEL_ERRORS, REGISTRY, Op
from chainrule.engine.results.document import trace_document

KERNEL_OPS = sorted(name for name, op in REGISTRY.items() if op.kernel is not None)
_SAMPLES = (-1000.0, -3.0, -1.5, -1.0, -0.5, -0.0, 0.0, 1e-300, 0.3, 0.5, 1.0, 2.0, 3.0, 1000.0)
_SPECIAL = (math.inf, -math.inf, math.nan)


def _same(x: float, y: float) -> bool:
    if x != x or y != y:
        return x != x and y != y
    if x == y:
        return x != 0.0 or math.copysign(1.0, x) == math.copysign(1.0, y)
    return abs(x - y) <= 4 * 2.220446049250313e-16 * max(abs(x), abs(y))


def agrees(op: Op, kernel, kernel_partials) -> bool:
    """Whether float kernels give the op's numpy results (within 4 ulps, same sign of zero) on
    ordinary, boundary and non-finite inputs, counting the numpy fallback where they raise."""
    if op.arity == 2:
        small = (-2.0, -0.5, -0.0, 0.0, 0.5, 1.0, 2.0, 3.0, *_SPECIAL)
        cases = [(a, b) for a in small for b in small]
    else:
        cases = [(a,) for a in _SAMPLES + _SPECIAL]
    f64 = np.float64
    with np.errstate(all="ignore"):
        for xs in cases:
            wide = tuple(f64(x) for x in xs)
            out = float(op.forward(*wide))
            expected = (out, *(float(p) for p in op.partials(wide, f64(out))))
            try:
                got_out = kernel(*xs)
            except KERNEL_ERRORS:
                got_out = out
            try:
                if type(kernel_partials) is tuple:
                    locals_ = kernel_partials
                else:
                    locals_ = kernel_partials(*xs, out)
                got = (got_out, *locals_)
            except KERNEL_ERRORS:
                got = (got_out, *expected[1:])
            if len(got) != len(expected) or not all(map(_same, got, expected)):
                return False
    return True


def test_every_elementwise_op_has_float_kernels():
    elementwise = sorted(name for name, op in REGISTRY.items() if op.elementwise)
    assert KERNEL_OPS == elementwise
    for name in KERNEL_OPS:
        assert REGISTRY[name].kernel_partials is not None, name


@pytest.mark.parametrize("name", KERNEL_OPS)
def test_each_kernel_matches_its_numpy_op_on_special_values(name):
    op = REGISTRY[name]
    assert agrees(op, op.kernel, op.kernel_partials)


@pytest.mark.parametrize("name", KERNEL_OPS)
def test_kernels_agree_with_numpy_across_the_domain(name):
    op = REGISTRY[name]
    rng = np.random.default_rng(7)
    for _ in range(200):
        xs = tuple(float(rng.uniform(lo, hi)) for lo, hi in op.domain)
        wide = tuple(np.float64(x) for x in xs)
        out = float(op.forward(*wide))
        assert op.kernel(*xs) == pytest.approx(out, rel=1e-14, abs=1e-300)
        expected = [float(p) for p in op.partials(wide, np.float64(out))]
        assert list(op.scalar_partials(xs, out)) == pytest.approx(expected, rel=1e-14, abs=1e-300)


def test_a_kernel_that_disagrees_is_caught():
    op = REGISTRY["tanh"]
    assert not agrees(op, math.tanh, lambda a, out: (1.0 + out * out,))  # wrong sign
    assert agrees(op, math.tanh, lambda a, out: (1.0 - out * out,))


PROGRAMS = [
    ("q = x + y\nf = q * z", {"x": -2, "y": 5, "z": -4}),
    ("1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))", {"w0": 2, "x0": -1, "w1": -3, "x1": -2, "w2": -3}),
    ("a = max(x, y)\nb = min(x, y)\na * b + relu(x - y) + abs(y)", {"x": 1.5, "y": 1.5}),
    ("x ** y + y ^ 0.5 + pow(x, -1)", {"x": 2.0, "y": 3.0}),
    ("log(x) + sqrt(x) + sin(x) * cos(x) + tan(x) + tanh(x) + sigmoid(x)", {"x": 0.7}),
    ("exp(1000) + log(0) + 0 / 0 + sqrt(-1) + x / 0", {"x": 1.0}),  # numpy fallbacks
    ("(-8) ** (1 / 3) + 9 ** 9 ** 9 + sigmoid(-1000) + x", {"x": -0.0}),
    ("s = sum(v * x)\nt = s * y + x\nt - y", {"v": [1.0, 2.0, 3.0], "x": 2.0, "y": -1.0}),
    (
        "h = max(0, W @ v)\nsum(h * h) + x * x",
        {"W": [[1.0, -2.0], [0.5, 1.0]], "v": [1, 2], "x": 3},
    ),
    ("a = x * x\nb = a + x\nc = b * a\nd = c - b / a\nd * x", {"x": 1.25}),
    ("p = x\nq = p\n3\nr = q * 2", {"x": 4}),
]


@pytest.fixture
def without_kernels():
    """Every scalar op through its numpy functions, as without the float kernels (the ops are
    frozen dataclasses: their kernels are set aside past the freeze and put back after)."""
    saved = [(op, op.kernel, op.kernel_partials) for op in REGISTRY.values()]
    for op, _, _ in saved:
        object.__setattr__(op, "kernel", None)
        object.__setattr__(op, "kernel_partials", None)
    yield
    for op, kernel, partials in saved:
        object.__setattr__(op, "kernel", kernel)
        object.__setattr__(op, "kernel_partials", partials)


def assert_same(fast, slow, where="document") -> None:
    """Equal structure and strings; numbers equal up to last-bit differences of libm."""
    if isinstance(slow, dict):
        assert isinstance(fast, dict) and list(fast) == list(slow), where
        for key in slow:
            assert_same(fast[key], slow[key], f"{where}.{key}")
    elif isinstance(slow, list):
        assert isinstance(fast, list) and len(fast) == len(slow), where
        for k, (f, s) in enumerate(zip(fast, slow, strict=True)):
            assert_same(f, s, f"{where}[{k}]")
    elif isinstance(slow, float) and isinstance(fast, float):
        assert fast == pytest.approx(slow, rel=1e-13, abs=0), where
        assert math.copysign(1, fast) == math.copysign(1, slow), where  # -0.0 stays -0.0
    else:
        assert fast == slow and type(fast) is type(slow), where


@pytest.mark.parametrize(("text", "values"), PROGRAMS)
def test_fast_and_numpy_paths_give_the_same_document(request, text, values):
    fast = json.loads(json.dumps(trace_document(run_program(text, values)), allow_nan=False))
    request.getfixturevalue("without_kernels")
    assert REGISTRY["add"].kernel is None
    slow = json.loads(json.dumps(trace_document(run_program(text, values)), allow_nan=False))
    assert_same(fast, slow)


def test_one_pass_builder_matches_the_general_parser_line_for_line():
    """The same program with single spaces (fast path) and with tabs (general parser)."""
    lines = ["a0 = x0 + x1"] + [f"a{i} = a{i - 1} {'*+-/'[i % 4]} x{i % 3}" for i in range(1, 40)]
    values = {"x0": 1.5, "x1": -0.5, "x2": 2.0}
    fast = trace_document(run_program("\n".join(lines), values))
    general = trace_document(run_program("\n".join(s.replace(" ", "\t") for s in lines), values))
    assert fast == general


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("a = x + y\na = y + x", 2, 1, "assigned twice (first on line 1)"),
        ("a = b + c\nb = a + c", 2, 1, "b is used (line 1, column 5)"),
        ("pi = x + y", 1, 1, "constant"),
        ("a = x + y\nb = a + é", 2, 9, "U+00E9"),
        ("a = x + y\nb = a * z\nc = b / \nd = c - a", 3, 7, "value is missing"),
        # A syntax error anywhere wins over an earlier name error, as parse-then-build did.
        ("a = x + y\na = x * y\nb = a +", 3, 7, "value is missing"),
    ],
)
def test_errors_on_fast_path_lines_are_located(text, line, column, words):
    with pytest.raises(ChainruleError) as caught:
        run_program(text, {"x": 1, "y": 2, "z": 3, "c": 4})
    assert (caught.value.line, caught.value.column) == (line, column)
    assert words in caught.value.message
