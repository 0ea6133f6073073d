"""The package's modules with their line counts, who imports whom, and what breaks the one-way flow.

    python tools/imports.py [--graph] [--src OTHER/src]

Data flows reader → model → figures → layout → writers, with the job (``pipeline``) and the command line
on top. Each module has a rank (``RANKS``, by its dotted name's longest listed prefix); a module may import
modules of its own rank or below, never above, and no two modules import each other, directly or round
a cycle. Imports inside functions count too: they are dependencies, only later ones.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"

# Lowest first. Shared pieces that know no format sit at the bottom with the model.
RANKS = {
    "publish.errors": 0, "publish.safexml": 0, "publish.model": 0, "publish.version": 0, "publish.options": 0,
    "publish.resources": 0, "publish.parallel": 0, "publish.outputs": 0,
    "publish.masthead_text": 0,
    "publish.libreoffice": 1, "publish.convert": 1,
    "publish.reader": 2, "publish.inputs": 2,
    "publish.figures": 3, "publish.masthead": 3,
    "publish.layout": 4,
    "publish.writers": 5,
    "publish.pipeline": 6,
    "publish.cli": 7, "publish.__main__": 7, "publish": 7,
}


def modules(src: Path = SRC) -> dict[str, Path]:
    found = {}
    for path in sorted((src / "publish").rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules that ``name`` imports, anywhere in it."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            # "from . import x" names a module x when there is one, else a name in the package
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def rank(name: str) -> int:
    while name not in RANKS:
        name = name.rpartition(".")[0]
    return RANKS[name]


def graph(src: Path = SRC) -> dict[str, set[str]]:
    found = modules(src)
    return {name: imports_of(name, path, set(found)) for name, path in found.items()}


def upward(edges: dict[str, set[str]]) -> list[tuple[str, str]]:
    """Imports of a module ranked above the importer: the flow run backwards."""
    return sorted((name, target) for name, targets in edges.items() for target in targets
                  if rank(target) > rank(name))


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10 * len(edges)))
    for node in sorted(edges):
        if node not in index:
            visit(node)
    return groups


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--graph", action="store_true", help="also list each module's imports")
    parser.add_argument("--src", type=Path, default=SRC, help="the src folder of another checkout")
    args = parser.parse_args()
    found = modules(args.src)
    edges = graph(args.src)
    for name, path in found.items():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        imported = f"  → {', '.join(sorted(t.removeprefix('publish.') for t in edges[name]))}" if args.graph else ""
        print(f"{lines:5d}  {rank(name)}  {name}{imported}")
    total = sum(len(path.read_text(encoding="utf-8").splitlines()) for path in found.values())
    print(f"{total:5d}     ({len(found)} modules)")
    wrong, loops = upward(edges), cycles(edges)
    for name, target in wrong:
        print(f"upward import: {name} (rank {rank(name)}) → {target} (rank {rank(target)})")
    for group in loops:
        print(f"cycle: {' ↔ '.join(group)}")
    print(f"{len(wrong)} upward imports, {len(loops)} cycles")
    return 1 if wrong or loops else 0


if __name__ == "__main__":
    raise SystemExit(main())
