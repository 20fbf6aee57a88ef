"""The shape of the code base, checked by tests/test_architecture.py:

- the framework (tally/lib, orgs, accounts, ledgers, metrics) imports no domain app (an
  app of tally/ that declares ledgers.py or metrics.py of its own) and no demo module;
- no two modules import each other, directly or round a circle, counting imports inside
  functions and under `if TYPE_CHECKING` (migrations aside: Django orders those).

`python3 /work/shared/hooks/arch-check` checks the first rule from the command line."""

import ast
from collections.abc import Iterator
from pathlib import Path

FRAMEWORK = ("lib", "orgs", "accounts", "ledgers", "metrics")
DEMO_APP = "demo"


def module_paths(package: Path) -> dict[str, Path]:
    """Dotted module name → file, for every module of the package but migrations."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package.parent).with_suffix("")
        if "migrations" in relative.parts:
            continue
        parts = list(relative.parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imported_names(module: str, path: Path) -> Iterator[tuple[int, str]]:
    """(line, dotted name) of every import in the file, wherever it stands."""
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = absolute(module, node.module, node.level, is_package)
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}" if base else alias.name


def absolute(module: str, name: str | None, level: int, is_package: bool) -> str:
    if not level:
        return name or ""
    parts = module.split(".")
    keep = len(parts) - level + (1 if is_package else 0)
    return ".".join(parts[:keep] + ([name] if name else []))


def module_of(name: str, modules: dict[str, Path]) -> str | None:
    """The module an imported name lives in ("tally.a.b.func" → "tally.a.b")."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def import_graph(package: Path) -> dict[str, set[str]]:
    modules = module_paths(package)
    graph = {}
    for module, path in modules.items():
        targets = {module_of(name, modules) for _line, name in imported_names(module, path)}
        # A package's __init__ reached through "from . import x" is not an edge to itself.
        graph[module] = {t for t in targets if t and t != module}
    return graph


def domain_apps(package: Path) -> set[str]:
    return {
        app.name
        for app in package.iterdir()
        if app.is_dir()
        and app.name not in FRAMEWORK
        and ((app / "ledgers.py").exists() or (app / "metrics.py").exists())
    }


def framework_violations(package: Path) -> list[str]:
    """“file:line imports name” for each import by which the framework reaches a domain
    app or a demo module, and each demo module the framework holds itself."""
    domain = domain_apps(package)
    found = []
    for module, path in module_paths(package).items():
        parts = module.split(".")
        if len(parts) < 2 or parts[1] not in FRAMEWORK or "tests" in parts:
            continue
        if parts[-1] == "demo":
            found.append(f"{path} is a demo module inside the framework")
        for line, name in imported_names(module, path):
            target = name.split(".")
            if target[0] != package.name or len(target) < 2:
                continue
            if target[1] in domain or target[1] == DEMO_APP or "demo" in target[2:]:
                found.append(f"{path}:{line} imports {name}")
    return found


def import_cycles(package: Path) -> list[list[str]]:
    """Every set of modules that import each other round a circle (strongly connected
    components of the import graph with more than one module), each sorted."""
    graph = import_graph(package)
    index, low, on_stack, stack, cycles = {}, {}, set(), [], []

    def visit(start: str) -> None:
        # Tarjan's algorithm, iterative: the graph is deep enough to hit the recursion limit.
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, edges = work[-1]
            for target in edges:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph[target]))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        cycles.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return cycles
