"""Shared test helpers: central differences, independent of the engine's backward pass."""

from __future__ import annotations

import numpy as np


def central_difference(f, x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Numerical gradient of scalar f at x (any shape), one element at a time."""
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    flat = x.reshape(-1)
    out = grad.reshape(-1)
    for k in range(flat.size):
        saved = flat[k]
        flat[k] = saved + h
        up = f(x.copy())
        flat[k] = saved - h
        down = f(x.copy())
        flat[k] = saved
        out[k] = (up - down) / (2 * h)
    return grad
