"""Request validation errors in FastAPI's format, minus "input" and "ctx" (never echo input)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .errors import short


def validation_detail(errors: Sequence[Any]) -> list[dict]:
    return [
        {
            "type": e.get("type"),
            "loc": [short(p, 100) if isinstance(p, str) else p for p in e.get("loc", ())],
            "msg": short(e.get("msg") or ""),
        }
        for e in errors
    ]
