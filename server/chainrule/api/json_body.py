"""Parsing a request body: JSON where a key given twice in one object is refused, and the
answer (status, message, line, column) for a body that is not such JSON.

Python's json module keeps the last of duplicate keys silently, so `{"h": 1, "h": 1e-300}`
would mean whatever the last one says; loads() refuses them (400 naming the key).
"""

from __future__ import annotations

import json
from typing import Any

from .errors import excerpt


class DuplicateKey(ValueError):
    """A JSON object in the body has the same key twice."""

    def __init__(self, key: str):
        super().__init__(f"the JSON body has the key {excerpt(key)!r} twice in one object")


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise DuplicateKey(key)
            seen.add(key)
    return result


def loads(body: bytes | str) -> Any:
    return json.loads(body, object_pairs_hook=_object)


def body_error(exc: Exception) -> tuple[str, int | None, int | None] | None:
    """(message, line, column) of a parse failure of loads(), or None if `exc` is not one."""
    if isinstance(exc, DuplicateKey):
        return str(exc), None, None
    if isinstance(exc, json.JSONDecodeError):
        return f"the body is not valid JSON: {exc.msg}", exc.lineno, exc.colno
    if isinstance(exc, UnicodeDecodeError):
        return "the body is not valid UTF-8", None, None
    if isinstance(exc, RecursionError):
        return "the JSON body is nested too deeply to parse", None, None
    if isinstance(exc, ValueError) and "digits" in str(exc):
        return "the JSON body has a number with too many digits", None, None
    return None
