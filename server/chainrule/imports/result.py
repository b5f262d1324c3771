"""The one place an import route turns a REST trace document into a trace result (and back)."""

from __future__ import annotations

from typing import Any


def document_of(result: Any) -> dict[str, Any]:
    """The REST trace document of a trace result, as plain JSON-ready data."""
    to_dict = getattr(result, "to_dict", None)
    if to_dict is not None:
        return to_dict()
    return result.model_dump(mode="json")


def result_from_document(document: dict[str, Any]) -> Any:
    """The trace result `chainrule.trace` returns, for a REST trace document."""
    from ..api.schemas import TraceResponse

    return TraceResponse.model_validate(document)
