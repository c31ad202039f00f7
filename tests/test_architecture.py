"""The core stays pure: no Textual, no SQLite, no I/O, no other layer."""

import ast
import subprocess
import sys
from pathlib import Path

import sydnarke_tui

PACKAGE = Path(sydnarke_tui.__file__).parent
FORBIDDEN = {"textual", "rich", "sqlite3", "sqlite_utils", "openpyxl", "tomli_w", "tomllib", "os", "io", "pathlib",
             "subprocess", "socket", "shutil", "sydnarke_tui.store", "sydnarke_tui.io", "sydnarke_tui.tui",
             "sydnarke_tui.cli", "sydnarke_tui.config"}


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                # relative import inside core: resolve against sydnarke_tui.core
                base = ["sydnarke_tui", "core"][: max(0, 2 - (node.level - 1))]
                yield ".".join([*base, node.module or ""]).rstrip("."), node.lineno
            else:
                yield node.module or "", node.lineno


def test_core_imports_nothing_impure():
    bad = []
    for path in sorted((PACKAGE / "core").glob("*.py")):
        for name, line in _imports(path):
            if any(name == f or name.startswith(f + ".") for f in FORBIDDEN):
                bad.append(f"{path.name}:{line} imports {name}")
    assert bad == []


def test_core_never_uses_float_or_open():
    bad = []
    for path in sorted((PACKAGE / "core").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("float", "open", "print"):
                bad.append(f"{path.name}:{node.lineno} {node.func.id}()")
    assert bad == []


def test_import_linter_contracts_hold():
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint)], cwd=PACKAGE.parent, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
