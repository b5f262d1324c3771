"""chainrule: see backpropagation happen. Public API: trace, trace_network, gradcheck, train."""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["trace", "__version__"]


def trace(expression: str, values: dict[str, Any] | None = None, *, limits=None):
    """Trace a program: the same TraceResponse model that POST /api/v1/graph returns.

    >>> trace("(x + y) * z", {"x": -2, "y": 5, "z": -4}).gradients
    {'x': -4.0, 'y': -4.0, 'z': 3.0}
    """
    from .api.schemas import TraceResponse
    from .engine.autodiff import UNLIMITED
    from .engine.document import trace_document
    from .engine.run import run_program

    document = trace_document(run_program(expression, values or {}, limits or UNLIMITED))
    return TraceResponse.model_validate(document)
