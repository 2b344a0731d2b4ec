"""The house rules, checked on the source: no import cycle inside ``analysis/``, arrows that run one
way between its rooms, and modules and functions short enough to read."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.support import ROOT

PACKAGE = ROOT / "analysis"
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80
# room -> rooms it may never import (lazily or not)
FORBIDDEN = {
    "extractors": {"run", "store", "views", "render", "ingest", "nlp", "cli"},
    "geo": {"extractors", "run", "store", "views", "render", "ingest", "nlp", "cli"},
    "ingest": {"nlp", "extractors", "store", "run", "views", "render", "cli"},
    "nlp": {"store", "run", "views", "render", "ingest", "cli"},
    "store": {"run", "views", "render", "nlp", "ingest", "cli", "corrections"},
    "corrections": {"run", "views", "render", "nlp", "ingest", "cli", "extractors"},
    "views": {"run", "nlp", "extractors", "ingest", "render", "cli"},
    "render": {"nlp", "extractors", "ingest", "store", "cli"},
    "run": {"views", "render", "cli"},
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every ``analysis`` module ``path`` imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("analysis"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 \
                and node.module.startswith("analysis"):
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
    return found


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: {m for m in _imports(path) if m in modules and m != name}
            for name, path in modules.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_house_has_no_import_cycle():
    assert _cycle(_graph()) is None


def test_house_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


@pytest.mark.parametrize("room", sorted(FORBIDDEN))
def test_house_arrows_run_one_way(room):
    wrong = sorted(f"{name} -> {dep}" for name, deps in _graph().items()
                   if name.split(".")[1:2] == [room] for dep in deps
                   if dep.split(".")[1:2] and dep.split(".")[1] in FORBIDDEN[room])
    assert wrong == []


def test_house_modules_and_functions_are_short():
    long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if len(source.splitlines()) > MAX_MODULE_LINES:
            long.append(f"{path.relative_to(ROOT)}: {len(source.splitlines())} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n = node.end_lineno - node.lineno + 1
                if n > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}: {n} lines")
    assert long == []


def test_house_ingest_needs_no_model():
    for path in (PACKAGE / "ingest").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import)
                 for a in n.names}
        names |= {n.module.split(".")[0] for n in ast.walk(tree)
                  if isinstance(n, ast.ImportFrom) and n.module}
        assert "spacy" not in names, path
