"""How trace results show themselves: inline in a notebook (the widget where a widget manager
can exist, the one-file HTML otherwise) and as a one-file HTML page.

Every trace result type mixes in TraceDisplay (or calls these functions); nothing here imports
anywidget or ipywidgets until a notebook asks for a widget, so `import chainrule` stays light.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from .html_export import html_page, summary, trace_document


def _in_kernel() -> bool:
    """True inside a Jupyter kernel, where a frontend may have a widget manager."""
    ipython = sys.modules.get("IPython")  # never imported here: if absent, no kernel runs us
    if ipython is None:
        return False
    shell = ipython.get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


Bundle = dict[str, Any] | tuple[dict[str, Any], dict[str, Any]]  # data, or (data, metadata)


def mimebundle(document: dict[str, Any], *, height: str = "520px") -> Bundle:
    """The widget (if a kernel runs us and anywidget is installed), the one-file HTML in an
    iframe as text/html (what nbconvert and viewers without widgets show), and text/plain."""
    if _in_kernel():
        try:
            from .notebook import GraphWidget
        except ImportError:  # anywidget not installed: HTML only
            pass
        else:
            return GraphWidget(trace=document, height=height)._repr_mimebundle_()
    from .html_export import iframe

    return {
        "text/plain": summary(document),
        "text/html": iframe(html_page(document), height=height),
    }


class TraceDisplay:
    """Mixin for trace results: `.to_html()`, `.show()` and rich display in notebooks. No state
    of its own (empty __slots__), so slotted dataclasses and pydantic models can both mix it in."""

    __slots__ = ()

    def to_html(
        self, path: str | Path | None = None, *, step: int = 0, title: str | None = None, **options
    ) -> str:
        """The one-file HTML page of this trace; also written to `path` when given."""
        page = html_page(trace_document(self), step=step, title=title, **options)
        if path is not None:
            Path(path).write_text(page, encoding="utf-8")
        return page

    def show(self, **options):
        """This trace in a notebook widget (chainrule.show)."""
        from .notebook import show

        return show(trace_document(self), **options)

    def _repr_mimebundle_(self, include=None, exclude=None) -> Bundle:
        return mimebundle(trace_document(self))
