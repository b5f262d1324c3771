"""Gradient check: the backward pass's gradients against central differences of the forward pass.

For every scalar element of every checked input, the numerical gradient is
(f(x + h) - f(x - h)) / 2h, each side one run of the engine's forward pass (nothing else), and
relative_error = |a - n| / max(|a|, |n|, tiny). `tiny` is the central difference's own rounding
noise scaled to the threshold, 16·eps·S / (h · threshold) (at least 1e-12), where S is the largest
magnitude among f(x ± h) and every node's value (rounding in a large intermediate survives into
f even when it cancels); so a gradient that is zero analytically and zero up to rounding
numerically agrees, while a wrong derivative above the noise still fails. An element passes
when its relative error is at most THRESHOLD (1e-5); with the default h = 1e-6 correct float64
gradients sit near 1e-9.

Kinks: relu, abs, max and min (the ops with a `kink` in the registry) are not differentiable
everywhere. When nudging an element moves any such node across its kink, which shows as that
node's local derivatives differing between x + h and x - h, the element is reported `at_kink`
with its one-sided differences, and the node is listed under `kinks`; such elements are left out
of the pass/fail verdict, since no finite difference can confirm a one-sided choice there.

Budget: 2 forward passes per scalar element (plus one at the point itself); at most
MAX_ELEMENTS (2,000) elements, passes × graph nodes at most MAX_NODE_RUNS (1,000,000), and all
passes together within the work limit (CHAINRULE_MAX_WORK); over any, LimitError (HTTP 413),
raised before the first nudge. The request's one Budget covers every pass: one deadline
(CHAINRULE_MAX_SECONDS) for the whole check, not one per pass. `inputs` narrows the check to
some inputs.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..autodiff import backward, coerce_value, forward
from ..budget import Budget, Limits
from ..errors import EvalError, LimitError
from ..graph import Graph
from ..results.gradient_results import GradcheckResult, InputCheck
from .subject import subject_graph

DEFAULT_H = 1e-6
# The smallest step, relative to max(1, |x|): below it float64 cannot difference f. With
# h = 1e-10 the rounding noise of (f(x+h) - f(x-h)) / 2h is about eps / h ≈ 2e-6 of f, already
# near THRESHOLD (1e-5); a smaller h would compare the analytic gradient with noise (and
# h = 1e-20 makes x + h == x, a difference of exactly 0).
MIN_RELATIVE_H = 1e-10
THRESHOLD = 1e-5
MAX_ELEMENTS = 2_000  # scalar elements checked per request: 4,000 forward passes
MAX_NODE_RUNS = 1_000_000  # forward passes × graph nodes (about 1 µs each): about a second
_EPS = float(np.finfo(np.float64).eps)


def check_gradients(
    expression: str | None = None,
    values: dict[str, Any] | None = None,
    *,
    network: dict[str, Any] | None = None,
    h: float = DEFAULT_H,
    inputs: list[str] | None = None,
    budget: Budget | None = None,
) -> GradcheckResult:
    """Check every input gradient of a program (with its values) or of a network spec (its
    weights, biases and input, at layer granularity), within the request's budget."""
    budget = Budget() if budget is None else budget
    graph, values, _spec = subject_graph(expression, values, network, budget)
    return gradcheck_graph(graph, values, h=h, inputs=inputs, budget=budget)


def gradcheck_graph(
    graph: Graph,
    values: dict[str, Any],
    *,
    h: float = DEFAULT_H,
    inputs: list[str] | None = None,
    budget: Budget | None = None,
) -> GradcheckResult:
    """Check d output / d input for the named inputs (all inputs by default) of a graph."""
    budget = Budget() if budget is None else budget
    if not (isinstance(h, int | float) and math.isfinite(h) and h > 0):
        raise EvalError(f"the step h must be a positive finite number, got {h!r}")
    if h < MIN_RELATIVE_H:
        raise EvalError(_small_h_message(h, MIN_RELATIVE_H))
    base = forward(graph, values, budget)
    trace = backward(graph, base, budget, record="gradients")
    names = _checked_names(graph, inputs)
    point = {name: coerce_value(name, values[name]) for name in graph.input_nodes}
    elements = sum(int(np.size(point[name])) for name in names)
    for name in names:
        bound = MIN_RELATIVE_H * max(1.0, _largest_finite([point[name]]))
        if h < bound:
            raise EvalError(_small_h_message(h, bound, name))
    _check_budget(graph, base, elements, budget)

    kink_nodes = [i for i, op in enumerate(graph.ops) if op is not None and op.kink is not None]
    crossings: dict[int, list[dict[str, Any]]] = {i: [] for i in kink_nodes}
    scale = _largest_finite(base)
    f0 = float(base[graph.output])
    out = graph.output
    results: dict[str, Any] = {}
    worst: dict[str, Any] | None = None
    for name in names:
        x = point[name]
        analytic = np.asarray(trace.grads[graph.input_nodes[name]], dtype=np.float64)
        numerical = np.empty(np.shape(x))
        rel = np.empty(np.shape(x))
        at_kink = np.zeros(np.shape(x), dtype=bool)
        for index in np.ndindex(np.shape(x)):
            # Charged up front (_check_budget); the request's one deadline still applies.
            plus = forward(graph, {**point, name: _nudged(x, index, h)}, budget, charge=False)
            minus = forward(graph, {**point, name: _nudged(x, index, -h)}, budget, charge=False)
            budget.check_time()
            fp, fm = float(plus[out]), float(minus[out])
            with np.errstate(all="ignore"):
                n = (fp - fm) / (2.0 * h)
            a = float(analytic[index])
            numerical[index] = n
            rel[index] = relative_error(a, n, _tiny(max(scale, abs(fp), abs(fm)), h))
            crossed = [i for i in kink_nodes if _crosses(graph, i, plus, minus)]
            if crossed:
                at_kink[index] = True
                with np.errstate(all="ignore"):
                    entry = {
                        "input": name,
                        "index": list(index),
                        "left": float((f0 - fm) / h),
                        "right": float((fp - f0) / h),
                        "analytic": a,
                    }
                for i in crossed:
                    crossings[i].append(entry)
            elif worst is None or not rel[index] <= worst["relative_error"]:
                worst = {
                    "input": name,
                    "index": list(index),
                    "analytic": a,
                    "numerical": float(n),
                    "relative_error": float(rel[index]),
                }
        checked = ~at_kink
        scalar = not np.ndim(x)
        results[name] = InputCheck(
            tuple(np.shape(x)),
            float(analytic) if scalar else analytic,
            float(numerical) if scalar else numerical,
            float(rel) if scalar else rel,
            bool(at_kink) if scalar else at_kink,
            bool(np.all(rel[checked] <= THRESHOLD)),
        )
    kinks = _kink_report(graph, base, kink_nodes, crossings)
    return GradcheckResult(
        output=f0,
        h=h,
        threshold=THRESHOLD,
        inputs=results,
        max_relative_error=None if worst is None else worst["relative_error"],
        worst=worst,
        passed=all(r.passed for r in results.values()),
        kinks=kinks,
        forward_passes=2 * elements + 1,
    )


def _small_h_message(h: float, bound: float, name: str | None = None) -> str:
    at = f" for {name}, whose largest element is {bound / MIN_RELATIVE_H:g}" if name else ""
    return (
        f"the step h = {h:g} is too small for float64 to difference: h must be at least "
        f"{MIN_RELATIVE_H:g} × max(1, |x|){at}, i.e. at least {bound:g} (the default is "
        f"{DEFAULT_H:g})"
    )


def relative_error(a: float, n: float, tiny: float = 1e-12) -> float:
    """|a - n| / max(|a|, |n|, tiny); NaN when either side is not finite and they differ."""
    if a == n:  # covers matching infinities, whose difference would be NaN
        return 0.0
    with np.errstate(all="ignore"):
        return float(abs(a - n) / max(abs(a), abs(n), tiny))


def _tiny(scale: float, h: float) -> float:
    if not math.isfinite(scale):
        return 1e-12
    return max(1e-12, 16.0 * _EPS * scale / (h * THRESHOLD))


def _largest_finite(values: list[Any]) -> float:
    largest = 0.0
    for v in values:
        magnitude = np.abs(v)
        finite = magnitude[np.isfinite(magnitude)] if np.ndim(v) else magnitude
        if np.size(finite) and np.isfinite(np.max(finite)):
            largest = max(largest, float(np.max(finite)))
    return largest


def _nudged(x: Any, index: tuple[int, ...], delta: float) -> Any:
    if np.ndim(x) == 0:
        return np.float64(x + delta)
    y = np.array(x, dtype=np.float64)
    y[index] += delta
    return y


def _crosses(graph: Graph, i: int, plus: list[Any], minus: list[Any]) -> bool:
    """Whether node i's local derivatives differ between the two nudged runs (a kink crossed)."""
    op = graph.ops[i]
    if op is None or op.partials is None:  # only elementwise ops declare kinks
        return False
    args = graph.inputs[i]
    xs_plus = tuple(plus[j] for j in args)
    xs_minus = tuple(minus[j] for j in args)
    if all(np.array_equal(p, m) for p, m in zip(xs_plus, xs_minus, strict=True)):
        return False
    with np.errstate(all="ignore"):
        local_plus = op.partials(xs_plus, plus[i])
        local_minus = op.partials(xs_minus, minus[i])
    return any(
        not np.array_equal(
            np.broadcast_to(p, np.shape(plus[i])), np.broadcast_to(m, np.shape(plus[i]))
        )
        for p, m in zip(local_plus, local_minus, strict=True)
    )


def _kink_report(graph, base, kink_nodes, crossings) -> list[dict[str, Any]]:
    """Kink nodes that sit exactly at their kink or were crossed by a nudge."""
    report = []
    for i in kink_nodes:
        op = graph.ops[i]
        with np.errstate(all="ignore"):
            at_point = bool(np.any(op.kink(*(base[j] for j in graph.inputs[i]))))
        if not at_point and not crossings[i]:
            continue
        line, column = graph.where(i)
        report.append(
            {
                "node": f"n{i}",
                "op": op.name,
                "label": graph.labels[i],
                "line": line,
                "column": column,
                "at_point": at_point,
                "crossings": crossings[i],
            }
        )
    return report


def _checked_names(graph: Graph, inputs: list[str] | None) -> list[str]:
    if inputs is None:
        return list(graph.input_nodes)
    unknown = [name for name in inputs if name not in graph.input_nodes]
    if unknown:
        known = ", ".join(graph.input_nodes) or "none"
        raise EvalError(f"cannot check {', '.join(unknown)}: not an input (inputs: {known})")
    return list(dict.fromkeys(inputs))


def _check_budget(graph: Graph, base: list[Any], elements: int, budget: Budget) -> None:
    """Every pass of the check charged to the budget before the first nudge."""
    limits: Limits = budget.limits
    passes = 2 * elements
    if elements > MAX_ELEMENTS:
        raise LimitError(
            f"a gradient check of {elements:,} input elements needs {passes:,} forward passes; "
            f'the limit is {MAX_ELEMENTS:,} elements: check fewer inputs with "inputs"'
        )
    if passes * len(graph) > MAX_NODE_RUNS:
        raise LimitError(
            f"a gradient check of {elements:,} input elements on a {len(graph):,}-node graph "
            f"needs {passes * len(graph):,} node evaluations; the limit is {MAX_NODE_RUNS:,}"
        )
    work = passes * _pass_work(graph, base)
    if limits.max_work is not None and budget.work + work > limits.max_work:
        raise LimitError(
            f"a gradient check of {elements:,} input elements needs about {work:,} work "
            f"units over its {passes:,} forward passes; the limit is {limits.max_work:,} "
            "(CHAINRULE_MAX_WORK)"
        )
    budget.spend(work)


def _pass_work(graph: Graph, values: list[Any]) -> int:
    total = 0
    for i, op in enumerate(graph.ops):
        if op is not None:
            total += op.estimate_work(tuple(np.shape(values[j]) for j in graph.inputs[i]))
    return total
