"""The wheel carries the frontend (page, modules, vendored libraries) but never node_modules."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory) -> set[str]:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = out.glob("chainrule-*.whl")
    return set(zipfile.ZipFile(wheel).namelist())


def test_wheel_ships_the_frontend(wheel_names):
    assert "chainrule/frontend/index.html" in wheel_names
    assert "chainrule/frontend/js/main.js" in wheel_names
    assert "chainrule/frontend/vendor/d3.min.js" in wheel_names
    assert not any("node_modules" in n for n in wheel_names)
    assert "chainrule/engine/ops.py" in wheel_names


def test_wheel_ships_every_file_the_page_loads(wheel_names):
    page = (ROOT / "frontend" / "index.html").read_text()
    local = [
        ref
        for ref in re.findall(r'(?:href|src)="([^"]+)"', page)
        if not ref.startswith(("data:", "http:", "https:", "#"))
    ]
    assert len(local) >= 5
    missing = [ref for ref in local if f"chainrule/frontend/{ref}" not in wheel_names]
    assert not missing, f"index.html loads files the wheel does not ship: {missing}"


def test_wheel_ships_what_the_widget_and_the_html_export_load(wheel_names):
    for name in ("vendor/chainrule-widget.js", "vendor/chainrule-standalone.js", "standalone.html"):
        assert f"chainrule/frontend/{name}" in wheel_names, name
