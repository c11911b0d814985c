"""The package layout is the data flow: a stage imports only itself and the stages before it.

text -> vocab -> ingest -> model -> observe -> rules -> findings -> store -> stats -> pipeline -> workspace -> ui, cli.
``juesuan/__init__.py`` (the public API) may reach every stage; it does so lazily.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "juesuan"

LAYERS: list[set[str]] = [
    {"text"},
    {"vocab"},
    {"ingest"},
    {"model"},
    {"observe"},
    {"rules"},
    {"findings"},
    {"store"},
    {"stats"},
    {"pipeline"},
    {"workspace"},
    {"ui", "cli"},
]
RANK = {stage: i for i, group in enumerate(LAYERS) for stage in group}


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, imported juesuan module) for every import in the file, at any depth (lazy imports count)."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names if a.name.startswith("juesuan.")]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and node.module.startswith("juesuan"):
            # "from package import module" imports that module (the package's __init__ runs too, but a
            # module importing a sibling this way is no cycle through the package)
            subs = [f"{node.module}.{a.name}" for a in node.names]
            mods = [s for s in subs if (SRC.parent / Path(*s.split("."))).with_suffix(".py").is_file()
                    or (SRC.parent / Path(*s.split(".")) / "__init__.py").is_file()]
            out += [(node.lineno, m) for m in mods] or [(node.lineno, node.module)]
    return out


def _stage(path: Path) -> str | None:
    rel = path.relative_to(SRC).parts
    return rel[0] if len(rel) > 1 else None


MODULES = sorted(p for p in SRC.rglob("*.py") if _stage(p) is not None)


def test_every_stage_is_declared() -> None:
    stages = {p.name for p in SRC.iterdir() if p.is_dir() and (p / "__init__.py").is_file()}
    assert stages == set(RANK), f"undeclared: {stages - set(RANK)}, missing: {set(RANK) - stages}"


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(SRC)) for p in MODULES])
def test_module_imports_only_earlier_stages(path: Path) -> None:
    mine = _stage(path)
    bad = []
    for line, mod in _imports(path):
        parts = mod.split(".")
        if len(parts) < 2:
            bad.append(f"{line}: {mod} (the package API from inside the package)")
            continue
        if RANK.get(parts[1], -1) > RANK[mine] or (parts[1] in LAYERS[RANK[mine]] and parts[1] != mine):
            bad.append(f"{line}: {mod}")
    assert not bad, f"{path.relative_to(SRC)} ({mine}) imports a later stage: {bad}"


def test_no_import_cycles_between_modules() -> None:
    graph: dict[str, set[str]] = {}
    for p in SRC.rglob("*.py"):
        rel = p.relative_to(SRC.parent).with_suffix("")
        name = ".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)
        graph[name] = {m for _, m in _imports(p)}
    for node in graph:  # resolve "from package import module" to the module itself
        graph[node] = {m for m in graph[node] if m in graph and m != node}
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(n: str, stack: list[str]) -> bool:
        state[n] = 1
        for m in sorted(graph[n]):
            if state.get(m) == 1:
                cycle.extend(stack[stack.index(m):] + [m] if m in stack else [n, m])
                return True
            if state.get(m) is None and visit(m, stack + [m]):
                return True
        state[n] = 2
        return False

    for n in sorted(graph):
        if state.get(n) is None and visit(n, [n]):
            break
    assert not cycle, " -> ".join(cycle)


def test_every_module_says_what_it_owns_and_stays_small() -> None:
    problems = []
    for p in SRC.rglob("*.py"):
        text = p.read_text(encoding="utf-8")
        if not ast.get_docstring(ast.parse(text)):
            problems.append(f"{p.relative_to(SRC)}: no docstring")
    assert not problems, problems
