"""The locks (`requirements.lock`, `requirements-dev.lock`) are what the README's two commands and CI
install: exact versions with hashes, so a fresh clone installs the same packages on any day. The
human-edited ranges stay in `requirements*.txt`; these tests fail when a lock no longer satisfies
them (a range was changed and the lock not refreshed), so the README's refresh command is run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from trainer.config import ROOT

LOCKS = {"requirements.txt": "requirements.lock", "requirements-dev.txt": "requirements-dev.lock"}
PIN = re.compile(r"^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def ranges(name: str) -> list[Requirement]:
    """The requirements a human wrote, following `-r` includes."""
    found: list[Requirement] = []
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r "):
            found += ranges(line[3:].strip())
        elif line:
            found.append(Requirement(line))
    return found


def pins(name: str) -> dict[str, list[tuple[Version, Marker | None]]]:
    """Each locked package's versions, with the environment marker each applies under."""
    locked: dict[str, list[tuple[Version, Marker | None]]] = {}
    text = (ROOT / name).read_text(encoding="utf-8")
    for line in text.splitlines():
        match = PIN.match(line)
        if match:
            package, version, marker = match.groups()
            locked.setdefault(canonicalize_name(package), []).append(
                (Version(version), Marker(marker) if marker else None))
    return locked


@pytest.mark.parametrize(("source", "lock"), LOCKS.items())
def test_the_lock_satisfies_every_range(source: str, lock: str) -> None:
    locked = pins(lock)
    assert locked, f"{lock} pins nothing"
    stale = []
    for requirement in ranges(source):
        versions = locked.get(canonicalize_name(requirement.name), [])
        if not versions:
            stale.append(f"{requirement.name} is not in {lock}")
        for version, _ in versions:
            if not requirement.specifier.contains(version, prereleases=True):
                stale.append(f"{requirement.name}=={version} is outside {requirement.specifier}")
    assert stale == [], f"{lock} is stale against {source}: refresh it (README, 'Locked versions')"


@pytest.mark.parametrize("lock", LOCKS.values())
def test_every_pin_carries_hashes(lock: str) -> None:
    text = (ROOT / lock).read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
    assert entries
    assert [e.split()[0] for e in entries if "--hash=sha256:" not in e] == []


def test_the_app_and_the_tests_install_the_same_versions() -> None:
    app, dev = pins("requirements.lock"), pins("requirements-dev.lock")
    assert {name: app[name] for name in app} == {name: dev.get(name) for name in app}


def test_the_readme_and_ci_install_from_the_locks() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "pip install -r requirements.lock && .venv/bin/streamlit run streamlit_app.py" in readme
    test_command = "-r requirements-dev.lock && .venv/bin/python -m pytest"
    assert test_command in readme
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert not re.search(r"pip install[^\n]*-r requirements(-dev)?\.txt", readme)


def test_a_changed_range_makes_the_lock_stale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The staleness check itself can fail."""
    (tmp_path / "requirements.txt").write_text("streamlit>=999\n", encoding="utf-8")
    (tmp_path / "requirements.lock").write_text((ROOT / "requirements.lock").read_text(encoding="utf-8"))
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)
    with pytest.raises(AssertionError, match="stale"):
        test_the_lock_satisfies_every_range("requirements.txt", "requirements.lock")
