"""The forward pass: every node's value in topological order, each op's limits checked first.

Scalars are plain Python floats computed by each op's float kernel (numpy only where Python
would raise instead of giving inf or nan), so a 100,000-statement program runs at the speed
of Python arithmetic. Tensors go through numpy; before each tensor op the request's Budget is
charged from the input shapes alone (the result's size and shape, the work, the numbers the
response will carry), so nothing over a limit is ever allocated.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np

from ..budget import Budget
from ..errors import ChainruleError, EvalError, LimitError, excerpt
from ..graph import Graph
from ..ops import KERNEL_ERRORS
from ..source import position
from .shape_check import ShapeCheck, keep, shape_key

_f64 = np.float64


def coerce_value(name: str, raw: Any) -> Any:
    """A user-supplied value as float64: a float for a number, an ndarray for nested lists."""
    if type(raw) is np.ndarray and raw.dtype == _f64 and raw.ndim and raw.size:
        return raw  # already what the passes compute on (a network's weights and data)
    if isinstance(raw, bool) or raw is None or isinstance(raw, str | dict):
        raise EvalError(
            f"the value of {name} must be a number or a nested list of numbers, "
            f"not {type(raw).__name__}"
        )
    if isinstance(raw, int | float | np.floating | np.integer):
        return float(raw)  # scalars are plain floats: the passes compute them without numpy
    try:
        array = np.asarray(raw, dtype=np.float64)
    except (ValueError, TypeError) as exc:
        raise EvalError(
            f"the value of {name} is not a rectangular list of numbers "
            "(rows of different lengths, or non-numbers)"
        ) from exc
    if array.ndim == 0:
        return float(array)
    if array.size == 0:
        raise EvalError(f"the value of {name} is empty")
    return array


def forward(
    graph: Graph,
    values: dict[str, Any],
    budget: Budget | None = None,
    *,
    charge: bool = True,
    stop: int | None = None,
) -> list[Any]:
    """Compute every node's value in topological order (nodes before `stop`, if given; the
    rest stay None, and their inputs need no value).

    budget is the request's (unlimited if None). charge=False is for a pass over the same
    shapes as an earlier, charged one (a gradient check's nudges, training's steps): it
    charges nothing and skips the shape checks, which that pass made; the deadline holds.
    """
    budget = Budget() if budget is None else budget
    n = len(graph) if stop is None else stop
    _check_missing(graph, values, n)
    if charge and len(values) > len(graph.input_nodes):
        _check_not_assigned(graph, values)
    out: list[Any] = [None] * len(graph)
    max_elements = budget.limits.max_tensor_elements
    numbers = len(out)  # numbers in the trace: every node holds at least one
    for name, i in graph.input_nodes.items():
        if i >= n:
            continue
        value = values[name]
        if charge or type(value) is not np.ndarray or value.dtype != np.float64:
            value = coerce_value(name, value)  # (a trusted pass's arrays are float64 already)
        size = value.size if type(value) is np.ndarray else 1
        if max_elements is not None and size > max_elements:
            raise LimitError(
                f"the value of {name} has {size:,} elements; the limit "
                f"is {max_elements:,} (CHAINRULE_MAX_TENSOR_ELEMENTS)"
            )
        numbers += size - 1
        out[i] = value
    for i, value in graph.constants.items():
        if type(value) is float or np.ndim(value) == 0:
            out[i] = float(value)
        else:  # a tensor constant (a network's target vector; float64 already, so not copied)
            out[i] = np.asarray(value, dtype=np.float64)
            numbers += out[i].size - 1
    check = None  # what this pass's op checks find, to keep for the next same-shaped run
    if charge:
        budget.count(numbers)
        if graph.checked is not None:
            key = shape_key(graph, out, n, budget)
            known = graph.checked.get(key)
            if known is not None and known.allows(budget):
                known.charge(budget)  # the checks passed on these shapes: charge what they did
                charge = False
            else:
                check = ShapeCheck()
    ops, inputs = graph.ops, graph.inputs
    deadline = budget.deadline
    i = 0
    with np.errstate(all="ignore"):  # overflow is inf and 0/0 is nan, as in IEEE arithmetic
        try:
            for i in range(n):
                op = ops[i]
                if op is None:
                    continue
                sources = inputs[i]
                # Floats through an elementwise op: its float kernel, numpy where that raises.
                if op.partials is not None:
                    if len(sources) == 2:
                        a = out[sources[0]]
                        b = out[sources[1]]
                        if type(a) is float and type(b) is float:
                            kernel = op.kernel
                            try:
                                out[i] = kernel(a, b)  # type: ignore[misc]
                            except (TypeError, *KERNEL_ERRORS):  # no kernel, or Python raised
                                out[i] = float(op.forward(_f64(a), _f64(b)))
                            if deadline is not None and not i & 1023:
                                budget.check_time()
                            continue
                    elif len(sources) == 1:
                        a = out[sources[0]]
                        if type(a) is float:
                            kernel = op.kernel
                            try:
                                out[i] = kernel(a)  # type: ignore[misc]
                            except (TypeError, *KERNEL_ERRORS):
                                out[i] = float(op.forward(_f64(a)))
                            if deadline is not None and not i & 1023:
                                budget.check_time()
                            continue
                args = numpy_args(out, sources)
                if charge:
                    out[i] = tensor_op(graph, i, args, budget, check)
                else:
                    result = op.forward(*args)
                    out[i] = _f64(result) if type(result) is float else result
                if deadline is not None:
                    budget.check_time()
        except ChainruleError as exc:
            raise _located(graph, i, exc) from None
    if check is not None:
        keep(graph, key, check)
    return out


def _located(graph: Graph, i: int, exc: ChainruleError) -> ChainruleError:
    """A limit or an op that refuses its inputs knows what, not where: locate it at node i."""
    return exc if exc.line is not None else graph.error(type(exc), i, exc.message)


def tensor_op(
    graph: Graph, i: int, args: tuple, budget: Budget, check: ShapeCheck | None = None
) -> Any:
    """Node i's op on numpy values: its result's shape, size and work checked from the input
    shapes against the budget first (and noted in `check`), then computed."""
    op = graph.ops[i]
    assert op is not None
    shapes = tuple(np.shape(a) for a in args)
    try:
        shape = op.result_shape(shapes)
        work = op.estimate_work(shapes, shape)
    except ValueError as exc:
        message = str(exc)
        if "broadcast" in message or "shape mismatch" in message:
            message = f"{op.name}: shapes {_shown(shapes)} cannot be broadcast together"
        raise EvalError(message + _needs_hint(graph, i, shapes)) from None
    size = math.prod(shape)
    max_elements = budget.limits.max_tensor_elements
    if max_elements is not None:
        if size > max_elements:
            raise LimitError(
                f"{op.name} on shapes {_shown(shapes)} would make a value of {size:,} elements; "
                f"the limit is {max_elements:,} (CHAINRULE_MAX_TENSOR_ELEMENTS)"
            )
        if work > 64 * max_elements:  # a result within the limit that costs far more
            raise LimitError(
                f"{op.name} on shapes {_shown(shapes)} is too large: {work:,} multiply-adds; "
                f"the limit is {max_elements:,} elements (CHAINRULE_MAX_TENSOR_ELEMENTS)"
            )
    budget.spend(work)
    numbers = size - 1
    if budget.full_edges:  # each tensor edge: its contribution and the running total
        numbers += sum(2 * np.size(a) for a in args if np.ndim(a))
    if numbers:
        budget.count(numbers)
    if check is not None:
        check.note(size, work, numbers)
    result = op.forward(*args)
    if type(result) is float:  # numpy scalars mark values that came through numpy
        result = _f64(result)
    return result


def numpy_args(values: list[Any], sources: tuple[int, ...]) -> tuple[Any, ...]:
    """The values at sources, floats as numpy scalars (no generator: this runs per node)."""
    if len(sources) == 1:
        a = values[sources[0]]
        return (_f64(a) if type(a) is float else a,)
    if len(sources) == 2:
        a = values[sources[0]]
        b = values[sources[1]]
        return (_f64(a) if type(a) is float else a, _f64(b) if type(b) is float else b)
    return tuple([_f64(values[j]) if type(values[j]) is float else values[j] for j in sources])


def _shown(shapes: tuple[tuple[int, ...], ...]) -> str:
    return " and ".join(str(tuple(s)) for s in shapes)


def _check_not_assigned(graph: Graph, values: dict[str, Any]) -> None:
    """A value given for a name the program assigns would be silently ignored: refuse it."""
    labels = set(graph.labels)
    for name in values:
        if name in graph.input_nodes or name not in labels:
            continue  # an input, or a value the program does not mention
        where = graph.offsets[graph.labels.index(name)]
        line, column = position(graph.text, where) if where >= 0 else (None, None)
        if where >= 0:  # point at the assignment's target, `name = ...`, on that line
            start = graph.text.rfind("\n", 0, where) + 1
            found = re.search(rf"(?<![A-Za-z0-9_]){re.escape(name)}\s*=", graph.text[start:where])
            if found:
                column = found.start() + 1
        raise EvalError(
            f"{excerpt(name)} is given in values but the program assigns it (line {line}); "
            "the given value would be ignored: rename one of them",
            line,
            column,
        )


def _check_missing(graph: Graph, values: dict[str, Any], n: int) -> None:
    missing = [name for name, i in graph.input_nodes.items() if i < n and name not in values]
    if missing:
        i = graph.input_nodes[missing[0]]
        raise graph.error(
            EvalError,
            i,
            f"no value given for {', '.join(missing)}: every free name is an input and needs "
            "a value",
        )


def _needs_hint(graph: Graph, i: int, shapes: tuple) -> str:
    """`: give W a value like [[1, 2], [3, 4]]`: how to type the tensors an op needs."""
    op = graph.ops[i]
    if op is None or op.needs is None:
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
