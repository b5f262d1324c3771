"""One self-contained HTML file that shows a trace: the graph view's JS, CSS and fonts inlined and
the trace embedded as JSON. It opens from file:// with no server and no network.

The page is frontend/standalone.html with its three {{slots}} filled; the browser's "HTML" export
button (frontend/js/panels/export.js) fills the same template the same way.
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

TEMPLATE = "standalone.html"
SCRIPT = "vendor/chainrule-standalone.js"
WIDGET = "vendor/chainrule-widget.js"
_CSS_LENGTH = re.compile(r"\d+(\.\d+)?(px|em|rem|vh|%)")
_SLOT = re.compile(r"\{\{(title|view|script)\}\}")
# Characters that could end or confuse an inline <script> (`</script>`, `<!--`), and the two line
# separators older JavaScript parsers reject, written as JSON \u escapes (same value when parsed).
_UNSAFE_IN_SCRIPT = re.compile("[<>&\u2028\u2029]")


def frontend_file(name: str) -> Path:
    """A file of the frontend: in the installed package, or in the source tree beside it."""
    package = Path(__file__).resolve().parent
    for root in (package / "frontend", package.parent.parent / "frontend"):
        if (root / name).is_file():
            return root / name
    raise FileNotFoundError(
        f"chainrule's frontend file {name} is missing: in a source checkout run `make setup` "
        "(it bundles the graph view with `node scripts/bundle.mjs` in frontend/)"
    )


@cache
def _read(name: str) -> str:
    return frontend_file(name).read_text(encoding="utf-8")


def script_json(value: Any) -> str:
    """JSON text that is safe inside <script type="application/json"> (no `</script>`, no `<!--`).

    >>> script_json({"label": "</script><!--"})
    '{"label":"\\\\u003c/script\\\\u003e\\\\u003c!--"}'
    """
    text = json.dumps(value, allow_nan=False, separators=(",", ":"), ensure_ascii=False)
    return _UNSAFE_IN_SCRIPT.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def render_page(view: dict[str, Any], *, title: str = "chainrule") -> str:
    """Fills the template; `view` is {"trace", "step", "options", "ops"} (see to_html)."""
    script = _read(SCRIPT)
    if "</script" in script.lower():  # bundle.mjs checks this too; a broken file must not ship
        raise ValueError(f"{SCRIPT} contains </script and cannot be inlined")
    slots = {"title": html.escape(title), "view": script_json(view), "script": script}
    # One pass over the template: text put into one slot is never searched for another.
    return _SLOT.sub(lambda m: slots[m.group(1)], _read(TEMPLATE))


def to_html(
    document: dict[str, Any],
    *,
    step: int = 0,
    title: str = "chainrule",
    options: dict[str, Any] | None = None,
    ops: dict[str, Any] | None = None,
) -> str:
    """The one-file page for a REST trace document, opened at `step` with view `options`;
    `ops` are the op registry's entries by name (the inspector's local derivatives)."""
    steps = len(document.get("steps", ()))
    if not 0 <= step <= steps:
        raise ValueError(f"step must be between 0 and {steps} (the trace's step count), got {step}")
    view = {"trace": document, "step": step, "options": options or {}, "ops": ops or {}}
    return render_page(view, title=title)


def css_length(value: str) -> str:
    """A CSS height such as "520px" or "60vh", checked (it goes into a style attribute)."""
    if not isinstance(value, str) or not _CSS_LENGTH.fullmatch(value):
        raise ValueError(f"height must be a CSS length such as '520px' or '60vh', got {value!r}")
    return value


def iframe(page: str, *, height: str = "520px") -> str:
    """The page in an <iframe srcdoc>, for a notebook's text/html output: its CSS, script and CSP
    stay inside the frame, and several graphs on one page (nbconvert) do not meet."""
    height = css_length(height)
    return (
        f'<iframe class="chainrule-iframe" title="chainrule graph" sandbox="allow-scripts" '
        f'style="width: 100%; height: {html.escape(height)}; border: 0" '
        f'srcdoc="{html.escape(page, quote=True)}"></iframe>'
    )


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
    return to_html(
        document,
        step=step,
        title=title or "chainrule",
        options=view_options(**options),
        ops=ops_for(document),
    )
