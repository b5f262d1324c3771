"""Packaging from a clean clone: the build hook runs npm, the sdist needs none, the wheel ships
exactly the files the page loads (never node_modules or a stamp), and without npm the build
fails with one line saying so."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path, PurePosixPath

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGE = "chainrule/frontend/"


def clean_tree(dest: Path) -> Path:
    """The repository's files as a fresh clone has them: tracked and new files, nothing ignored
    (so no frontend/vendor/ and no node_modules), committed to a git repository of its own."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout.split(b"\0")
    for name in filter(None, listed):
        source = ROOT / os.fsdecode(name)
        if source.is_file():
            target = dest / os.fsdecode(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
    assert not (dest / "frontend" / "vendor").exists()
    git = ["git", "-c", "user.name=test", "-c", "user.email=test@localhost"]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "clean clone"]):
        subprocess.run([*git, *command], cwd=dest, check=True, capture_output=True)
    return dest


def without_npm() -> dict[str, str]:
    """The environment with only this Python's bin directory on PATH: no npm, no node."""
    return {**os.environ, "PATH": str(Path(sys.executable).parent)}


def build(source: Path | str, out: Path, *flags: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "build", *flags, "--outdir", str(out), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


@pytest.fixture(scope="module")
def dists(tmp_path_factory) -> dict[str, Path]:
    """`python -m build` of a clean clone: the sdist (the hook runs npm), then the wheel built
    from that sdist (as build does), with npm present."""
    tree = clean_tree(tmp_path_factory.mktemp("clone"))
    out = tmp_path_factory.mktemp("dist")
    result = build(tree, out)
    assert result.returncode == 0, result.stderr[-2000:]
    (sdist,) = out.glob("chainrule-*.tar.gz")
    (wheel,) = out.glob("chainrule-*.whl")
    return {"tree": tree, "sdist": sdist, "wheel": wheel}


@pytest.fixture(scope="module")
def wheel_names(dists) -> set[str]:
    return set(zipfile.ZipFile(dists["wheel"]).namelist())


def test_wheel_ships_the_frontend_and_the_package(wheel_names):
    assert f"{PAGE}index.html" in wheel_names
    assert f"{PAGE}js/main.js" in wheel_names
    assert f"{PAGE}vendor/d3.min.js" in wheel_names
    assert "chainrule/engine/ops/registry.py" in wheel_names
    assert not any("node_modules" in n for n in wheel_names)


def loaded_by(path: str, text: str) -> set[str]:
    """Files a page file refers to, as paths inside the wheel: HTML href/src, JS imports and
    `new URL(...)`, CSS url(...)."""
    if path.endswith(".html"):
        refs = re.findall(r'(?:href|src)="([^"]+)"', text)
    elif path.endswith(".js"):
        module = r'^(?:import|export)\b[^;"\']*?\bfrom\s*["\']([^"\']+)["\']'
        refs = re.findall(module, text, re.M)
        refs += re.findall(r'(?:^import|\bimport\()\s*["\']([^"\']+)["\']', text, re.M)
        refs += re.findall(r'new URL\(\s*["\']([^"\']+)["\']', text)
    elif path.endswith(".css"):
        refs = re.findall(r'url\(\s*["\']?([^"\')?#]+)', text)
    else:
        return set()
    here = PurePosixPath(path).parent
    found = set()
    for ref in refs:
        if ref.startswith(("data:", "http:", "https:", "#", "/")):
            continue
        parts: list[str] = []
        for part in (here / ref).parts:
            if part == "..":
                parts.pop()
            elif part != ".":
                parts.append(part)
        found.add("/".join(parts))
    return found


def docs_assets() -> list[str]:
    """What /docs and /redoc (pages the server writes, api/docs.py) load from the package."""
    from fastapi.testclient import TestClient

    from chainrule.api.app import create_app

    with TestClient(create_app()) as client:
        html = client.get("/docs").text + client.get("/redoc").text
    return [f"{PAGE}{ref[1:]}" for ref in re.findall(r'(?:href|src)="(/vendor/[^"]+)"', html)]


def test_wheel_ships_exactly_the_files_the_page_loads(dists, wheel_names):
    """Walk what the pages (index.html, embed.html, ..., /docs, /redoc) load: scripts,
    stylesheets, modules, the ELK worker, KaTeX fonts. Every file reached is shipped, every
    shipped one is reached."""
    wheel = zipfile.ZipFile(dists["wheel"])
    pages = [
        n for n in wheel_names if n.startswith(PAGE) and n.count("/") == 2 and n.endswith(".html")
    ]
    assert f"{PAGE}index.html" in pages
    reached, todo = set(), list(pages) + docs_assets()
    missing = []
    while todo:
        path = todo.pop()
        if path in reached:
            continue
        reached.add(path)
        if path not in wheel_names:
            missing.append(path)
            continue
        text = wheel.read(path).decode("utf-8", errors="replace")
        todo.extend(loaded_by(path, text) - reached)
    assert not missing, f"the page loads files the wheel does not ship: {missing}"
    shipped = {n for n in wheel_names if n.startswith(PAGE) and not n.endswith("/")}
    # The offline bundles are read by html_export.py / notebook.py, not loaded by a page, and
    # js/offline/ holds their entry modules (shipped with js/, run only inside the bundles).
    bundles = {f"{PAGE}vendor/chainrule-widget.js", f"{PAGE}vendor/chainrule-standalone.js"}
    offline = {n for n in shipped if n.startswith(f"{PAGE}js/offline/")}
    unused = sorted(shipped - reached - bundles - offline)
    assert not unused, f"the wheel ships frontend files the page never loads: {unused}"
    assert len(reached) > 40  # page, modules, vendored libraries and fonts


def test_loaded_by_resolves_each_kind_of_reference():
    assert loaded_by("a/index.html", '<script src="js/m.js"></script>') == {"a/js/m.js"}
    js = (
        'import { x,\n  y } from "./f.js";\nimport "../g.js";\nexport { z } from "./z.js";\n'
        'new URL("../v/w.js", import.meta.url);\nel("p", "comes from ", "it");'
    )
    assert loaded_by("a/js/m.js", js) == {"a/js/f.js", "a/g.js", "a/js/z.js", "a/v/w.js"}
    css = "@font-face{src:url(fonts/K.woff2) format('woff2'),url('fonts/K.ttf?v=1')}"
    assert loaded_by("a/k/k.css", css) == {"a/k/fonts/K.woff2", "a/k/fonts/K.ttf"}


def test_sdist_carries_the_built_vendor_files(dists):
    names = tarfile.open(dists["sdist"]).getnames()
    assert any(n.endswith("frontend/vendor/d3.min.js") for n in names)
    assert any(n.endswith("frontend/vendor/katex/katex.min.css") for n in names)
    assert any(n.endswith("/hatch_build.py") for n in names)
    assert not any("node_modules" in n for n in names)


def test_installing_from_the_sdist_needs_no_npm(dists, tmp_path):
    result = build(dists["sdist"], tmp_path, "--wheel", env=without_npm())
    assert result.returncode == 0, result.stderr[-2000:]
    (wheel,) = tmp_path.glob("chainrule-*.whl")
    assert f"{PAGE}vendor/d3.min.js" in zipfile.ZipFile(wheel).namelist()


def test_building_a_clean_clone_without_npm_says_so_in_one_line(tmp_path):
    tree = clean_tree(tmp_path / "clone")
    result = build(tree, tmp_path / "out", "--wheel", env=without_npm())
    assert result.returncode != 0
    output = result.stdout + result.stderr
    lines = [line for line in output.splitlines() if "needs Node.js and npm" in line]
    assert len(lines) == 1, output[-2000:]
    assert "Traceback" not in output


def test_pip_install_from_a_git_url(dists, tmp_path):
    """`pip install git+file://...` of the clean clone: pip builds the wheel itself (the hook
    runs npm) and the installed package has the vendored libraries."""
    target = tmp_path / "site"
    result = subprocess.run(
        [
            *(sys.executable, "-m", "pip", "install", "--quiet", "--no-deps"),
            *("--target", str(target), f"git+file://{dists['tree']}"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (target / "chainrule" / "frontend" / "vendor" / "d3.min.js").is_file()
    assert (target / "chainrule" / "cli.py").is_file()


def test_wheel_ships_what_the_widget_and_the_html_export_load(wheel_names):
    for name in ("vendor/chainrule-widget.js", "vendor/chainrule-standalone.js", "standalone.html"):
        assert f"{PAGE}{name}" in wheel_names, name
