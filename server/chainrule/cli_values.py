"""NAME=VALUE arguments of `chainrule trace`: numbers in the expression language's syntax
(`.5`, `2.`, `1e-3`, `-2`) and nested lists of them (`[[1, 2], [3, 4]]`)."""

from __future__ import annotations

import json
import math
import re

# The language's number literal (engine parse.py's `num` token) with an optional sign, since
# a value stands alone where the language would read `-2` as negation of 2.
NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_WORD = re.compile(r"[^\s\[\],]+")  # everything but brackets, commas and spaces


class ValueSyntaxError(ValueError):
    """A NAME=VALUE argument that is not one: the message names the argument."""


def parse_number(text: str) -> int | float:
    """An integer literal stays an int (exact); one with a point or an exponent is a float."""
    if not NUMBER.fullmatch(text):
        raise ValueError(f"{text!r} is not a number")
    number = int(text) if text.lstrip("+-").isdigit() else float(text)
    if not math.isfinite(number):
        raise ValueError(f"{text} is too large for a 64-bit float")
    return number


def parse_value(text: str) -> int | float | list:
    """A number, or a nested list of numbers such as `[1, .5, -2]` or `[[1,2],[3,4]]`: each
    number is read as the language reads it, then JSON's parser checks the brackets."""
    if not text.strip():
        raise ValueError("there is nothing after '='")
    as_json = _WORD.sub(lambda m: json.dumps(parse_number(m.group())), text)
    try:
        return json.loads(as_json)
    except json.JSONDecodeError:
        raise ValueError("its brackets and commas do not make a number or nested list") from None


def parse_assignments(items: list[str]) -> dict[str, object]:
    """NAME=VALUE arguments as a dict; a malformed or repeated one raises ValueSyntaxError."""
    values: dict[str, object] = {}
    for item in items:
        name, sep, raw = item.partition("=")
        name = name.strip()
        if not sep or not NAME.fullmatch(name):
            example = "such as x=-2 or W=[[1,2],[3,4]]"
            raise ValueSyntaxError(f"expected NAME=VALUE ({example}), got {item!r}")
        if name in values:
            raise ValueSyntaxError(f"{name} is given more than once")
        try:
            values[name] = parse_value(raw)
        except ValueError as exc:
            raise ValueSyntaxError(
                f"the value of {name} is not a number or a nested list of numbers: {exc}"
            ) from None
    return values
