"""The engine's one entry point for programs: text and values in, Trace out."""

from __future__ import annotations

from typing import Any

from ..budget import Budget, Limits
from ..expression import compile_program
from .backward import backward
from .forward import forward
from .trace import Trace


def run_program(
    text: str,
    values: dict[str, Any],
    limits: Limits | None = None,
    *,
    budget: Budget | None = None,
    record: str = "arrays",
) -> Trace:
    """Compile, run forward and backward; raises ChainruleError subclasses on bad input.

    One budget covers the whole run (its deadline starts when it is made); give either the
    request's budget or limits to make one from (parsing is bounded by the program size).
    """
    if budget is None:
        budget = Budget(limits) if limits is not None else Budget()
    limits = budget.limits
    graph = compile_program(text, limits.max_program_chars, limits.max_nodes)
    return backward(graph, forward(graph, values, budget), budget, record=record)
