"""Python values -> JSON-ready ones: floats stay floats, inf/nan become "Infinity"/"-Infinity"/
"NaN", arrays become nested lists; and back again for documents read in (from_dict)."""

from __future__ import annotations

import gc
import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

_NONFINITE = {math.inf: "Infinity", -math.inf: "-Infinity"}
_FROM_JSON = {"Infinity": math.inf, "-Infinity": -math.inf, "NaN": math.nan}


def json_number(x: Any) -> float | str:
    """A scalar as a JSON number, or "Infinity"/"-Infinity"/"NaN" when it is not finite."""
    x = float(x)
    if x - x == 0.0:  # finite (inf - inf and nan - nan are nan)
        return x
    return "NaN" if x != x else _NONFINITE[x]


def json_value(v: Any) -> Any:
    """A scalar or array as JSON: a number, a non-finite name, or nested lists of those."""
    if type(v) is float or type(v) is np.float64 or np.ndim(v) == 0:
        return json_number(v)
    v = np.asarray(v, dtype=np.float64)
    if np.isfinite(v).all():
        return v.tolist()
    shown = v.astype(object)
    shown[np.isnan(v)] = "NaN"
    shown[v == math.inf] = "Infinity"
    shown[v == -math.inf] = "-Infinity"
    return shown.tolist()


def json_values(vs: list[Any]) -> list[Any]:
    """json_value of each; finite floats (most of any trace) pass through untouched."""
    return [v if type(v) is float and v - v == 0.0 else json_value(v) for v in vs]


def python_number(x: Any) -> float:
    """A JSON number or non-finite name as a float."""
    return _FROM_JSON[x] if isinstance(x, str) else float(x)


def python_value(v: Any) -> Any:
    """A JSON value as Python: a float for a number, a float64 ndarray for nested lists."""
    if isinstance(v, list):
        return np.array(_numbers(v), dtype=np.float64)
    return python_number(v)


def _numbers(v: Any) -> Any:
    return [_numbers(x) for x in v] if isinstance(v, list) else python_number(v)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building large acyclic data.

    A 50,000-node document is half a million dicts and lists; the collector would walk all
    of them again and again as they are created (doubling the time) and find nothing to free.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
