"""Limits: the per-request budget, and the checks the passes make against it.

Sizes are checked before the numpy work they guard (an op's result size from its input shapes,
its multiply-adds), the running count of numbers in the trace after each tensor op, and the
wall-clock deadline every 1,024 scalar ops and after every tensor op. Each failure is a
LimitError located at the op's place in the program.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .errors import EvalError, LimitError
from .graph import Graph
from .parse import position


@dataclass(frozen=True, slots=True)
class Limits:
    """Size limits checked before the expensive work; None means unlimited."""

    max_program_chars: int | None = None
    max_nodes: int | None = None
    max_tensor_elements: int | None = None  # elements in any one value
    max_work: int | None = None  # total work units (elements / multiply-adds) of a forward pass
    # Numbers in the whole trace (every node's value, counted once): the response repeats each
    # several times (value, gradient, steps, edges), so this bounds the response size.
    max_trace_elements: int | None = None
    max_seconds: float | None = None  # wall-clock budget of forward + backward


UNLIMITED = Limits()


UNLIMITED = Limits()


class Budget:
    """What the forward pass has used so far: work units and numbers in the trace."""

    __slots__ = ("spent", "elements")

    def __init__(self, elements: int):
        self.spent = 0
        self.elements = elements


def tensor_forward(graph: Graph, i: int, args: tuple, limits: Limits, state: Budget) -> Any:
    """One op on numpy values (tensors, or numpy scalars): limits checked, then computed."""
    op = graph.ops[i]
    if not op.elementwise or any(type(a) is not np.float64 for a in args):
        state.spent += _check_work(graph, i, args, limits)
        if limits.max_work is not None and state.spent > limits.max_work:
            raise located(
                LimitError,
                graph,
                i,
                f"the computation needs more than {limits.max_work:,} work units "
                "(CHAINRULE_MAX_WORK)",
            )
    result = op.forward(*args)
    if type(result) is float:  # numpy scalars mark values that came through numpy
        result = np.float64(result)
    size = np.size(result)
    if size > 1:
        if limits.max_tensor_elements is not None and size > limits.max_tensor_elements:
            raise located(LimitError, graph, i, _elements_message(op, size, limits))
        state.elements += size - 1
        if limits.max_trace_elements is not None and state.elements > limits.max_trace_elements:
            raise located(LimitError, graph, i, trace_message(limits.max_trace_elements))
    return result


def _elements_message(op, size: int, limits: Limits) -> str:
    return (
        f"{op.name} would make a value of {size:,} elements; the limit is "
        f"{limits.max_tensor_elements:,} (CHAINRULE_MAX_TENSOR_ELEMENTS)"
    )


def trace_message(max_trace: int) -> str:
    return (
        f"the trace would hold more than {max_trace:,} numbers (every node's value and "
        "gradient is part of the response; CHAINRULE_MAX_TRACE_ELEMENTS)"
    )


def time_message(limits: Limits) -> str:
    return (
        f"the computation took longer than {limits.max_seconds:g} s and was stopped "
        "(CHAINRULE_MAX_SECONDS)"
    )


def _check_work(graph: Graph, i: int, args: tuple, limits: Limits) -> int:
    op = graph.ops[i]
    shapes = tuple(np.shape(a) for a in args)
    try:
        work = op.estimate_work(shapes)
    except ValueError as exc:
        message = str(exc)
        if "broadcast" in message or "shape mismatch" in message:
            shown = " and ".join(str(tuple(s)) for s in shapes)
            message = f"{op.name}: shapes {shown} cannot be broadcast together"
        raise located(EvalError, graph, i, message + _needs_hint(graph, i, shapes)) from None
    max_elements = limits.max_tensor_elements
    if max_elements is not None and (
        work > max_elements * 64 or (op.work is None and work > max_elements)
    ):
        # Elementwise work is the size of the result; other ops' results are checked after.
        raise located(
            LimitError,
            graph,
            i,
            f"{op.name} on shapes "
            f"{' and '.join(str(s) for s in shapes)} is too large: {work:,} elements or "
            f"multiply-adds; the limit is {max_elements:,} elements "
            "(CHAINRULE_MAX_TENSOR_ELEMENTS)",
        )
    return work


def _needs_hint(graph: Graph, i: int, shapes: tuple) -> str:
    """`: give W a value like [[1, 2], [3, 4]]`: how to type the tensors an op needs."""
    op = graph.ops[i]
    if op.needs is None:
        return ""
    names, others = [], []
    sides = ("left", "right") if op.arity == 2 else ("",)
    for j, side, example in zip(graph.inputs[i], sides, op.needs(*shapes), strict=True):
        if example is None:
            continue
        if graph.kinds[j] == "input":
            names.append(f"{graph.labels[j]} a value like {example}")
        else:
            others.append(f"the {side} side must be a tensor such as {example}".replace("  ", " "))
    hints = ([f"give {' and '.join(names)}"] if names else []) + others
    return f": {'; '.join(hints)}" if hints else ""


def located(cls, graph: Graph, i: int, message: str):
    offset = graph.offsets[i]
    if offset < 0:
        return cls(message)
    return cls(message, *position(graph.text, offset))
