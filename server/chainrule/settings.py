"""Server settings: limits and CORS, read from CHAINRULE_* environment variables.

A bad value raises ValueError naming the variable (the CLI prints it as one line). Kept a plain
dataclass rather than pydantic-settings: tests and worker processes build it from an explicit
environment mapping, and the nested engine Limits stays the engine's own type.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .engine.budget import Limits

DEFAULTS = {
    "CHAINRULE_MAX_PROGRAM_CHARS": 200_000,
    "CHAINRULE_MAX_NODES": 50_000,
    "CHAINRULE_MAX_TENSOR_ELEMENTS": 1_000_000,
    "CHAINRULE_MAX_WORK": 200_000_000,
    "CHAINRULE_MAX_TRACE_ELEMENTS": 2_000_000,
    "CHAINRULE_MAX_SECONDS": 5,
    "CHAINRULE_MAX_BODY_BYTES": 4_000_000,
    "CHAINRULE_MAX_RESPONSE_BYTES": 64_000_000,
    # Four of the most expensive requests at once each get a worker (and their deadline).
    "CHAINRULE_COMPUTE_PROCESSES": max(4, os.cpu_count() or 4),
}
MEMORY_PER_REQUEST = 448 * 2**20  # a worker's address space growth; RSS grows by less


@dataclass(frozen=True)
class Settings:
    """Everything configurable about a server; see README "Limits"."""

    limits: Limits
    max_body_bytes: int
    cors_origins: tuple[str, ...] = field(default_factory=tuple)
    max_response_bytes: int = DEFAULTS["CHAINRULE_MAX_RESPONSE_BYTES"]
    compute_processes: int = DEFAULTS["CHAINRULE_COMPUTE_PROCESSES"]
    # Who may put /embed in a frame (CSP frame-ancestors); the main page is never framed.
    frame_ancestors: str = "*"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        source: Mapping[str, str] = os.environ if env is None else env

        def number(name: str, kind: type = int) -> Any:
            raw = source.get(name)
            if raw is None or raw.strip() == "":
                return DEFAULTS[name]
            what = "a whole number" if kind is int else "a number"
            try:
                value = kind(raw)
            except ValueError:
                raise ValueError(f"{name} must be {what}, got {raw!r}") from None
            if not 0 < value < math.inf:
                raise ValueError(f"{name} must be positive and finite, got {raw!r}")
            return value

        origins = tuple(
            o.strip() for o in source.get("CHAINRULE_CORS_ORIGINS", "").split(",") if o.strip()
        )
        return cls(
            limits=Limits(
                max_program_chars=number("CHAINRULE_MAX_PROGRAM_CHARS"),
                max_nodes=number("CHAINRULE_MAX_NODES"),
                max_tensor_elements=number("CHAINRULE_MAX_TENSOR_ELEMENTS"),
                max_work=number("CHAINRULE_MAX_WORK"),
                max_trace_elements=number("CHAINRULE_MAX_TRACE_ELEMENTS"),
                max_seconds=number("CHAINRULE_MAX_SECONDS", float),
            ),
            max_body_bytes=number("CHAINRULE_MAX_BODY_BYTES"),
            cors_origins=origins,
            max_response_bytes=number("CHAINRULE_MAX_RESPONSE_BYTES"),
            compute_processes=number("CHAINRULE_COMPUTE_PROCESSES"),
            frame_ancestors=frame_ancestors(source.get("CHAINRULE_FRAME_ANCESTORS", "*")),
        )


def frame_ancestors(raw: str) -> str:
    """CHAINRULE_FRAME_ANCESTORS as a CSP source list: `*`, `'self'`, `'none'` or origins."""
    sources = raw.replace(",", " ").split()
    for source in sources:
        if not re.fullmatch(r"\*|'self'|'none'|(https?://)?[A-Za-z0-9.*-]+(:[0-9*]+)?", source):
            raise ValueError(
                f"CHAINRULE_FRAME_ANCESTORS: {source[:40]!r} is not an origin, *, 'self' or 'none'"
            )
    return " ".join(sources) or "'none'"
