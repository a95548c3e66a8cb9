"""`Repository` is composed, not inherited: focused parts sharing one unit of work, each in the module of
its name, so a reader sees which part owns a query (`repo.attempts.get_attempt` is in
`trainer/store/attempts.py`)."""

import ast
import inspect
from collections.abc import Iterator

import pytest

from trainer.config import ROOT
from trainer.store import Repository
from trainer.store.engine import make_engine

PARTS = {"accounts", "people", "sessions", "attempts", "recordings", "progress", "dashboards", "programs",
         "exports", "studio", "rescoring"}


@pytest.fixture(scope="module")
def bare() -> Iterator[Repository]:
    repo = Repository(make_engine("sqlite://"))
    yield repo
    repo.close()


def public(thing: object) -> set[str]:
    return {name for name in dir(thing) if not name.startswith("_")}


def part_classes(repo: Repository) -> dict[str, type]:
    return {name: type(getattr(repo, name)) for name in PARTS}


def test_the_repository_is_its_parts_and_the_engine(bare):
    assert public(bare) == PARTS | {"engine", "now", "upgrade", "close"}


def test_each_part_lives_in_its_own_module(bare):
    for name, cls in part_classes(bare).items():
        assert cls.__module__ == f"trainer.store.{name}", f"repo.{name} is {cls.__qualname__} from {cls.__module__}"
        assert cls.__mro__ == (cls, object), f"{cls.__qualname__} inherits from {cls.__mro__[1:]}: compose instead"


def test_the_parts_share_one_unit_of_work(bare):
    assert {id(getattr(bare, name)._unit) for name in PARTS} == {id(bare._unit)}
    assert bare._unit.engine is bare.engine


def test_a_method_name_says_its_part(bare):
    owners: dict[str, list[str]] = {}
    for name, cls in part_classes(bare).items():
        for method, _ in inspect.getmembers(cls, inspect.isfunction):
            if not method.startswith("_"):
                owners.setdefault(method, []).append(name)
    assert {m: o for m, o in owners.items() if len(o) > 1} == {}


def test_no_part_holds_or_imports_another(bare):
    """A part is given the unit of work (and its own settings), never another part; what two parts need
    alike is a function, imported from a module below them."""
    classes = part_classes(bare)
    for name in PARTS:
        held = {type(v) for v in vars(getattr(bare, name)).values()}
        assert not held & set(classes.values()), f"repo.{name} holds another part"
        tree = ast.parse((ROOT / "trainer" / "store" / f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module in {f"trainer.store.{p}" for p in PARTS - {name}}:
                other = classes[node.module.rsplit(".", 1)[1]].__name__
                assert other not in {a.name for a in node.names}, f"{name}.py imports the part {other}"
