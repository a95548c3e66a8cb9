"""The shape of the code, kept by tests: the core knows nothing of Streamlit, only the store talks
to SQLAlchemy, only two modules talk to `openai` (chat and speech), pages go through `trainer/`."""

import ast
from pathlib import Path

import pytest

from tests.found import found
from trainer.config import ROOT


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def python_files(folder: str) -> list[Path]:
    return found((ROOT / folder).rglob("*.py"), f"Python files under {folder}/")


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def outside(prefix: str) -> list[Path]:
    return [p for p in python_files("trainer") if not rel(p).startswith(prefix)]


@pytest.mark.parametrize("path", outside("trainer/ui/"), ids=rel)
def test_core_is_free_of_streamlit(path):
    assert "streamlit" not in imported_modules(path), "only trainer/ui may import streamlit"


@pytest.mark.parametrize("path", outside("trainer/store/"), ids=rel)
def test_only_the_store_talks_to_sqlalchemy(path):
    assert not {"sqlalchemy", "alembic"} & imported_modules(path), "go through trainer/store"


def test_only_the_two_doors_import_openai():
    users = [rel(p) for p in python_files("trainer") + python_files("pages") if "openai" in imported_modules(p)]
    assert users == ["trainer/llm.py", "trainer/voice/speech.py"], (
        f"openai is imported by {users}: keep it behind trainer/llm.py (chat) and trainer/voice/speech.py (audio)")


# -- the layers -------------------------------------------------------------------------------------------
# Which `trainer` packages (and top-level modules) each may import, lowest first. A package imports only
# what sits below it, so there is no cycle: "where is X?" has one answer, and a change low down never
# needs one higher up. `cli` and `ui` are the doors; `services` wires the parts for them.
BASE = {"errors", "roles", "languages"}
LAYERS: dict[str, set[str]] = {
    "errors": set(),
    "roles": set(),
    "languages": set(),
    "config": {"errors"},
    "cycles": {"roles"},
    "messages": {"languages"},
    "limits": {"errors"},
    "sessions": {"config"},
    "auth": {"config", "errors"},
    "llm": {"config", "errors"},
    "yamlfile": set(),
    "prompts": {"errors", "yamlfile"},
    "matching": set(),
    "scenario": BASE | {"prompts", "yamlfile", "config", "llm", "matching", "messages"},
    "voice": BASE | {"matching", "config", "scenario"},
    "scoring": BASE | {"prompts", "config", "llm", "matching", "messages", "scenario", "voice"},
    "simulation": BASE | {"prompts", "matching", "config", "llm", "messages", "scenario", "scoring", "voice"},
    "store": BASE | {"matching", "auth", "config", "cycles", "scoring", "sessions", "simulation"},
    "practice": BASE | {"matching", "config", "limits", "scenario", "scoring", "simulation", "store", "voice"},
    "progress": BASE | {"matching", "cycles", "messages", "practice", "scenario", "scoring", "simulation", "store"},
    "studio": BASE | {"matching", "config", "scenario", "scoring", "simulation", "store"},
    "services": BASE | {"config", "scenario", "scoring", "store", "voice"},
    "cli": BASE | {"auth", "config", "cycles", "llm", "matching", "messages", "practice", "progress", "scenario",
                   "scoring", "services", "simulation", "store", "studio", "voice"},
    "ui": BASE | {"auth", "config", "cycles", "limits", "llm", "matching", "messages", "practice", "progress",
                  "scenario", "scoring", "services", "sessions", "simulation", "store", "studio", "voice"},
    "__main__": {"cli"},
}


def trainer_imports() -> dict[str, set[str]]:
    """For each package or top-level module of `trainer`, the others it imports (anywhere in it, inside
    functions too: an import put off until it is needed is still a dependency)."""
    out: dict[str, set[str]] = {}
    for path in python_files("trainer"):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(ROOT / "trainer").with_suffix("").parts
        if parts == ("__init__",):
            continue
        unit = parts[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
                     if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 else [])
            for name in names:
                bits = name.split(".")
                if bits[0] == "trainer" and len(bits) > 1 and bits[1] != unit and bits[1] in LAYERS:
                    out.setdefault(unit, set()).add(bits[1])
    return out


def cycle_in(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle in `graph` (as a path that ends where it starts), or None."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        state[node] = 2
        path.pop()
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_every_package_has_a_place_in_the_layers():
    units = {p.relative_to(ROOT / "trainer").with_suffix("").parts[0] for p in python_files("trainer")}
    assert units - {"__init__"} <= set(LAYERS), f"give {sorted(units - set(LAYERS) - {'__init__'})} a layer"


def test_the_layer_table_has_no_cycle():
    assert cycle_in(LAYERS) is None


def test_the_cycle_finder_finds_one():
    assert cycle_in({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle_in({"a": {"b"}, "b": set()}) is None


@pytest.mark.parametrize("unit", sorted(LAYERS))
def test_each_package_imports_only_what_sits_below_it(unit):
    extra = trainer_imports().get(unit, set()) - LAYERS[unit]
    assert not extra, f"trainer.{unit} imports {sorted(extra)}, which its layer does not allow (see LAYERS)"


def test_no_role_names_outside_the_roles_policy():
    """Who may do what is written once, in trainer/roles.py: no tuple of role names, and no comparison of
    a role with a literal, anywhere else."""
    roles = {"trainee", "manager", "trainer", "admin"}
    found_here = []
    for path in python_files("trainer") + python_files("pages") + [ROOT / "streamlit_app.py"]:
        if rel(path) == "trainer/roles.py" or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Tuple | ast.Set | ast.List) and sum(
                    isinstance(e, ast.Constant) and e.value in roles for e in node.elts) >= 2:
                found_here.append(f"{rel(path)}:{node.lineno}")
            if (isinstance(node, ast.Compare) and isinstance(node.left, ast.Attribute) and node.left.attr == "role"
                    and any(isinstance(c, ast.Constant) and c.value in roles for c in node.comparators)):
                found_here.append(f"{rel(path)}:{node.lineno}")
    assert found_here == [], f"use trainer.roles instead: {found_here}"


PACKAGES = sorted(p.parent for p in (ROOT / "trainer").rglob("__init__.py"))


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_each_package_says_what_it_is_for_and_what_others_may_use(package: Path):
    """An `__init__` with a docstring and an `__all__` whose every name is defined there or is one of
    the package's modules (read from the source, so nothing is imported)."""
    import importlib.util

    tree = ast.parse((package / "__init__.py").read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), f"{package.relative_to(ROOT)}/__init__.py has no docstring"
    exported = None
    defined: set[str] = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Name):
                defined.add(target.id)
                if target.id == "__all__":
                    exported = ast.literal_eval(node.value)
        if isinstance(node, ast.ImportFrom | ast.Import):
            defined.update((a.asname or a.name).split(".")[0] for a in node.names)
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            defined.add(node.name)
    assert exported is not None, f"{package.relative_to(ROOT)}/__init__.py has no __all__"
    dotted = ".".join(package.relative_to(ROOT).parts)
    for name in exported:
        assert name in defined or importlib.util.find_spec(f"{dotted}.{name}") is not None, (dotted, name)
