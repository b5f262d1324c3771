"""The notebook widget: chainrule.show() returns a GraphWidget (anywidget) that mounts the same
graph view as the page, from one bundled ES module (no CDN). Imported only when used.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anywidget
import traitlets

from .html_export import (
    WIDGET,
    _read,
    css_length,
    html_page,
    iframe,
    ops_for,
    summary,
    view_options,
)


class GraphWidget(anywidget.AnyWidget):
    """A trace drawn by the graph view. `step` is synced: set it to move the view; stepping in
    the view sets it. `trace` is the REST document; `options` the view's options."""

    _esm = _read(WIDGET)
    trace = traitlets.Dict().tag(sync=True)
    step = traitlets.Int(0).tag(sync=True)
    options = traitlets.Dict(view_options()).tag(sync=True)
    ops = traitlets.Dict().tag(sync=True)  # registry entries of the trace's ops (the inspector)
    height = traitlets.Unicode("520px").tag(sync=True)

    @property
    def steps(self) -> int:
        """How many steps the trace has (`step` runs from 0, inputs only, to this, done)."""
        return len(self.trace.get("steps", ()))

    @traitlets.validate("step")
    def _check_step(self, proposal: dict[str, Any]) -> int:
        k = proposal["value"]
        if not 0 <= k <= self.steps:
            raise traitlets.TraitError(f"step must be between 0 and {self.steps}, got {k}")
        return k

    @traitlets.validate("height")
    def _check_height(self, proposal: dict[str, Any]) -> str:
        try:
            return css_length(proposal["value"])
        except ValueError as exc:
            raise traitlets.TraitError(str(exc)) from None

    @traitlets.observe("trace")
    def _follow_the_trace(self, change: dict[str, Any]) -> None:
        self.ops = ops_for(self.trace) if self.trace else {}
        if self.step > self.steps:
            self.step = self.steps

    def to_html(self, path: str | Path | None = None, *, title: str | None = None) -> str:
        """The one-file HTML page of this widget's trace, at its current step and options."""
        page = html_page(self.trace, step=self.step, title=title, **self.options)
        if path is not None:
            Path(path).write_text(page, encoding="utf-8")
        return page

    def _repr_mimebundle_(self, **kwargs: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        """The widget view, plus the one-file page as text/html for viewers without widgets
        (anywidget returns (data, metadata))."""
        data, metadata = super()._repr_mimebundle_(**kwargs) or ({}, {})
        page = html_page(self.trace, step=self.step, **self.options)
        data = {
            **data,
            "text/plain": summary(self.trace),
            "text/html": iframe(page, height=self.height),
        }
        return data, metadata


def show(document: dict[str, Any], **options: Any) -> GraphWidget:
    """A GraphWidget for a REST trace document (chainrule.show makes one from a program, a
    spec or a result). Options: step (initial step), height (CSS, default "520px"), follow,
    present, hide, expanded."""
    step = options.pop("step", 0)
    height = options.pop("height", "520px")
    return GraphWidget(trace=document, step=step, height=height, options=view_options(**options))
