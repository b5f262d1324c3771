"""The one place an import route turns a REST trace document into a trace result (and back)."""

from __future__ import annotations

from typing import Any

from ..engine.results.trace_result import TraceResult


def document_of(result: TraceResult) -> dict[str, Any]:
    """The REST trace document of a trace result, every tensor contribution in full."""
    return result.to_dict(detail="full")


def result_from_document(document: dict[str, Any]) -> TraceResult:
    """The trace result `chainrule.trace` returns, for a REST trace document."""
    return TraceResult.from_dict(document)
