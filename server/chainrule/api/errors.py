"""The API's one error shape, {"detail": {"message", "line", "column"}}, and its short excerpts.

Shared by the app's exception handlers (api/app.py) and the worker processes (api/worker.py),
so an error reads the same wherever it was raised.
"""

from __future__ import annotations

import json

from ..engine.errors import ChainruleError, LimitError

MAX_MESSAGE_CHARS = 500  # an error names what is wrong; it never carries the input back


def error_detail(message: str, line: int | None = None, column: int | None = None) -> dict:
    return {"message": short(message), "line": line, "column": column}


def error_bytes(message: str, line: int | None = None, column: int | None = None) -> bytes:
    return json.dumps({"detail": error_detail(message, line, column)}).encode()


def chainrule_error(exc: ChainruleError) -> tuple[int, dict]:
    """(status, body) of an engine error: 413 for a limit, 422 for anything else."""
    status = 413 if isinstance(exc, LimitError) else 422
    return status, {"detail": error_detail(exc.message, exc.line, exc.column)}


def short(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """The text, or its start and end around an ellipsis when it is longer than `limit`."""
    if len(text) <= limit:
        return text
    keep = (limit - 5) // 2
    return f"{text[:keep]} ... {text[-keep:]}"


def excerpt(text: str, limit: int = 40) -> str:
    """A short quotable piece of user input (names, numbers) for a message."""
    if len(text) <= limit:
        return text
    return f"{text[: limit - 3]}..."
