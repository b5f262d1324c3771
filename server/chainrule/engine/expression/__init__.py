"""Expressions: program text -> statements -> the computational graph, in one pass.

parse.py reads a statement (tokenizer and shunting-yard), build.py adds its nodes to the graph
as soon as it is read, and compile_program is the one entry point that does both and checks
the result against the request's limits.
"""

from __future__ import annotations

from ..graph import Graph
from .build import Program, check_built, parse_and_build

__all__ = ["Program", "compile_program"]


def compile_program(text: str, max_chars: int | None = None, max_nodes: int | None = None) -> Graph:
    """The graph of a program; ParseError (with line and column) for text outside the grammar
    or names used wrongly, LimitError past max_chars characters or max_nodes nodes."""
    return check_built(parse_and_build(text, max_chars), max_nodes)
