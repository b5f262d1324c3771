"""Hostile request bodies and characters: bad values, non-ASCII and control characters, HTTP.

Cases use the Case type of hostile_corpus; see there for what each field means.
"""

from __future__ import annotations

from .hostile_corpus import Case, bad_value, err, program, raw

SECRET = "SECRET-d41d8cd9"  # a marker the server must never echo back
NUMBER = "must be a number or a nested list of numbers"

VALUES = [
    bad_value("string-value", SECRET, "is a string|" + NUMBER, secret=SECRET),
    bad_value("numeric-string-value", "1", "is a string"),
    bad_value("null-value", None, "is null"),
    bad_value("boolean-value", True, "is a boolean"),
    bad_value("object-value", {"value": 1, "note": SECRET}, "is an object", secret=SECRET),
    bad_value("string-inside-list", [[1, SECRET]], "element [0][1] is a string", secret=SECRET),
    bad_value("boolean-inside-list", [1.0, False], "element [1] is a boolean"),
    bad_value("null-inside-list", [1.0, None], "element [1] is null"),
    bad_value("integer-too-large", 10**400, "too large for a 64-bit float"),
    bad_value("negative-integer-too-large", -(10**309), "too large"),
    raw(
        "nan-literal",
        '{"expression": "x", "values": {"x": NaN}}',
        422,
        "not finite",
        ("body", "values", "x"),
    ),
    raw(
        "infinity-literal",
        '{"expression": "x", "values": {"x": Infinity}}',
        422,
        "not finite",
        ("body", "values", "x"),
    ),
    raw(
        "minus-infinity-in-list",
        '{"expression": "sum(x)", "values": {"x": [1, -Infinity]}}',
        422,
        "element [1] is not finite",
        ("body", "values", "x"),
    ),
    raw(
        "exponent-overflows-to-infinity",
        '{"expression": "x", "values": {"x": 1e400}}',
        422,
        "not finite",
        ("body", "values", "x"),
    ),
    err("ragged-list", "sum(x)", 422, "x|not a rectangular list", values={"x": [[1, 2], [3]]}),
    err("empty-list", "sum(x)", 422, "x|empty", values={"x": []}),
    err("missing-value", "x * y", 422, "no value given for y", (1, 5), values={"x": 1}),
    err(
        "shape-mismatch",
        "sum(x + y)",
        422,
        "(3,) and (2,)",
        (1, 7),
        values={"x": [1, 2, 3], "y": [1, 2]},
    ),
    err(
        "matmul-inner-mismatch",
        "sum(W @ x)",
        422,
        "(2, 3) and (2,)",
        (1, 7),
        values={"W": [[1, 2, 3], [4, 5, 6]], "x": [1, 2]},
    ),
    err("matmul-of-scalars", "x @ y", 422, "@", (1, 3), values={"x": 1, "y": 2}),
    err("tensor-output", "x * 2", 422, "must be a scalar|sum(", (1, 3), values={"x": [1, 2]}),
    Case(
        "values-is-a-list",
        {"expression": "x", "values": [1, 2]},
        422,
        ("dictionary",),
        loc=("body", "values"),
    ),
    Case(
        "expression-is-a-number",
        {"expression": 42, "values": {}},
        422,
        ("string",),
        loc=("body", "expression"),
    ),
    Case("expression-is-null", {"expression": None}, 422, ("string",), loc=("body", "expression")),
    Case(
        "expression-missing", {"values": {"x": 1}}, 422, ("required",), loc=("body", "expression")
    ),
    Case(
        "extra-field",
        {"expression": "x", "values": {"x": 1}, "code": SECRET},
        422,
        ("extra",),
        loc=("body", "code"),
        secret=SECRET,
    ),
    Case("body-is-a-list", ["x", {"x": 1}], 422, ("object",), loc=("body",)),
    Case("body-is-a-string", '"x"', 422, ("object",), loc=("body",)),
    raw("body-not-json", "expression=x&values=1", 400, "not valid JSON", at=(1, 1)),
    raw(
        "truncated-json",
        '{"expression": "x", "values": {"x": 1',
        400,
        "not valid JSON",
        at=(1, 38),
    ),
    raw("empty-body", "", 422, "required", ("body",)),
    raw("invalid-utf8", b'{"expression": "x\xff\xfe", "values": {}}', 400, "UTF-8"),
    raw(
        "duplicate-keys-refused",
        '{"expression": "y", "expression": "x", "values": {"x": 2}}',
        400,
        "key 'expression' twice",
    ),
    raw(
        "duplicate-keys-in-values",
        '{"expression": "x", "values": {"x": 2, "x": 3}}',
        400,
        "key 'x' twice",
    ),
]

CHARACTERS = [
    err("latin-letter", "é + 1", 422, "unexpected character 'é'|U+00E9", (1, 1)),
    err("fullwidth-letter", "x + ｙ", 422, "U+FF59", (1, 5)),
    err("greek-pi", "π * r ** 2", 422, "U+03C0", (1, 1)),
    err("emoji", "x * 🙂", 422, "U+1F642", (1, 5)),
    err("zero-width-space", "x\u200b + y", 422, "U+200B", (1, 2)),
    err("right-to-left-override", "x\u202e + y", 422, "U+202E", (1, 2)),
    err("null-byte", "x\x00", 422, "null byte", (1, 2)),
    err("null-byte-in-name", "a\x00b = 1", 422, "null byte", (1, 2)),
    err("bell-character", "x\x07 + 1", 422, "control character U+0007", (1, 2)),
    err("escape-sequence", "\x1b[31mx", 422, "control character U+001B", (1, 1)),
    # JSON can carry a lone surrogate (as an escape) that UTF-8 cannot: the answer must still
    # encode.
    raw("lone-surrogate", '{"expression": "x + \\ud800"}', 422, "U+D800", at=(1, 5)),
    err("non-ascii-on-line-two", "x = 1\ny = é", 422, "U+00E9", (2, 5)),
    err("non-breaking-space", "x\u00a0+ 1", 422, "U+00A0", (1, 2)),
    err("unicode-minus", "x − y", 422, "U+2212", (1, 3)),
    Case("non-ascii-value-name-is-ignored", program("x", {"x": 1, "é": 2}), 200, output=1.0),
]


def streamed_body():
    """A body with no Content-Length, sent in chunks past the 4 MB limit."""
    yield b'{"expression": "x", "values": {"x": '
    for _ in range(42):
        yield b"1" * 100_000
    yield b"}}"


HTTP = [
    raw("streamed-body-over-byte-limit", streamed_body, 413, "CHAINRULE_MAX_BODY_BYTES"),
    Case("get-on-graph", None, 405, ("method not allowed",), method="GET"),
    Case("delete-on-graph", None, 405, ("method not allowed",), method="DELETE"),
    Case("post-on-health", {}, 405, ("method not allowed",), path="/api/v1/health"),
    Case("unknown-api-path", None, 404, ("not found",), path="/api/v1/eval", method="GET"),
    Case(
        "api-path-traversal",
        None,
        404,
        ("not found",),
        path="/api/v1/../../../etc/passwd",
        method="GET",
    ),
    Case(
        "static-path-traversal",
        None,
        404,
        (),
        path="/js/..%2f..%2f..%2fpyproject.toml",
        method="GET",
    ),
    raw(
        "text-plain-content-type",
        '{"expression": "x", "values": {"x": 1}}',
        415,
        "must be JSON",
        headers={"content-type": "text/plain"},
    ),
    raw(
        "bad-content-length",
        '{"expression": "x"}',
        400,
        "Content-Length",
        headers={"content-length": "many"},
    ),
    Case("ops-ignores-query", None, 200, path="/api/v1/ops?x=__import__", method="GET"),
]
