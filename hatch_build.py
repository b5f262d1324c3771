"""Hatch build hook: builds frontend/vendor/ (npm ci + the vendor script) when a build lacks it.

A clean clone has no vendor/ (it is git-ignored), so `pip install .`, `pip install git+URL` and
`python -m build` run npm here. An sdist already carries vendor/, so installing one needs no npm.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

NEEDS_NPM = (
    "chainrule: building from source needs Node.js and npm to copy the page's JavaScript "
    "libraries into frontend/vendor/ (install them, or install chainrule from an sdist or wheel)"
)


def vendor_missing(frontend: Path) -> bool:
    """True when vendor/ is absent or empty (a clean clone); a built one is left alone."""
    vendor = frontend / "vendor"
    return not vendor.is_dir() or not any(vendor.iterdir())


def build_vendor(frontend: Path, run=subprocess.run, which=shutil.which) -> None:
    """npm ci with the lock file, the script that copies what the page loads into vendor/, and
    the one that bundles the view for the notebook widget and the HTML export (with esbuild, a
    devDependency: so npm ci installs the dev tools too)."""
    npm, node = which("npm"), which("node")
    if npm is None or node is None:
        # SystemExit with a message: the build fails with that one line, not a traceback.
        raise SystemExit(NEEDS_NPM)
    for command in (
        [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
        [node, "scripts/vendor.mjs"],
        [node, "scripts/bundle.mjs"],
    ):
        result = run(command, cwd=frontend)
        if result.returncode != 0:
            raise SystemExit(f"chainrule: `{' '.join(command[1:])}` in frontend/ failed")


class VendorHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        frontend = Path(self.root) / "frontend"
        if vendor_missing(frontend):
            build_vendor(frontend)
