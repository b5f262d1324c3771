"""torch and micrograd are optional: `import chainrule` and function tracing never load them."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def loaded_after(code: str) -> list[str]:
    probe = (
        f"{code}\nimport json, sys\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & {'torch', 'micrograd'})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_import_chainrule_loads_neither_torch_nor_micrograd():
    assert loaded_after("import chainrule") == []


def test_tracing_a_function_loads_neither():
    code = (
        "import chainrule\n"
        "t = chainrule.trace(lambda x: chainrule.exp(x) * 2, x=1.0)\n"
        "assert t.gradients['x'] > 5"
    )
    assert loaded_after(code) == []


def test_the_extras_are_declared_with_a_torch_range_the_makefile_pin_meets():
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    assert extras["torch"] == ["torch>=2.1"]
    assert extras["micrograd"] == ["micrograd>=0.1.0"]
    lines = (ROOT / "Makefile").read_text().splitlines()
    installs = [k for k, line in enumerate(lines) if not line.lstrip().startswith("#")]
    pin = next(k for k in installs if "torch==2.13.0" in lines[k])
    extra = next(k for k in installs if "micrograd,torch]" in lines[k])
    assert pin < extra  # the pinned CPU build first, so the range never resolves on its own
