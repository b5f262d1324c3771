"""The widget's ES module works offline: one file, no imports left, nothing fetched."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from chainrule.html_export import SCRIPT, WIDGET, frontend_file
from chainrule.notebook import GraphWidget

BUNDLES = {"widget": WIDGET, "standalone": SCRIPT}
# Every URL in the bundles is an XML namespace or ELK/EMF identifier (a name, never requested).
IDENTIFIER_HOSTS = {"www.w3.org", "www.eclipse.org", ""}
IMPORTS = re.compile(r"""(?:^|[^.\w$])import\s*(?:\(|[\w$*{][^;]*?\bfrom\s*["'`]|["'`])""")
REEXPORTS = re.compile(r"""\bexport\s*(?:\*|\{[^}]*\})\s*from\s*["'`]""")
NETWORK_CALLS = re.compile(
    r"""(?:fetch|importScripts|import|url|XMLHttpRequest|open|sendBeacon|WebSocket|EventSource)"""
    r"""\s*\(\s*["'`]?\s*(?:https?:)?//""",
    re.I,
)


@pytest.fixture(scope="module", params=sorted(BUNDLES))
def bundle(request) -> str:
    return frontend_file(BUNDLES[request.param]).read_text(encoding="utf-8")


def test_the_widget_ships_the_bundle_as_its_esm():
    assert GraphWidget._esm == frontend_file(WIDGET).read_text(encoding="utf-8")


def test_no_import_of_anything_is_left(bundle):
    assert not IMPORTS.search(bundle), IMPORTS.search(bundle).group()
    assert not REEXPORTS.search(bundle)


def test_nothing_is_fetched_from_the_network(bundle):
    assert not NETWORK_CALLS.search(bundle), NETWORK_CALLS.search(bundle).group()
    hosts = {m.group(1) for m in re.finditer(r"https?://([^/\"'`\s)]*)", bundle)}
    assert hosts <= IDENTIFIER_HOSTS, hosts - IDENTIFIER_HOSTS
    assert "sourceMappingURL" not in bundle


def test_fonts_and_the_elk_worker_are_inside(bundle):
    fonts = re.findall(r"url\(data:font/woff2;base64,", bundle)
    assert len(fonts) >= 15  # KaTeX's faces, inlined
    assert not re.search(r"url\((?!data:|#)", bundle)  # no font or image by URL (#: SVG markers)
    # ELK's worker script (a class name it registers), once: the Blob worker is made from the
    # same function that runs on the main thread when a worker is not allowed.
    assert bundle.count("ExclusiveRange/RangeIterator") == 1


def test_the_patterns_catch_what_they_are_for():
    """The checks above would fail on an unbundled module (guards that can fail)."""
    assert IMPORTS.search('import{mountGraphView as m}from"./view/mount.js";')
    assert IMPORTS.search('import*as d3 from"d3"')
    assert IMPORTS.search('const m=await import("https://esm.sh/d3")')
    assert IMPORTS.search('import "katex/dist/katex.min.css"')
    assert not IMPORTS.search("x.import(1); y=import.meta")  # neither is a module import
    assert REEXPORTS.search('export{a}from"./a.js"')
    assert NETWORK_CALLS.search('fetch("https://cdn.jsdelivr.net/npm/katex")')
    assert NETWORK_CALLS.search("src:url(https://fonts.gstatic.com/x.woff2)")
    assert NETWORK_CALLS.search('importScripts("//unpkg.com/elkjs/lib/elk-worker.min.js")')


def test_node_loads_the_module_and_finds_render(tmp_path: Path):
    """A module with a bare specifier left would fail to load outside node_modules."""
    copy = tmp_path / "widget.mjs"
    copy.write_text(frontend_file(WIDGET).read_text(encoding="utf-8"), encoding="utf-8")
    code = "const m = await import(process.argv[1]); console.log(typeof m.default.render);"
    out = subprocess.run(
        ["node", "--input-type=module", "-e", code, copy.as_uri()],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "function"
