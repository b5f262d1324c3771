"""Ops: the registry of every operation (forward, float kernel, derivative rule, shape, LaTeX).

Importing this package registers every op (arithmetic, elementwise functions, tensor ops,
losses) in REGISTRY, in that order; /api/v1/ops lists them in the same order.
"""

from __future__ import annotations

from . import arithmetic, functions, losses, tensor  # noqa: F401  (each registers its ops)
from .registry import KERNEL_ERRORS, REGISTRY, Op, Shape, Value, register, unbroadcast, with_role

__all__ = [
    "KERNEL_ERRORS",
    "REGISTRY",
    "Op",
    "Shape",
    "Value",
    "register",
    "unbroadcast",
    "with_role",
]
