"""Replicas on one database: a scenario saved through one app process is noticed by the others, which
load their library again; a process notices it at most once per interval, with one query, however many
browser sessions it serves."""

from __future__ import annotations

from trainer.errors import StoreError
from trainer.services import LibraryWatch


def save(repo, who, n: int) -> None:
    repo.studio.record_save(who, path="en/a.yaml", scenario_id="a", before_hash=None, after_hash=f"h{n}",
                            summary="changed", diff="")


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_newest_save_id_starts_at_zero_and_grows(repo, people):
    assert repo.studio.latest_save_id() == 0
    save(repo, people.trainer, 1)
    first = repo.studio.latest_save_id()
    save(repo, people.admin, 2)
    assert repo.studio.latest_save_id() > first > 0


def test_a_save_through_another_process_makes_this_one_reload_once(repo, people):
    clock = Clock()
    here = LibraryWatch(every=5.0, clock=clock)
    assert not here.stale(repo)  # the first look notes where the database stands: the library loads after it
    save(repo, people.trainer, 1)  # another replica's Editor
    assert not here.stale(repo)  # asked less than 5 s ago: not asked again
    clock.now += 5.0
    assert here.stale(repo)
    clock.now += 5.0
    assert not here.stale(repo)  # reloaded: nothing new since


def test_its_own_save_reloads_once_not_twice(repo, people):
    clock = Clock()
    here = LibraryWatch(every=5.0, clock=clock)
    here.stale(repo)
    save(repo, people.trainer, 1)
    here.reloaded(repo)  # the Editor of this process reloads its library after the save
    clock.now += 5.0
    assert not here.stale(repo)


def test_a_database_that_does_not_answer_is_asked_again_later(repo, people):
    clock = Clock()
    here = LibraryWatch(every=5.0, clock=clock)
    here.stale(repo)
    save(repo, people.trainer, 1)

    class DownStudio:
        def latest_save_id(self) -> int:
            raise StoreError("The database is not available.")

    class Down:
        studio = DownStudio()

    clock.now += 5.0
    assert not here.stale(Down())  # type: ignore[arg-type]
    here.reloaded(Down())  # type: ignore[arg-type]
    clock.now += 5.0
    assert here.stale(repo)
