"""The import graph of the packages, read from their source with ``ast`` (nothing is imported).

DESIGN convention 1: imports point one way (desktop → shared, server → shared; shared imports
neither; the desktop imports the server only in ``planner_desktop/embedded.py``), and within a
package there is no import cycle.

Every ``import`` / ``from … import`` statement counts, also one inside a function (it runs when the
function does, and a cycle through it is still a cycle), except those under ``if TYPE_CHECKING:``,
which never run. An edge goes to the module named: ``from a.b import c`` to ``a.b.c`` when that is
a module, else to ``a.b``; importing ``a.b.c`` also runs the ``__init__`` of ``a`` and ``a.b``, but
those implied edges are left out, as import tools do (a package that imports its own submodules
is not a cycle Python trips over).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = {
    "planner_shared": ROOT / "shared" / "planner_shared",
    "planner_server": ROOT / "server" / "planner_server",
    "planner_desktop": ROOT / "desktop" / "planner_desktop",
}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    target: str  # the module imported (absolute dotted name)
    line: int


def module_name(package: str, path: Path) -> str:
    parts = [package, *path.relative_to(PACKAGES[package]).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_modules(package: str) -> dict[str, Path]:
    return {module_name(package, path): path for path in sorted(PACKAGES[package].rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _statements(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement of ``tree`` at any depth, skipping the bodies of ``if TYPE_CHECKING:``."""
    if isinstance(tree, ast.Import | ast.ImportFrom):
        yield tree
        return
    if isinstance(tree, ast.If) and _is_type_checking(tree.test):
        for node in tree.orelse:
            yield from _statements(node)
        return
    for child in ast.iter_child_nodes(tree):
        yield from _statements(child)


def _absolute(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imports_of(package: str) -> list[Import]:
    """Every import statement in the modules of ``package``, as edges to absolute module names."""
    modules = package_modules(package)
    known = set().union(*(package_modules(p) for p in PACKAGES))
    found = []
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in _statements(tree):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                base = _absolute(module, path.name == "__init__.py", node)
                targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                           for alias in node.names]
            found += [Import(module, target, node.lineno) for target in dict.fromkeys(targets)]
    return found


def _top(name: str) -> str:
    return name.split(".")[0]


def graph_of(package: str) -> dict[str, set[str]]:
    """Module → the modules of the same package it imports."""
    graph: dict[str, set[str]] = {module: set() for module in package_modules(package)}
    for edge in imports_of(package):
        target = edge.target
        while target not in graph and "." in target:  # ``import a.b.name``: the module holding it
            target = target.rsplit(".", 1)[0]
        if target in graph and _top(edge.target) == package:
            graph[edge.module].add(target)
    return graph


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm (iterative): the groups of modules that import each other, one or more."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                groups.append(sorted(group))
    return groups


def a_cycle(graph: dict[str, set[str]], group: list[str]) -> list[str]:
    """One concrete cycle through the first module of ``group`` (a group of mutual importers)."""
    members = set(group)
    start = group[0]
    paths = {start: [start]}
    queue = [start]
    while queue:  # breadth first: the shortest way back to the start
        node = queue.pop(0)
        for child in sorted(graph[node] & members):
            if child == start:
                return [*paths[node], start]
            if child not in paths:
                paths[child] = [*paths[node], child]
                queue.append(child)
    raise AssertionError(f"no cycle through {start}")  # a group of mutual importers always has one


def cyclic_groups(graph: dict[str, set[str]]) -> list[list[str]]:
    return [group for group in strongly_connected(graph) if len(group) > 1 or group[0] in graph[group[0]]]


@pytest.mark.parametrize("package", ["planner_desktop", "planner_server"])
def test_no_import_cycle(package: str) -> None:
    graph = graph_of(package)
    report = [f"  {' -> '.join(a_cycle(graph, group))}\n    (all that import each other: {', '.join(group)})"
              for group in cyclic_groups(graph)]
    assert not report, f"import cycles in {package}:\n" + "\n".join(report)


FORBIDDEN = {  # package → {a package it must not import: the modules that may all the same}
    "planner_shared": {"planner_server": set(), "planner_desktop": set()},
    "planner_server": {"planner_desktop": set()},
    "planner_desktop": {"planner_server": {"planner_desktop.embedded"}},
}


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_imports_point_one_way(package: str) -> None:
    forbidden = FORBIDDEN[package]
    wrong = [f"  {edge.module} (line {edge.line}) imports {edge.target}"
             for edge in imports_of(package)
             if _top(edge.target) in forbidden and edge.module not in forbidden[_top(edge.target)]]
    assert not wrong, f"{package} imports what it must not (DESIGN convention 1):\n" + "\n".join(wrong)


def test_the_graph_sees_what_it_must() -> None:
    """The reader itself: imports inside functions count, those under TYPE_CHECKING do not."""
    edges = {(e.module, e.target) for e in imports_of("planner_desktop")}
    assert ("planner_desktop.embedded", "planner_server") in {(m, _top(t)) for m, t in edges}
    tree = ast.parse("if TYPE_CHECKING:\n    import a\nelse:\n    import b\n"
                     "def f():\n    import c\n    from d import e\n")
    assert [alias.name for node in _statements(tree) for alias in node.names] == ["b", "c", "e"]
    cyclic = {"m.a": {"m.b"}, "m.b": {"m.c"}, "m.c": {"m.a"}, "m.d": {"m.a", "m.d"}}
    assert cyclic_groups(cyclic) == [["m.a", "m.b", "m.c"], ["m.d"]]
    assert a_cycle(cyclic, ["m.a", "m.b", "m.c"]) == ["m.a", "m.b", "m.c", "m.a"]
