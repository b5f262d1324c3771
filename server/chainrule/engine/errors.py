"""Errors the engine raises; each says what went wrong and, for program text, where."""

from __future__ import annotations

MAX_MESSAGE_CHARS = 500


def excerpt(text: str, limit: int = 40) -> str:
    """A short quotable piece of the input (a name, a number) for a message: a message names
    what is wrong, it does not carry a 100,000-character name back."""
    return text if len(text) <= limit else f"{text[: limit - 3]}..."


class ChainruleError(Exception):
    """Base class: a problem with the user's input, never an internal fault."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        if len(message) > MAX_MESSAGE_CHARS:  # whatever the message quotes, it stays short
            keep = (MAX_MESSAGE_CHARS - 5) // 2
            message = f"{message[:keep]} ... {message[-keep:]}"
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column

    def to_detail(self) -> dict:
        """The `detail` object of the API's error response."""
        return {"message": self.message, "line": self.line, "column": self.column}

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        return f"line {self.line}, column {self.column}: {self.message}"


class ParseError(ChainruleError):
    """The program text is outside the grammar or uses names wrongly (1-based line, column)."""


class EvalError(ChainruleError):
    """The program parsed but cannot be computed: missing values, shape mismatch, tensor output."""


class SpecError(ChainruleError):
    """A network, gradient-check or training request is inconsistent."""


class LimitError(ChainruleError):
    """The request is larger than a configured limit; raised before the expensive work."""
