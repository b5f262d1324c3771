"""The engine's one entry point for programs: text and values in, Trace out."""

from __future__ import annotations

import time
from typing import Any

from ..expression.parse import parse_program
from ..graph import build_graph
from .forward import UNLIMITED, Limits, Trace, backward, forward


def run_program(text: str, values: dict[str, Any], limits: Limits = UNLIMITED) -> Trace:
    """Parse, build, run forward and backward; raises ChainruleError subclasses on bad input."""
    # One deadline for the whole run (parsing is bounded by the program size limit instead).
    deadline = None if limits.max_seconds is None else time.monotonic() + limits.max_seconds
    program = parse_program(text, limits.max_program_chars)
    graph = build_graph(program, limits.max_nodes)
    values_ = forward(graph, values, limits, deadline=deadline)
    return backward(graph, values_, limits, deadline=deadline)
