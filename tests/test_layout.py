"""The package's layout stays what docs/architecture.md says: small modules, small functions,
docstring-only package inits, no import hidden inside a function, and no file that cites a
document outside the repository."""

from __future__ import annotations

import ast
import re

import pytest

from citydip.core import paths

SRC = paths.ROOT / "src" / "citydip"
MODULES = sorted(SRC.rglob("*.py"))
MAX_MODULE, MAX_FUNCTION = 600, 80


def _tree(path):
    return ast.parse(path.read_text(encoding="utf-8"))


def test_there_are_modules_to_check():
    assert len(MODULES) > 50 and any(p.parent.name == "checks" for p in MODULES)


def test_no_module_over_600_lines():
    long = {p.relative_to(SRC).as_posix(): n for p in MODULES if (n := p.read_text().count("\n")) > MAX_MODULE}
    assert long == {}


def test_no_function_over_80_lines():
    long = [
        f"{p.relative_to(SRC)}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for p in MODULES
        for node in ast.walk(_tree(p))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno - node.lineno + 1 > MAX_FUNCTION
    ]
    assert long == []


@pytest.mark.parametrize("init", sorted(SRC.glob("*/**/__init__.py")), ids=lambda p: p.parent.name)
def test_a_package_init_is_only_its_docstring(init):
    """Importing citydip.audit.checks.units must not import every check (make's dependencies follow imports)."""
    body = _tree(init).body
    assert body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant), "no docstring"
    assert [type(node).__name__ for node in body[1:]] == []


def test_no_import_of_the_package_inside_a_function():
    """A local import hides a dependency (or a cycle) from a reader; make's rules would still see it."""
    hidden = []
    for p in MODULES:
        for node in ast.walk(_tree(p)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.ImportFrom) and (inner.module or "").startswith("citydip"):
                        hidden.append(f"{p.relative_to(SRC)}:{inner.lineno} {inner.module}")
    assert hidden == []


def test_no_project_file_cites_a_document_outside_the_repository():
    outside = re.compile(r"DESIGN\.md|\.\./shared/(?!sources|reference)")
    files = [*paths.ROOT.glob("*.md"), *paths.ROOT.glob("docs/*.md"), *paths.ROOT.glob("tests/*.py"), *MODULES]
    cited = [
        f"{f.relative_to(paths.ROOT)}"
        for f in files
        if f != paths.ROOT / "tests/test_layout.py" and outside.search(f.read_text())
    ]
    assert cited == []
