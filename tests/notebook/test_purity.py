"""`import chainrule` (and tracing, HTML export, rich display outside a kernel) never loads the
notebook libraries: anywidget and ipywidgets are imported only by show() / GraphWidget.

Broken on purpose to see it fail: adding `import anywidget` to chainrule/__init__.py or to
display.py makes both tests below fail.
"""

from __future__ import annotations

import json
import subprocess
import sys

NOTEBOOK_MODULES = ("anywidget", "ipywidgets", "traitlets", "IPython", "comm")


def loaded_after(code: str) -> list[str]:
    probe = (
        f"import json, sys\n{code}\n"
        f"loaded = {{m.split('.')[0] for m in sys.modules}} & {set(NOTEBOOK_MODULES)!r}\n"
        "print(json.dumps(sorted(loaded)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_import_trace_export_and_display_load_no_notebook_library():
    code = (
        "import chainrule\n"
        "r = chainrule.trace('(x + y) * z', {'x': -2, 'y': 5, 'z': -4})\n"
        "r.to_html(); bundle = r._repr_mimebundle_()\n"
        "assert set(bundle) == {'text/plain', 'text/html'}, bundle.keys()\n"
    )
    assert loaded_after(code) == []


def test_show_does_load_them():
    """The probe sees the libraries when they are used (so an empty list above means something)."""
    code = "import chainrule\nchainrule.show('x * 2', {'x': 3})\n"
    assert {"anywidget", "ipywidgets", "traitlets"} <= set(loaded_after(code))
