"""The engine is pure computation: it never imports the web layer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[2] / "server" / "chainrule" / "engine"
FORBIDDEN = ("fastapi", "starlette", "pydantic", "uvicorn", "chainrule.api")


def test_engine_sources_import_no_web_modules():
    for path in ENGINE.rglob("*.py"):
        for line in path.read_text().splitlines():
            stripped = line.strip()
            if stripped.startswith(("import ", "from ")):
                assert not any(name in stripped for name in FORBIDDEN), f"{path.name}: {line}"


def test_importing_the_engine_loads_no_web_modules():
    code = (
        "import sys, chainrule.engine.autodiff.run, chainrule.engine.results.document;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('fastapi', 'starlette', 'pydantic')]"
        ";print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
