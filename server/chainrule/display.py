"""How trace results show themselves: inline in a notebook (the widget where a widget manager
can exist, the one-file HTML otherwise) and as a one-file HTML page.

Every trace result type mixes in TraceDisplay (or calls these functions); nothing here imports
anywidget or ipywidgets until a notebook asks for a widget, so `import chainrule` stays light.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

CONTROLS = (
    "stepper",
    "narration",
    "inspector",
    "zoom",
    "fit",
    "follow",
    "present",
    "speed",
    "scrubber",
)


def trace_document(result: Any) -> dict[str, Any]:
    """The REST document (a dict) of any trace result: `.to_dict()`, a pydantic model, a dict."""
    if isinstance(result, dict):
        return result
    to_dict = getattr(result, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    model_dump = getattr(result, "model_dump", None)
    if callable(model_dump):
        return model_dump(mode="json", exclude_unset=True)  # as the REST API sends it
    raise TypeError(f"not a trace result: {type(result).__name__}")


def view_options(
    *,
    follow: bool = True,
    present: bool = False,
    hide: list[str] | tuple[str, ...] = (),
    expanded: list[str] | tuple[str, ...] = (),
) -> dict[str, Any]:
    """The graph view's options, checked: `hide` names controls of the view (see CONTROLS),
    `expanded` the network units drawn open (e.g. ["h1_1"])."""
    unknown = [name for name in hide if name not in CONTROLS]
    if unknown:
        raise ValueError(f"unknown control(s) to hide: {unknown}; known: {list(CONTROLS)}")
    return {
        "follow": bool(follow),
        "present": bool(present),
        "hide": list(hide),
        "expanded": [str(name) for name in expanded],
    }


# What GET /api/v1/ops says about an op (the inspector's local-derivative LaTeX comes from it).
OP_FIELDS = (
    "name", "symbol", "arity", "syntax", "spellings", "latex", "vjp_latex",
    "expression_latex", "pattern", "description", "elementwise",
)  # fmt: skip


def ops_for(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The op registry's entries (as GET /api/v1/ops lists them) for the ops the trace uses."""
    from .engine.ops import REGISTRY

    used = sorted({n["op"] for n in document["nodes"] if n.get("op") in REGISTRY})
    return {
        name: {
            field: list(v) if isinstance(v := getattr(REGISTRY[name], field), tuple) else v
            for field in OP_FIELDS
        }
        for name in used
    }


def summary(document: dict[str, Any]) -> str:
    """One line of text/plain for a trace, e.g. `chainrule trace: 5 nodes, 8 steps, output -12`."""
    output = document["output"]["value"]
    grads = ", ".join(f"∂/∂{k} = {v}" for k, v in list(document["gradients"].items())[:6])
    more = " …" if len(document["gradients"]) > 6 else ""
    return (
        f"chainrule trace: {len(document['nodes'])} nodes, {len(document['steps'])} steps, "
        f"output {output}; {grads}{more}"
    )


def html_page(document: dict[str, Any], *, step: int = 0, title: str | None = None, **options):
    from .html_export import to_html

    return to_html(
        document,
        step=step,
        title=title or "chainrule",
        options=view_options(**options),
        ops=ops_for(document),
    )


def _in_kernel() -> bool:
    """True inside a Jupyter kernel, where a frontend may have a widget manager."""
    ipython = sys.modules.get("IPython")  # never imported here: if absent, no kernel runs us
    if ipython is None:
        return False
    shell = ipython.get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def mimebundle(document: dict[str, Any], *, height: str = "520px") -> dict[str, Any]:
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

        return show(self, **options)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, Any]:
        return mimebundle(trace_document(self))
