"""Saving from the editor: only valid text, only inside the library, never over someone else's save."""

from pathlib import Path

import pytest

from trainer.errors import LoadError, ScenarioError
from trainer.studio.files import EditConflict, changed_keys, check, new_file, open_file, save, summarise
from trainer.studio.roundtrip import set_values


def test_a_valid_edit_is_saved_with_a_summary(library: Path, catalog):
    path = library / "en" / "app-hold.yaml"
    opened = open_file(path)
    text = set_values(opened.text, {"difficulty": 4})
    saved = save(opened, text, catalog, library)
    assert path.read_text(encoding="utf-8") == text
    assert text.startswith("# Two steps")  # the author's comment is still there
    assert saved.id == "app-hold" and saved.before == opened.digest and saved.after != opened.digest
    assert saved.summary == "changed difficulty (+1 -1 lines)"
    assert "-difficulty: 2\n+difficulty: 4" in saved.diff


def test_an_invalid_edit_is_refused_with_the_line(library: Path, catalog):
    path = library / "en" / "app-hold.yaml"
    opened = open_file(path)
    broken = opened.text.replace("difficulty: 2", "difficulty: 9")
    with pytest.raises(LoadError) as err:
        save(opened, broken, catalog, library)
    line = broken.splitlines().index("difficulty: 9") + 1
    assert [(p.line, p.loc) for p in err.value.problems] == [(line, "difficulty")]
    assert path.read_text(encoding="utf-8") == opened.text


def test_a_file_changed_on_disk_since_opening_is_not_overwritten(library: Path, catalog):
    path = library / "en" / "app-hold.yaml"
    mine, theirs = open_file(path), open_file(path)
    save(theirs, set_values(theirs.text, {"difficulty": 3}), catalog, library)
    with pytest.raises(EditConflict, match="changed by someone else since you opened it"):
        save(mine, set_values(mine.text, {"difficulty": 5}), catalog, library)
    assert "difficulty: 3" in path.read_text(encoding="utf-8")


def test_a_new_file_that_someone_else_created_meanwhile_is_not_overwritten(library: Path, catalog):
    text = (library / "en" / "app-hold.yaml").read_text(encoding="utf-8").replace("id: app-hold", "id: app-new")
    path = library / "en" / "app-new.yaml"
    opened = new_file(path, text)
    path.write_text("id: app-new\n", encoding="utf-8")
    with pytest.raises(EditConflict, match="created by someone else"):
        save(opened, text, catalog, library)


def test_saving_outside_the_library_is_refused(library: Path, catalog, tmp_path: Path):
    outside = tmp_path / "elsewhere.yaml"
    opened = new_file(outside, "id: x\n")
    with pytest.raises(ScenarioError, match="outside the scenario folder"):
        save(opened, "id: x\n", catalog, library)


def test_an_id_taken_by_another_file_is_a_problem(library: Path, catalog):
    text = (library / "en" / "app-hold.yaml").read_text(encoding="utf-8")
    problems = check(catalog, text, "scenario", str(library / "en" / "copy.yaml"))
    assert [p.loc for p in problems] == ["id"] and "already uses it" in problems[0].message
    assert check(catalog, text, "scenario", str(library / "en" / "app-hold.yaml")) == []


def test_summaries_name_what_changed():
    assert summarise("", "id: a\n") == "created (1 lines)"
    assert summarise("a: 1\n", "# note\na: 1\n") == "comments or layout only (+1 -0 lines)"
    assert changed_keys({"steps": [{"say": ["x"]}]}, {"steps": [{"say": ["y"]}]}) == ["steps.0.say"]


def test_two_saves_racing_from_the_same_version_let_exactly_one_through(library: Path, catalog):
    import threading

    path = library / "en" / "app-hold.yaml"
    opened = open_file(path)
    results: list[str] = []
    barrier = threading.Barrier(4)

    def attempt(level: int) -> None:
        barrier.wait()
        try:
            save(opened, set_values(opened.text, {"difficulty": level}), catalog, library)
            results.append("saved")
        except EditConflict:
            results.append("conflict")

    threads = [threading.Thread(target=attempt, args=(level,)) for level in (1, 3, 4, 5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(results) == ["conflict", "conflict", "conflict", "saved"]
    assert not [p for p in library.rglob("*.yaml") if p.name.startswith(".")]  # no temporary files left
