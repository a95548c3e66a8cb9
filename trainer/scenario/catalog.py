"""The scenario library: every scenario and rubric under some folders, checked together.

`Catalog.load(folder, ...)` never raises for bad files: each file is loaded on its own (`loader`),
then the library is checked as a whole: ids unique across files (a duplicate names both), rubric
`extends` resolved (no unknown parent, no loop) and flattened, each scenario checked against its
rubric (`checks`) and its placeholders (`variables`). A file with any problem is left out, the rest
load; `problems` lists everything, sorted, as `path:line: loc: message`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from trainer.errors import LoadError, Problem, UnknownIdError
from trainer.scenario.checks import ScenarioChecks, placeholder_problems, rubric_problems, suggest
from trainer.scenario.loader import Kind, Loaded, kind_of, load_file, parse_text
from trainer.scenario.schema import DEFAULT_PASS_MARK, Criterion, Rubric, Scenario

SUFFIXES = (".yaml", ".yml")


def find_files(paths: Iterable[Path]) -> tuple[list[tuple[Path, Kind]], list[Problem]]:
    """Every YAML file under the paths with its kind; a missing path is a problem."""
    found: dict[Path, tuple[Path, Kind]] = {}
    problems: list[Problem] = []
    for root in paths:
        if root.is_file():
            found.setdefault(root.resolve(), (root, kind_of(root)))
        elif root.is_dir():
            for f in sorted(root.rglob("*")):
                rel = f.relative_to(root)
                if f.suffix.lower() in SUFFIXES and f.is_file() and not any(p.startswith(".") for p in rel.parts):
                    kind: Kind = "rubric" if "rubrics" in (root.name, *rel.parent.parts) else "scenario"
                    found.setdefault(f.resolve(), (f, kind))
        else:
            problems.append(Problem(str(root), 0, "", "no such file or folder; check the path"))
    return sorted(found.values(), key=lambda t: str(t[0])), problems


class Catalog:
    """Scenarios and flattened rubrics by id, plus every problem found loading them."""

    def __init__(self) -> None:
        self.scenarios: dict[str, Scenario] = {}
        self.rubrics: dict[str, Rubric] = {}
        self.problems: list[Problem] = []
        self._sources: dict[tuple[str, str], Path] = {}
        self._digests: dict[tuple[str, str], str] = {}
        self._chains: dict[str, list[str]] = {}  # rubric id -> ids of itself and its ancestors

    # ---------------------------------------------------------------------------------- loading

    @classmethod
    def load(cls, *paths: Path, max_file_bytes: int = 256 * 1024, only: str | None = None) -> Catalog:
        """Every file under the paths. With `only`, a rubric id, the phrase lists are checked in that
        rubric and the rubrics it extends alone (a command that uses one rubric skips the others')."""
        catalog = cls()
        files, problems = find_files(Path(p) for p in paths)
        loaded = [load_file(path, kind, max_file_bytes) for path, kind in files]
        checked = None if only is None else _chain_ids(loaded, only)
        for item in loaded:
            if checked is None or item.declared_id in checked:
                _check_rubric(item)
            problems.extend(item.problems)
        paths_of = {item.path: path for (path, _), item in zip(files, loaded, strict=True)}
        rubric_files = {rid: x for rid, x in catalog._unique([x for x in loaded if x.kind == "rubric"], "rubric",
                                                             problems).items() if x.model is not None}
        scenario_files = catalog._unique([x for x in loaded if x.kind == "scenario"], "scenario", problems)
        broken = {x.declared_id: x.path for x in loaded if x.kind == "rubric" and x.model is None}
        catalog._flatten(rubric_files, broken, problems)
        for rid, item in rubric_files.items():
            if rid in catalog.rubrics:
                catalog._remember("rubric", rid, paths_of[item.path], item)
        for sid, item in scenario_files.items():
            found = catalog._check_scenario(item, broken)
            problems.extend(found)
            if not found and item.model is not None:
                assert isinstance(item.model, Scenario)
                catalog.scenarios[sid] = item.model
                catalog._remember("scenario", sid, paths_of[item.path], item)
        catalog.problems = sorted(set(problems))
        return catalog

    @classmethod
    def load_rubrics(cls, *paths: Path, max_file_bytes: int = 256 * 1024, only: str | None = None) -> Catalog:
        """Only the rubric files under the paths (for commands that score and need no scenario); `only`
        as in `load`."""
        files, problems = find_files(Path(p) for p in paths)
        catalog = cls.load(*[path for path, kind in files if kind == "rubric"], max_file_bytes=max_file_bytes,
                           only=only)
        catalog.problems = sorted({*catalog.problems, *problems})
        return catalog

    def _remember(self, kind: str, id_: str, path: Path, item: Loaded) -> None:
        self._sources[(kind, id_)] = path
        self._digests[(kind, id_)] = item.digest

    def _unique(self, items: list[Loaded], kind: str, problems: list[Problem]) -> dict[str, Loaded]:
        """Checkable files by id; a second file with an id already taken is a problem naming the first."""
        first: dict[str, Loaded] = {}
        for item in items:
            id_ = item.declared_id
            if id_ is None:
                continue
            if id_ in first:
                other = first[id_]
                problems.append(Problem(item.path, item.line("id"), "id", f"duplicate {kind} id {id_!r}: "
                                        f"{other.path}:{other.line('id')} already uses it; ids must be "
                                        "unique across the library"))
                continue
            first[id_] = item
        return {id_: item for id_, item in first.items() if item.checkable is not None}

    def _flatten(self, files: dict[str, Loaded], broken: dict[str | None, str], problems: list[Problem]) -> None:
        done: dict[str, Rubric | None] = {}
        loops = _loops({rid: item.model.extends for rid, item in files.items()
                        if isinstance(item.model, Rubric)})

        def resolve(rid: str) -> Rubric | None:
            if rid in done:
                return done[rid]
            item = files[rid]
            own = item.model
            assert isinstance(own, Rubric)
            result: Rubric | None = own
            if own.extends is not None:
                parent_id = own.extends
                where = ("extends",)
                if rid in loops:
                    problems.append(_at(item, where, f"`extends` makes a loop ({loops[rid]}); remove one link"))
                    result = None
                elif parent_id not in files:
                    problems.append(_at(item, where, _unknown_rubric(parent_id, set(files), broken)))
                    result = None
                else:
                    parent = resolve(parent_id)
                    if parent is None:
                        problems.append(_at(item, where, f"extends rubric {parent_id!r}, which has "
                                            "problems of its own; fix those first"))
                        result = None
                    else:
                        result = _merged(own, parent)
                        self._chains[rid] = [rid, *self._chains[parent_id]]
            elif own.pass_mark is None:
                result = own.model_copy(update={"pass_mark": DEFAULT_PASS_MARK})
            self._chains.setdefault(rid, [rid])
            done[rid] = result
            return result

        for rid in files:
            rubric = resolve(rid)
            if rubric is not None:
                self.rubrics[rid] = rubric
            else:
                broken[rid] = files[rid].path

    def _check_scenario(self, item: Loaded, broken: dict[str | None, str]) -> list[Problem]:
        scenario = item.checkable
        assert isinstance(scenario, Scenario)
        rubric = self.rubrics.get(scenario.rubric)
        found: list[Problem] = []
        if rubric is None:
            found.append(_at(item, ("rubric",), _unknown_rubric(scenario.rubric, set(self.rubrics), broken)))
        found.extend(ScenarioChecks(item, rubric).run())
        found.extend(placeholder_problems(item))
        return found

    def check_text(self, text: str | bytes, kind: Kind = "scenario", path: str = "<editor>") -> list[Problem]:
        """Every problem of one unsaved file, checked against this library's rubrics (for editors)."""
        loaded = parse_text(text, kind, path)
        _check_rubric(loaded)
        if loaded.checkable is None:
            return loaded.problems
        if isinstance(loaded.checkable, Scenario):
            return sorted(set(loaded.problems + self._check_scenario(loaded, {})))
        found = list(loaded.problems)
        parent = loaded.checkable.extends
        if parent is not None and parent not in self.rubrics:
            found.append(_at(loaded, ("extends",), _unknown_rubric(parent, set(self.rubrics), {})))
        return sorted(set(found))

    # ------------------------------------------------------------------------------------ lookup

    def scenario(self, scenario_id: str) -> Scenario:
        if scenario_id not in self.scenarios:
            raise UnknownIdError("scenario", scenario_id, _close(scenario_id, self.scenarios))
        return self.scenarios[scenario_id]

    def rubric(self, rubric_id: str) -> Rubric:
        if rubric_id not in self.rubrics:
            raise UnknownIdError("rubric", rubric_id, _close(rubric_id, self.rubrics))
        return self.rubrics[rubric_id]

    def rubric_for(self, scenario: Scenario) -> Rubric:
        return self.rubric(scenario.rubric)

    def chain(self, rubric_id: str) -> list[str]:
        """The rubric's id and those of the rubrics it extends, nearest first ([] for an unknown id)."""
        return list(self._chains.get(rubric_id, []))

    def source(self, id_: str) -> Path:
        """The file a scenario (or, failing that, a rubric) with this id was loaded from."""
        for kind in ("scenario", "rubric"):
            if (kind, id_) in self._sources:
                return self._sources[(kind, id_)]
        raise UnknownIdError("scenario or rubric", id_, _close(id_, [*self.scenarios, *self.rubrics]))

    def rubric_chain(self, rubric_id: str) -> list[str]:
        """The rubric's id and the ids of the rubrics it extends, nearest first."""
        return list(self._chains.get(rubric_id, []))

    def version(self, scenario_id: str) -> str:
        """A short hash of the scenario file's bytes and of its rubric's files (with `extends`)."""
        scenario = self.scenario(scenario_id)
        h = hashlib.sha256(self._digests[("scenario", scenario_id)].encode())
        for rid in self._chains.get(scenario.rubric, []):
            h.update(self._digests[("rubric", rid)].encode())
        return h.hexdigest()[:12]

    def raise_for_problems(self) -> None:
        if self.problems:
            raise LoadError(self.problems)

    def __repr__(self) -> str:
        return (f"Catalog({len(self.scenarios)} scenarios, {len(self.rubrics)} rubrics, "
                f"{len(self.problems)} problems)")


def _check_rubric(item: Loaded) -> None:
    """Add a rubric file's phrase problems to its own (a file with any problem is left out)."""
    if item.kind == "rubric" and isinstance(item.checkable, Rubric):
        extra = rubric_problems(item)
        if extra:
            item.problems = sorted(set(item.problems + extra))
            item.model = None


def _chain_ids(loaded: list[Loaded], rubric_id: str) -> set[str]:
    """The rubric's id and the ids of every rubric it may extend, as the files say: where two files
    declare one id (an error reported elsewhere), the parents of both."""
    parents: dict[str | None, set[str]] = {}
    for item in loaded:
        if item.kind == "rubric" and isinstance(item.checkable, Rubric) and item.checkable.extends is not None:
            parents.setdefault(item.declared_id, set()).add(item.checkable.extends)
    chain: set[str] = set()
    todo = [rubric_id]
    while todo:
        current = todo.pop()
        if current not in chain:
            chain.add(current)
            todo.extend(parents.get(current, ()))
    return chain


def _merged(own: Rubric, parent: Rubric) -> Rubric:
    """Inherited criteria first (replaced in place by same-id ones here), then this rubric's new ones."""
    mine = {c.id: c for c in own.criteria}
    criteria: list[Criterion] = [mine.pop(c.id, c) for c in parent.criteria]
    criteria.extend(c for c in own.criteria if c.id in mine)
    pass_mark = own.pass_mark if own.pass_mark is not None else parent.pass_mark
    return own.model_copy(update={"criteria": criteria, "pass_mark": pass_mark})


def _unknown_rubric(wanted: str, known: set[str], broken: dict[str | None, str]) -> str:
    if wanted in broken:
        return f"rubric {wanted!r} ({broken[wanted]}) has problems of its own; fix those first"
    hint = suggest(wanted, known)
    if not hint and known and len(known) <= 6:
        hint = f"; known rubrics: {', '.join(sorted(known))}"
    return f"no rubric with id {wanted!r}{hint} (rubrics are read from folders named `rubrics`)"


def _loops(parents: dict[str, str | None]) -> dict[str, str]:
    """For each rubric on an `extends` loop, the loop drawn from it: 'a -> b -> a'."""
    out: dict[str, str] = {}
    for start in parents:
        path, current = [start], parents[start]
        while current is not None and current in parents and current not in path:
            path.append(current)
            current = parents[current]
        if current == start:
            out[start] = " -> ".join([*path, start])
    return out


def _at(item: Loaded, loc: tuple[str | int, ...], message: str) -> Problem:
    return Problem(item.path, item.line(*loc), ".".join(str(p) for p in loc), message)


def _close(wanted: str, known: Iterable[str]) -> list[str]:
    import difflib

    return difflib.get_close_matches(wanted, sorted(known), n=3, cutoff=0.6)
