"""The wheel carries the frontend (page, modules, vendored libraries) but never node_modules."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_ships_the_frontend(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("chainrule-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "chainrule/frontend/index.html" in names
    assert "chainrule/frontend/js/main.js" in names
    assert "chainrule/frontend/vendor/d3.min.js" in names
    assert any(n.startswith("chainrule/frontend/vendor/") and "katex" in n for n in names)
    assert not any("node_modules" in n for n in names)
    assert "chainrule/engine/ops.py" in names
