"""Layering guards: the engine never imports the web layer, and no module imports in a circle.

Both read the source with ast (every import statement, at module level or inside a function,
relative or absolute), so an import a test run never executes is still caught. The checks are
functions of a source tree, and each is also run on a small tree that breaks its rule, so a
check that cannot fail would fail here.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "server" / "chainrule"
WEB = ("fastapi", "starlette", "pydantic", "uvicorn", "chainrule.api")


def module_name(root: Path, path: Path) -> str:
    """chainrule.engine.ops.registry for root/engine/ops/registry.py (root = the package)."""
    parts = [root.name, *path.relative_to(root).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(root: Path, path: Path) -> set[str]:
    """Every module an import statement in path names, as absolute dotted names: `from .x
    import y` gives both pkg.x and pkg.x.y (y may be a module), `import a.b` gives a.b."""
    module = module_name(root, path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                origin = ".".join([*base, *([node.module] if node.module else [])])
            else:
                origin = node.module or ""
            found.add(origin)
            found.update(f"{origin}.{alias.name}" for alias in node.names)
    return found


def web_imports(root: Path) -> list[str]:
    """'module: imported name' for every engine module that imports the web layer."""
    bad = []
    for path in sorted((root / "engine").rglob("*.py")):
        for name in sorted(imports_of(root, path)):
            if any(name == w or name.startswith(w + ".") for w in WEB):
                bad.append(f"{module_name(root, path)}: {name}")
    return bad


def import_cycles(root: Path) -> list[list[str]]:
    """Cycles in the graph 'module imports module' over the package's own modules."""
    paths = {module_name(root, p): p for p in root.rglob("*.py")}
    graph = {
        m: sorted(n for n in imports_of(root, p) if n in paths and n != m) for m, p in paths.items()
    }
    cycles, state = [], dict.fromkeys(graph, 0)  # 0 new, 1 on the path, 2 done
    for start in sorted(graph):
        if state[start]:
            continue
        stack, path = [(start, iter(graph[start]))], [start]
        state[start] = 1
        while stack:  # iterative depth-first search
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
                path.pop()
            elif state[child] == 1:
                cycles.append([*path[path.index(child) :], child])
            elif state[child] == 0:
                state[child] = 1
                stack.append((child, iter(graph[child])))
                path.append(child)
    return cycles


def write_tree(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "chainrule"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_no_engine_module_imports_the_web_layer():
    assert web_imports(PACKAGE) == []


def test_no_module_of_the_package_imports_in_a_circle():
    assert import_cycles(PACKAGE) == []


def test_the_purity_check_catches_relative_absolute_and_nested_imports(tmp_path):
    root = write_tree(
        tmp_path,
        {
            "__init__.py": "",
            "api/__init__.py": "",
            "api/schemas.py": "",
            "engine/__init__.py": "",
            "engine/training/__init__.py": "",
            "engine/training/train.py": "from ...api import schemas\n",
            "engine/ops/deep.py": "def f():\n    import fastapi\n",
            "engine/ok.py": "from . import training\nimport numpy\n",
        },
    )
    assert web_imports(root) == [
        "chainrule.engine.ops.deep: fastapi",
        "chainrule.engine.training.train: chainrule.api",
        "chainrule.engine.training.train: chainrule.api.schemas",
    ]


def test_the_cycle_check_catches_a_circle_through_a_function_level_import(tmp_path):
    root = write_tree(
        tmp_path,
        {
            "__init__.py": "",
            "engine/__init__.py": "",
            "engine/parse.py": "def run():\n    from .build import go\n",
            "engine/build.py": "from .graph import Graph\n",
            "engine/graph.py": "from . import parse\n",
            "engine/ops.py": "",
        },
    )
    assert import_cycles(root) == [
        [
            "chainrule.engine.build",
            "chainrule.engine.graph",
            "chainrule.engine.parse",
            "chainrule.engine.build",
        ]
    ]


def test_the_library_imports_no_web_framework():
    """`import chainrule` and a trace (and every other entry point) load no FastAPI,
    Starlette, pydantic or uvicorn module."""
    code = (
        "import sys, chainrule\n"
        "t = chainrule.trace('sum(W @ x) * y', {'W': [[1, 2], [3, 4]], 'x': [1, 1], 'y': 2})\n"
        "t.to_dict(); t.steps; t.nodes\n"
        "chainrule.trace_network({'layers': [2, 1], 'input': [1, 2], 'target': [1]}).to_dict()\n"
        "chainrule.gradcheck('x*x', {'x': 1.0}).to_dict()\n"
        "chainrule.gradient_step('w*w', {'w': 3}, learning_rate=0.1).to_dict()\n"
        "chainrule.train({'layers': [2, 2, 1]}, 'xor', learning_rate=0.1, steps=3).to_dict()\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('fastapi', 'starlette', 'pydantic', 'uvicorn') or m.startswith('chainrule.api'))\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
