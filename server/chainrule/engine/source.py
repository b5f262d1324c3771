"""Program text positions: character offsets to 1-based (line, column), for error messages."""

from __future__ import annotations

import bisect


def line_starts(text: str) -> list[int]:
    """The offset at which each line of text begins (for offset -> line, column)."""
    starts = [0]
    find = text.find
    at = find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = find("\n", at + 1)
    return starts


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a character offset into text."""
    starts = line_starts(text)
    line = bisect.bisect_right(starts, offset)
    return line, offset - starts[line - 1] + 1
