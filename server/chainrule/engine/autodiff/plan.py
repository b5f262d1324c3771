"""A graph's forward and backward passes compiled once for fixed input shapes, then replayed.

Training runs one graph thousands of times on values of the same shapes, so what the general
passes (forward.py, backward.py) work out at every node — which op, which derivative rule,
which shapes, whether an input needs its gradient, how a broadcast contribution is summed back
— is worked out here once, from the shapes alone. A run is then only the numpy calls: each
op's forward in topological order, each op's registry rule in reverse (an elementwise op's
partials or constant partials, a tensor op's vector-Jacobian product: nothing here states a
derivative), each contribution summed back to its input's shape as precomputed, and added to
that input's gradient. Only the nodes that lead to a wanted input are differentiated, and
nothing but the gradients is kept (backward's record="gradients").

Contract: every value is numpy (float64 arrays, or np.float64 for 0-d), of the shapes the
plan was compiled for; the caller ran the graph once through the checked forward pass (the
request's limits, error location), so a run checks nothing but the request's deadline, once
per pass.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from ..budget import Budget
from ..errors import EvalError
from ..graph import Graph
from ..ops import Shape

_f64 = np.float64
_add_reduce = np.add.reduce
# How an op's rule is called, resolved at compile time.
_CONSTANT, _PARTIALS, _TENSOR = 0, 1, 2


def _sum_back(out: Shape, shape: Shape) -> tuple[tuple[int, ...], tuple[int, ...]] | None:
    """How a contribution of shape `out` is summed back to an input of `shape` (numpy
    broadcasting reversed, as ops.unbroadcast does): (leading axes, axes kept as 1), or None
    when the shapes are equal."""
    if out == shape:
        return None
    extra = len(out) - len(shape)
    lead = tuple(range(extra))
    kept = tuple(i for i, n in enumerate(shape) if n == 1 and out[extra + i] != 1)
    return lead, kept


class Plan:
    """The passes of `graph` for inputs of the given shapes; gradients for the `wanted`
    inputs (none: a forward-only plan). Nodes from `stop` on are left out (None)."""

    def __init__(
        self,
        graph: Graph,
        shapes: dict[str, Shape],
        wanted: Iterable[str] = (),
        *,
        stop: int | None = None,
        budget: Budget | None = None,
    ) -> None:
        n = len(graph) if stop is None else stop
        self.size = len(graph)
        self.output = graph.output
        node_shapes: list[Shape] = [()] * len(graph)
        template: list[Any] = [None] * len(graph)
        for i, value in graph.constants.items():
            template[i] = _f64(value) if np.ndim(value) == 0 else np.asarray(value, np.float64)
            node_shapes[i] = np.shape(value)
        self.inputs = tuple((name, i) for name, i in graph.input_nodes.items() if i < n)
        for name, i in self.inputs:
            node_shapes[i] = tuple(shapes[name])
        check = budget.check_size if budget is not None else None
        steps = []
        for i in range(n):
            op = graph.ops[i]
            if op is None:
                continue
            sources = graph.inputs[i]
            node_shapes[i] = op.result_shape(tuple(node_shapes[j] for j in sources))
            if check is not None:
                check(int(np.prod(node_shapes[i])), f"{op.name} (node {i})")
            # Unary and binary ops (all of the registry's) are called without building a list.
            first = sources[0] if len(sources) in (1, 2) else -1
            second = sources[1] if len(sources) == 2 else -1
            steps.append((i, op.forward, first, second, sources))
        self.template = template
        self.shapes = node_shapes
        self.forward_steps = tuple(steps)
        wanted_nodes = {graph.input_nodes[name]: name for name in wanted}
        self.wanted = tuple((name, i) for i, name in wanted_nodes.items())
        self.backward_steps = self._compile_backward(graph, n, set(wanted_nodes))

    def _compile_backward(self, graph: Graph, n: int, wanted: set[int]) -> tuple:
        """Reverse-order steps (node, how, rule, first, second, sources, edges) over the op
        nodes that lead to a wanted input; edges are (argument position, input node, leading
        axes and axes kept as 1 to sum the contribution over, whether the input is 0-d)."""
        if not wanted or self.output >= n:
            return ()
        if self.shapes[self.output] != ():
            raise graph.error(
                EvalError, self.output, "the output must be a scalar to differentiate it"
            )
        leads = bytearray(len(graph))  # whether a wanted input is upstream of the node
        for i in range(n):
            if i in wanted or any(leads[j] for j in graph.inputs[i]):
                leads[i] = 1
        reach = graph.reaches_output()
        shapes = self.shapes
        steps = []
        for i in range(self.output, -1, -1):
            op = graph.ops[i]
            if op is None or not (leads[i] and reach[i]):
                continue
            sources = graph.inputs[i]
            edges = []
            for k, j in enumerate(sources):
                if not leads[j]:
                    continue  # no wanted input upstream: its gradient is never needed
                back = _sum_back(shapes[i], shapes[j]) if op.elementwise else None
                lead, kept = back if back is not None else ((), ())
                edges.append((k, j, lead, kept, not shapes[j]))
            constants = op.kernel_partials
            if type(constants) is tuple:
                # Constant local derivatives (add: 1 and 1): the upstream gradient itself, or
                # scaled (sub: 1 and -1); None marks a 1.
                how: Any = _CONSTANT
                rule: Any = tuple(None if p == 1.0 else p for p in constants)
            elif op.partials is not None:
                how, rule = _PARTIALS, op.partials
            else:
                how, rule = _TENSOR, op.tensor_vjp
            first = sources[0] if len(sources) in (1, 2) else -1
            second = sources[1] if len(sources) == 2 else -1
            steps.append((i, how, rule, first, second, sources, tuple(edges)))
        return tuple(steps)

    def forward(self, values: dict[str, Any], budget: Budget) -> list[Any]:
        """Every node's value (None from `stop` on) for inputs by name. Runs under the
        caller's np.errstate (training sets it once for the whole run)."""
        out = self.template.copy()
        for name, i in self.inputs:
            out[i] = values[name]
        for i, fn, a, b, sources in self.forward_steps:
            if b >= 0:
                result = fn(out[a], out[b])
            elif a >= 0:
                result = fn(out[a])
            else:
                result = fn(*[out[j] for j in sources])
            out[i] = _f64(result) if type(result) is float else result
        budget.check_time()
        return out

    def gradients(self, values: list[Any], budget: Budget) -> dict[str, Any]:
        """The output's gradient for each wanted input, from a forward run's values. Runs
        under the caller's np.errstate, like forward."""
        grads: list[Any] = [None] * self.size
        grads[self.output] = _f64(1.0)
        for i, how, rule, a, b, sources, edges in self.backward_steps:
            g = grads[i]
            if how != _CONSTANT:
                if b >= 0:
                    xs: tuple = (values[a], values[b])
                elif a >= 0:
                    xs = (values[a],)
                else:
                    xs = tuple([values[j] for j in sources])
                found = rule(xs, values[i]) if how == _PARTIALS else rule(g, xs, values[i])
            for k, j, lead, kept, scalar in edges:
                if how == _TENSOR:
                    c = found[k]  # the vector-Jacobian product
                elif how == _PARTIALS:
                    c = g * found[k]  # the local derivative times the upstream gradient
                else:
                    p = rule[k]
                    c = g if p is None else g * p
                if lead:  # (np.add.reduce is what ndarray.sum calls, less its Python wrapper)
                    c = _add_reduce(c, axis=lead)
                if kept:
                    c = _add_reduce(c, axis=kept, keepdims=True)
                if scalar and type(c) is not _f64:
                    c = _f64(c)
                prev = grads[j]
                grads[j] = c if prev is None else prev + c  # never in place: c may be shared
        budget.check_time()
        result = {}
        for name, i in self.wanted:
            g = grads[i]
            result[name] = np.zeros_like(values[i]) if g is None else g
        return result
