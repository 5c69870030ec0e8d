"""The shape of the package: modules of one job each, small, importing one way."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "yearend"
MAX_LINES = 500


def _imports() -> dict[str, set[str]]:
    """Each module of the package → the modules of ours it imports (anywhere in it)."""
    ours = {p.stem for p in PACKAGE.glob("*.py")}
    graph = {}
    for path in PACKAGE.glob("*.py"):
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                found |= {node.module.split(".")[0]} if node.module else {a.name for a in node.names}
        graph[path.stem] = found & ours
    return graph


def test_no_module_is_over_500_lines():
    long = {p.name: n for p in PACKAGE.glob("*.py") if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"split these along their jobs: {long}"


def test_imports_have_no_cycle():
    graph = _imports()
    cycles, state, stack = [], {}, []

    def visit(module: str) -> None:
        state[module] = "open"
        stack.append(module)
        for dep in sorted(graph[module]):
            if state.get(dep) == "open":
                cycles.append(" → ".join(stack[stack.index(dep):] + [dep]))
            elif dep not in state:
                visit(dep)
        stack.pop()
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module)
    assert not cycles


def test_only_the_cli_and_the_orchestrator_sit_on_top():
    graph = _imports()
    assert {m for m, deps in graph.items() if "cli" in deps} == {"__main__"}
    assert {m for m, deps in graph.items() if "build" in deps} == {"cli"}


def test_only_the_cli_modules_import_click():
    users = {p.stem for p in PACKAGE.glob("*.py")
             if any(isinstance(n, (ast.Import, ast.ImportFrom)) and "click" in ast.unparse(n).split()[1].split(".")[0]
                    for n in ast.walk(ast.parse(p.read_text(encoding="utf-8"))))}
    assert users == {"cli", "clickzh", "screen"}


def test_starting_up_imports_no_heavy_library():
    """``generate.py --help`` stays fast: docxtpl, lxml, openpyxl, calamine, python-pptx and the
    word dictionary (rjieba) are imported only where a document or a workbook is made."""
    code = ("import sys; import yearend.cli; "
            "print(sorted(m for m in ('docxtpl', 'docx', 'lxml', 'openpyxl', 'python_calamine', 'pptx', 'xlsxwriter', "
            "'rjieba') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=PACKAGE.parent).stdout
    assert out.strip() == "[]"
