"""Server settings: limits and CORS, read from CHAINRULE_* environment variables."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from .engine.autodiff import Limits

DEFAULTS = {
    "CHAINRULE_MAX_PROGRAM_CHARS": 200_000,
    "CHAINRULE_MAX_NODES": 50_000,
    "CHAINRULE_MAX_TENSOR_ELEMENTS": 1_000_000,
    "CHAINRULE_MAX_WORK": 200_000_000,
    "CHAINRULE_MAX_TRACE_ELEMENTS": 2_000_000,
    "CHAINRULE_MAX_SECONDS": 5,
    "CHAINRULE_MAX_BODY_BYTES": 4_000_000,
}


@dataclass(frozen=True)
class Settings:
    """Everything configurable about a server; see README "Limits"."""

    limits: Limits
    max_body_bytes: int
    cors_origins: tuple[str, ...] = field(default_factory=tuple)
    # Who may put /embed in a frame (CSP frame-ancestors); the main page is never framed.
    frame_ancestors: str = "*"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env

        def number(name: str) -> int:
            raw = env.get(name)
            if raw is None or raw == "":
                return DEFAULTS[name]
            try:
                value = int(raw)
            except ValueError:
                raise ValueError(f"{name} must be a whole number, got {raw!r}") from None
            if value <= 0:
                raise ValueError(f"{name} must be positive, got {value}")
            return value

        origins = tuple(
            o.strip() for o in env.get("CHAINRULE_CORS_ORIGINS", "").split(",") if o.strip()
        )
        return cls(
            limits=Limits(
                max_program_chars=number("CHAINRULE_MAX_PROGRAM_CHARS"),
                max_nodes=number("CHAINRULE_MAX_NODES"),
                max_tensor_elements=number("CHAINRULE_MAX_TENSOR_ELEMENTS"),
                max_work=number("CHAINRULE_MAX_WORK"),
                max_trace_elements=number("CHAINRULE_MAX_TRACE_ELEMENTS"),
                max_seconds=number("CHAINRULE_MAX_SECONDS"),
            ),
            max_body_bytes=number("CHAINRULE_MAX_BODY_BYTES"),
            cors_origins=origins,
            frame_ancestors=frame_ancestors(env.get("CHAINRULE_FRAME_ANCESTORS", "*")),
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
