"""Hostile and malformed requests for POST /api/v1/graph, each with the answer it must get.

A case names the status it expects and, for errors, what the message must say and where
(line and column for program errors, the `loc` for malformed bodies). 200 cases are legitimate
edge cases and carry the correct output. Big bodies are built lazily (a callable) so that
collecting the tests stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

CANARY = "/tmp/chainrule-hostile-canary"  # code execution would create this file


@dataclass(frozen=True)
class Case:
    id: str
    body: Any  # dict (sent as JSON), str/bytes (sent raw), or a callable returning either
    status: int
    says: tuple[str, ...] = ()  # words the error message must contain (case-insensitive)
    at: tuple[int, int] | None = None  # (line, column) of a program error
    loc: tuple = ()  # `loc` of a validation error, e.g. ("body", "values", "x")
    output: Any = None  # expected output value of a 200
    gradients: dict = field(default_factory=dict)  # expected input gradients of a 200
    path: str = "/api/v1/graph"
    method: str = "POST"
    headers: dict = field(default_factory=dict)
    secret: str | None = None  # text that must not be echoed back


def program(expression: str, values: dict | None = None) -> dict:
    return {"expression": expression, "values": values or {}}


def err(id, expression, status, says, at=None, values=None, **kw) -> Case:
    """A program error: status, words in the message, (line, column)."""
    return Case(id, program(expression, values), status, tuple(says.split("|")), at, **kw)


def ok(id, expression, output, values=None, gradients=None) -> Case:
    return Case(id, program(expression, values), 200, output=output, gradients=gradients or {})


def bad_value(id, value, says, loc=("body", "values", "x"), secret=None) -> Case:
    """A malformed `values` entry: 422 in FastAPI's format, located, never echoed."""
    body = {"expression": "x", "values": {"x": value}}
    return Case(id, body, 422, tuple(says.split("|")), loc=loc, secret=secret)


def raw(id, text: str | bytes | Callable, status, says, loc=(), **kw) -> Case:
    return Case(id, text, status, tuple(says.split("|")), loc=loc, **kw)


def touch(path: str) -> str:
    return f"__import__('os').system('touch {path}')"


def nested(depth: int) -> Callable[[], str]:
    return lambda: '{"expression": "sum(x)", "values": {"x": ' + "[" * depth + "]" * depth + "}}"


def column(n: int) -> list[list[float]]:
    return [[0.5] for _ in range(n)]


def row(n: int) -> list[list[float]]:
    return [[0.5] * n]


BIG = 1e308
UNKNOWN = "unknown function"
NOT_LANGUAGE = "not part of the expression language"

CODE_EXECUTION = [
    err("import-system", touch(CANARY), 422, NOT_LANGUAGE, (1, 12)),
    err("import-double-quote", '__import__("os")', 422, NOT_LANGUAGE, (1, 12)),
    err("dunder-class", "x.__class__", 422, "'.'|" + NOT_LANGUAGE, (1, 2)),
    err("subclasses-walk", "().__class__.__bases__[0].__subclasses__()", 422, "'.'", (1, 3)),
    err("open-file", "open('/etc/passwd')", 422, NOT_LANGUAGE, (1, 6)),
    err("eval", "eval(x)", 422, UNKNOWN + "|eval", (1, 1)),
    err("exec", "exec(x)", 422, UNKNOWN + "|exec", (1, 1)),
    err("getattr", "getattr(x, y)", 422, UNKNOWN + "|getattr", (1, 1)),
    err("globals", "globals()", 422, UNKNOWN + "|globals", (1, 1)),
    err("vars", "vars(x)", 422, UNKNOWN + "|vars", (1, 1)),
    err("compile", "compile(x, y, z)", 422, UNKNOWN + "|compile", (1, 1)),
    err("breakpoint", "breakpoint()", 422, UNKNOWN + "|breakpoint", (1, 1)),
    err("print-later-line", "x = 1\nprint(x)", 422, UNKNOWN + "|print", (2, 1)),
    err("lambda", "lambda: 1", 422, "':'", (1, 7)),
    err("lambda-call", "(lambda x: x)(1)", 422, "':'", (1, 10)),
    err("list-comprehension", "[x for x in y]", 422, "'['", (1, 1)),
    err("dict-display", "{x: 1}", 422, "'{'", (1, 1)),
    err("f-string", 'f"{x}"', 422, NOT_LANGUAGE, (1, 2)),
    err("walrus", "(y := 3)", 422, "':'", (1, 4)),
    err("subscript", "x[0]", 422, "'['", (1, 2)),
    err("attribute-call", "x.conjugate()", 422, "'.'", (1, 2)),
    err("function-attribute", "sum.__globals__", 422, "'.'", (1, 4)),
    err("import-statement", "import os", 422, "expected an operator|'os'", (1, 8)),
    err("from-import", "from os import system", 422, "expected an operator|'os'", (1, 6)),
    err("conditional-expression", "x if y else z", 422, "expected an operator|'if'", (1, 3)),
    err("def", "def f(): pass", 422, "':'", (1, 8)),
    err("method-on-module", 'os.system("ls")', 422, "'.'", (1, 3)),
    err("second-statement", 'x; __import__("os")', 422, NOT_LANGUAGE, (1, 15)),
    err("backslash-escape", "\\x41", 422, NOT_LANGUAGE, (1, 1)),
    err("backticks", "`ls`", 422, NOT_LANGUAGE, (1, 1)),
    err("shell-substitution", "$(touch /tmp/x)", 422, NOT_LANGUAGE, (1, 1)),
    err("modulo", "x % y", 422, "'%'", (1, 3)),
    err("floor-division", "x // y", 422, "expected a value before '/'", (1, 4)),
    err("comparison", "x < y", 422, "'<'", (1, 3)),
    err("keyword-not", "not x", 422, "expected an operator|'x'", (1, 5)),
    err("keyword-and", "x and y", 422, "expected an operator|'and'", (1, 3)),
    err("star-args", "exp(*x)", 422, "expected a value before '*'", (1, 5)),
    err("keyword-argument", "max(a=1, b=2)", 422, "'='", (1, 6)),
    err("semicolon-in-call", "exp(x; y)", 422, "';' inside parentheses", (1, 6)),
    # Names are only labels: a dunder name is an ordinary input, computed, never looked up.
    ok(
        "dunder-name-is-just-an-input",
        "__builtins__ * 2",
        6.0,
        {"__builtins__": 3},
        {"__builtins__": 2.0},
    ),
    ok("keyword-name-is-just-an-input", "import * 2", 2.0, {"import": 1}, {"import": 2.0}),
]

CYCLES = [
    err("self-reference", "x = x + 1", 422, "before it is assigned|itself", (1, 1)),
    err("two-cycle", "a = b + 1\nb = a * 2", 422, "b is used|line 1, column 5", (2, 1)),
    err("three-cycle", "a = c\nb = a\nc = b", 422, "c is used", (3, 1)),
    err("reassignment", "x = 1\nx = 2", 422, "assigned twice|line 1", (2, 1)),
    err("assign-constant", "pi = 3", 422, "constant", (1, 1)),
    err("function-as-value", "exp = 2\nexp + 1", 422, "exp is a function", (2, 1)),
    err("function-shadowed-then-called", "exp = 2*x\nexp(x)", 422, "cannot be assigned", (1, 1)),
    err("value-for-assigned-name", "x = 3\nx * 2", 422, "given in values", (1, 1), {"x": 1}),
]

SYNTAX = [
    err("empty", "", 422, "empty", (1, 1)),
    err("only-comment", "   \n\n  # nothing", 422, "empty", (1, 1)),
    err("unclosed-paren", "(x + y", 422, "never closed", (1, 1)),
    err("extra-close-paren", "x + y)", 422, "unmatched ')'", (1, 6)),
    err("trailing-operator", "x +", 422, "value is missing", (1, 3)),
    err("leading-binary-operator", "* x", 422, "expected a value before '*'", (1, 1)),
    err("two-names", "x y", 422, "expected an operator before 'y'", (1, 3)),
    err("unknown-function", "f(x)", 422, UNKNOWN + "|'f'", (1, 1)),
    err("too-few-arguments", "exp()", 422, "exp() takes 1 argument, got 0", (1, 1)),
    err("max-one-argument", "max(x)", 422, "takes 2 arguments, got 1", (1, 1)),
    err("too-many-arguments", "exp(x, y)", 422, "takes 1 argument, got 2", (1, 1)),
    err("bare-comma", "x, y", 422, "',' outside a function call", (1, 2)),
    err("leading-equals", "= x", 422, "'='", (1, 1)),
    err("assign-to-number", "3 = x", 422, "cannot assign to '3'", (1, 1)),
    err("nothing-after-equals", "x =", 422, "nothing after '='", (1, 3)),
    err("chained-assignment", "x = y = 3", 422, "'='", (1, 7)),
    err("two-decimal-points", "1.2.3", 422, "expected an operator before '.3'", (1, 4)),
    err("exponent-without-digits", "1e", 422, "expected an operator before 'e'", (1, 2)),
    err("function-without-call", "exp", 422, "exp is a function", (1, 1)),
    err("line-break-ends-statement", "x +\n y", 422, "value is missing", (1, 3)),
    err("error-on-third-line", "a = 1\n\n  b = a +", 422, "value is missing", (3, 9)),
    err("empty-parentheses", "()", 422, "expected a value before ')'", (1, 2)),
    ok("multi-line-parentheses", "a = 2\nb = (\n  a +\n  3\n)", 5.0),
    ok("double-plus", "x ++ y", 5.0, {"x": 2, "y": 3}, {"x": 1.0, "y": 1.0}),
    ok("double-minus", "x -- y", 5.0, {"x": 2, "y": 3}, {"x": 1.0, "y": 1.0}),
    ok("power-is-right-associative", "2 ^ 3 ^ 2", 512.0),
    ok("negative-exponent", "2 ** -1", 0.5),
    ok("crlf-line-ends", "q = x + y\r\nq * z", -12.0, {"x": -2, "y": 5, "z": -4}),
    ok("tabs-and-semicolons", "\tq = x\t+ y ;\tq * 2", 6.0, {"x": 1, "y": 2}),
]

OVERFLOW = [
    ok("tower-of-powers", "9**9**9", "Infinity"),
    ok("exp-1000", "exp(1000)", "Infinity"),
    ok("exp-exp-exp", "exp(exp(exp(1000)))", "Infinity"),
    ok("huge-power-of-inputs", "x ** y", "Infinity", {"x": 10, "y": 400}),
    ok("zero-over-zero", "0/0", "NaN"),
    ok("log-zero", "log(0)", "-Infinity"),
    ok("sqrt-negative", "sqrt(-1)", "NaN"),
    ok("literal-overflows", "1e999 * x", "Infinity", {"x": 2}),
    ok("literal-underflows", "1e-999 + x", 2.0, {"x": 2}, {"x": 1.0}),
    ok("square-of-max-float", "x * x", "Infinity", {"x": BIG}, {"x": "Infinity"}),
    ok("power-tower-of-tens", "10**10**10**10", "Infinity"),
    ok("very-long-literal", "1" * 5000 + " + 1", "Infinity"),
]

RESOURCES = [
    err("program-over-char-limit", "x" * 200_001, 413, "CHAINRULE_MAX_PROGRAM_CHARS"),
    err("100k-nested-parentheses", "(" * 100_000 + "x" + ")" * 100_000, 413, "characters"),
    ok("50k-nested-parentheses", "(" * 50_000 + "x" + ")" * 50_000, 3.0, {"x": 3}, {"x": 1.0}),
    err("100k-term-sum", "+".join(["x"] * 99_999), 413, "CHAINRULE_MAX_NODES", values={"x": 1}),
    ok("49k-term-sum", "+".join(["x"] * 49_000), 49_000.0, {"x": 1}, {"x": 49_000.0}),
    ok("40k-unary-minus", "-" * 40_000 + "x", 3.0, {"x": 3}, {"x": 1.0}),
    err("60k-unary-minus", "-" * 60_000 + "x", 413, "CHAINRULE_MAX_NODES", values={"x": 3}),
    ok(
        "10k-statement-chain",
        "a0 = x\n" + "\n".join(f"a{i} = a{i - 1} * x" for i in range(1, 10_000)),
        1.0,
        {"x": 1.0},
        {"x": 10_000.0},
    ),
    Case(
        "broadcast-1e5-by-1e5",
        lambda: program("sum(a + b)", {"a": column(100_000), "b": row(100_000)}),
        413,
        ("(100000, 1) and (1, 100000)", "CHAINRULE_MAX_TENSOR_ELEMENTS"),
        (1, 7),
    ),
    Case(
        "broadcast-3000-by-3000",
        lambda: program("sum(a + b)", {"a": column(3000), "b": row(3000)}),
        413,
        ("9,000,000", "CHAINRULE_MAX_TENSOR_ELEMENTS"),
        (1, 7),
    ),
    Case(
        "outer-product-3000",
        lambda: program("s = a @ b\nsum(s)", {"a": column(3000), "b": row(3000)}),
        413,
        ("matmul", "CHAINRULE_MAX_TENSOR_ELEMENTS"),
        (1, 7),
    ),
    Case(
        "amplifying-chain",
        lambda: program(
            "s = a + b\nsum(s * s * s * s * s * s)", {"a": column(1000), "b": row(1000)}
        ),
        413,
        ("CHAINRULE_MAX_TRACE_ELEMENTS",),
        (2, 7),
    ),
    Case(
        "input-over-element-limit",
        lambda: program("sum(x)", {"x": [0] * 1_000_001}),
        413,
        ("1,000,001 elements", "CHAINRULE_MAX_TENSOR_ELEMENTS"),
    ),
    Case(
        "matrix-power-of-work",
        lambda: program("sum(a @ b)", {"a": [[0.5] * 100] * 1000, "b": [[0.5] * 1000] * 100}),
        413,
        ("CHAINRULE_MAX_TENSOR_ELEMENTS",),
        (1, 7),
    ),
    raw(
        "body-over-byte-limit",
        lambda: '{"expression": "x", "values": {"x": ' + "1" * 4_100_000 + "}}",
        413,
        "CHAINRULE_MAX_BODY_BYTES",
    ),
    raw("json-nested-100k", nested(100_000), 400, "nested too deeply"),
    raw("json-nested-5000", nested(5_000), 400, "nested too deeply"),
    raw(
        "int-with-5000-digits",
        '{"expression": "x", "values": {"x": ' + "7" * 5000 + "}}",
        400,
        "too many digits",
    ),
    Case(
        "values-nested-33", nested(33), 422, ("nested deeper than 32",), loc=("body", "values", "x")
    ),
    ok(
        "values-nested-3",
        "sum(x)",
        4.0,
        {"x": [[[1, 1], [1, 1]]]},
        {"x": [[[1.0, 1.0], [1.0, 1.0]]]},
    ),
    ok("empty-name-value-is-ignored", "x", 1.0, {"x": 1, "": 2}, {"x": 1.0}),
]
