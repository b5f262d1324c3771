"""Which torch calls are registry ops, and which of a call's arguments are graph operands."""

from __future__ import annotations

from typing import Any

import torch

from ..engine.ops import REGISTRY, Op

# torch call names that are registry ops with the same operands; (op, operands reversed).
_SAME = {
    "add": "add",
    "sub": "sub",
    "subtract": "sub",
    "mul": "mul",
    "multiply": "mul",
    "div": "div",
    "divide": "div",
    "true_divide": "div",
    "truediv": "div",
    "pow": "pow",
    "neg": "neg",
    "negative": "neg",
    "matmul": "matmul",
    "mm": "matmul",
    "mv": "matmul",
    "exp": "exp",
    "log": "log",
    "sqrt": "sqrt",
    "sin": "sin",
    "cos": "cos",
    "tan": "tan",
    "tanh": "tanh",
    "sigmoid": "sigmoid",
    "relu": "relu",
    "abs": "abs",
    "absolute": "abs",
    "maximum": "max",
    "minimum": "min",
    "sum": "sum",
    "mean": "mean",
    "t": "transpose",
}
_REVERSED = {"radd": "add", "rsub": "sub", "rmul": "mul", "rtruediv": "div", "rdiv": "div"}
_REVERSED |= {"rpow": "pow", "rmatmul": "matmul"}
# Calls whose first two arguments are operands even when they are plain numbers (x * 2).
_ARITHMETIC = set(_SAME) | set(_REVERSED)


def call_name(func: Any) -> str:
    """`__add__` -> add, `add_` -> add, `__rsub__` -> rsub, F.linear -> linear."""
    name = getattr(func, "__name__", None) or type(func).__name__
    if name.startswith("__") and name.endswith("__"):
        name = name[2:-2]
    if name.endswith("_") and not name.startswith("_"):
        name = name[:-1]  # in place: the same op
    return name


def registry_op(name: str, operand_count: int, extra: bool) -> tuple[Op | None, bool]:
    """The registry op a torch call is, if any (extra: it took further arguments)."""
    if extra:
        return None, False
    key, reverse = (_REVERSED[name], True) if name in _REVERSED else (_SAME.get(name), False)
    op = REGISTRY.get(key) if key else None
    if op is None or op.arity != operand_count:
        return None, False
    return op, reverse


def takes_more(name: str, args: tuple, kwargs: dict, operands: list[Any]) -> bool:
    """Whether the call has arguments beyond its operands that change what it computes."""
    meaningful = {k: v for k, v in kwargs.items() if v is not None and k != "inplace"}
    if name == "softmax":  # the registry's softmax is over the last axis
        dim = meaningful.pop("dim", args[1] if len(args) > 1 else None)
        last = operands[0].dim() - 1 if operands else None
        if dim not in (-1, last) or len(args) > 2:
            return True
        return bool(meaningful)
    return len(args) > len(operands) or bool(meaningful)


def operands_of(name: str, args: tuple, kwargs: dict) -> list[Any]:
    """The call's graph operands: its tensors (in order), and for arithmetic its numbers."""
    if name in _ARITHMETIC:
        head = [a for a in args[:2] if isinstance(a, torch.Tensor | int | float)]
        head = [a for a in head if not isinstance(a, bool)]
        rest = args[2:]
    else:
        head, rest = [], args
    tail = [t for t in flat((rest, kwargs)) if isinstance(t, torch.Tensor)]
    if name not in _ARITHMETIC:
        return tail
    return head + tail


def flat(x: Any) -> list[Any]:
    """Leaves of nested tuples, lists and dicts, in order (iteratively)."""
    out, stack = [], [x]
    while stack:
        item = stack.pop()
        if isinstance(item, list | tuple):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            stack.extend(reversed(list(item.values())))
        else:
            out.append(item)
    return out
