"""The engine's one entry point for programs: text and values in, Trace out."""

from __future__ import annotations

from typing import Any

from .autodiff import UNLIMITED, Limits, Trace, backward, forward
from .graph import build_graph
from .parse import parse_program


def run_program(text: str, values: dict[str, Any], limits: Limits = UNLIMITED) -> Trace:
    """Parse, build, run forward and backward; raises ChainruleError subclasses on bad input."""
    program = parse_program(text, limits.max_program_chars)
    graph = build_graph(program, limits.max_nodes)
    return backward(graph, forward(graph, values, limits))
