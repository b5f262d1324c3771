"""A TraceResponse filled in on first use, so chainrule.trace() costs only the computation.

Building and validating the response model of a 100,000-node trace takes several times as long
as computing it, and a caller who reads only `.gradients` or `.output` should not pay for the
rest up front. LazyTraceResponse is a real TraceResponse (isinstance holds, every field and
method works). The engine's document is built the first time anything reads a field, and each
field is validated when it is first read: `.gradients` does not pay for validating every node,
edge and step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import PrivateAttr, TypeAdapter

from ..engine.results.document import gc_paused, trace_document
from .schemas import TraceResponse


class LazyTraceResponse(TraceResponse):
    """TraceResponse whose fields are computed from an engine Trace when first read."""

    _source: Any = PrivateAttr(default=None)  # (trace, document function) until filled

    @classmethod
    def of(cls, trace: Any, document: Callable[[Any], dict] = trace_document) -> TraceResponse:
        model = cls.model_construct()
        model._source = (trace, document)
        return model

    def _fill(self, only: str | None = None) -> None:
        """Validate one field (`only`) or all that are still missing, from the document."""
        private = self.__pydantic_private__
        source = private.get("_source") if private else None
        if source is None:
            return
        trace, document = source
        if not isinstance(document, dict):  # first use: build the plain document once
            with gc_paused():
                document = document(trace)
            source = private["_source"] = (trace, document)
        names = [only] if only is not None else [n for n in _FIELDS if n not in self.__dict__]
        with gc_paused():
            for name in names:
                self.__dict__[name] = _adapter(name).validate_python(document[name])
        if all(n in self.__dict__ for n in _FIELDS):
            object.__setattr__(self, "__pydantic_fields_set__", set(_FIELDS))
            private["_source"] = None

    def __getattr__(self, name: str) -> Any:
        if name in _FIELDS:
            self._fill(name)
            if name in self.__dict__:
                return self.__dict__[name]
        return super().__getattr__(name)

    # Everything that reads the fields directly (not through attribute access) fills first.
    def model_dump(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self._fill()
        return super().model_dump(*args, **kwargs)

    def model_dump_json(self, *args: Any, **kwargs: Any) -> str:
        self._fill()
        return super().model_dump_json(*args, **kwargs)

    def model_copy(self, *args: Any, **kwargs: Any) -> Any:
        self._fill()
        return super().model_copy(*args, **kwargs)

    @property
    def model_fields_set(self) -> set[str]:
        self._fill()
        return self.__pydantic_fields_set__

    def __eq__(self, other: Any) -> bool:
        """Equal to any TraceResponse with the same content, lazy or not."""
        self._fill()
        if isinstance(other, LazyTraceResponse):
            other._fill()
        if isinstance(other, TraceResponse):
            return self.__dict__ == other.__dict__
        return NotImplemented

    __hash__ = None  # models compare by value

    def __iter__(self):
        self._fill()
        return super().__iter__()

    def __repr_args__(self):
        self._fill()
        return super().__repr_args__()

    def __getstate__(self) -> dict[Any, Any]:
        self._fill()
        return super().__getstate__()

    def __copy__(self):
        self._fill()
        return super().__copy__()

    def __deepcopy__(self, memo: dict[int, Any] | None = None):
        self._fill()
        return super().__deepcopy__(memo)


_FIELDS = tuple(TraceResponse.model_fields)
_ADAPTERS: dict[str, TypeAdapter] = {}


def _adapter(name: str) -> TypeAdapter:
    """A validator for one TraceResponse field, built once (the field's own annotation)."""
    adapter = _ADAPTERS.get(name)
    if adapter is None:
        field = TraceResponse.model_fields[name]
        annotation = field.annotation
        if field.metadata:  # e.g. a discriminator given with Field(...)
            from typing import Annotated

            annotation = Annotated[(annotation, *field.metadata)]
        adapter = _ADAPTERS[name] = TypeAdapter(annotation)
    return adapter
