"""chainrule.exp, chainrule.sigmoid, ...: one function per registry op, generated, not listed.

Each works on plain floats and numpy arrays (it just computes) and on traced values inside
`chainrule.trace(fn, ...)` (it records a node). The one list of names is the op registry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..engine.ops import REGISTRY, Op
from .tracing import apply


def _function(op: Op) -> Callable[..., Any]:
    def function(*args: Any) -> Any:
        return apply(op, args)

    arguments = ", ".join("ab"[: op.arity]) if op.arity <= 2 else "*args"
    function.__name__ = function.__qualname__ = op.name
    function.__module__ = "chainrule"
    function.__doc__ = (
        f"{op.description}: {op.name}({arguments}).\n\n"
        f"{op.pattern}. Computes on floats and numpy arrays; inside chainrule.trace(fn, ...) "
        "it also records a node."
    )
    return function


# Ops the builder makes itself (identity: `q = x`) have no spelling and no function.
FUNCTIONS: dict[str, Callable[..., Any]] = {
    op.name: _function(op) for op in REGISTRY.values() if op.syntax != "none"
}
