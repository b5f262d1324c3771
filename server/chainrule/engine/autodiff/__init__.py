"""Automatic differentiation: the forward and backward passes over a graph, and the Trace."""

from __future__ import annotations

from .backward import backward
from .forward import coerce_value, forward
from .run import run_program
from .trace import Contribution, TensorSummary, Trace

__all__ = [
    "Contribution",
    "TensorSummary",
    "Trace",
    "backward",
    "coerce_value",
    "forward",
    "run_program",
]
