"""`python -m trainer rescore`: score stored replies again with the current library, after a rubric changed.

Every finished attempt of the chosen scenarios whose score came from another version of its rubric is
rescored: each trainee reply with the context it had in the call, then the attempt's total and pass.
Earlier scores are kept (see `trainer/store/rescoring.py`); dashboards read the newest. Work goes in
batches of attempts, each saved in one transaction, spread over `--workers` processes; stop it at any
time (Ctrl+C) and run the same command again to carry on. A progress bar goes to standard error, and a
summary of what changed, and by how much, to standard output.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from trainer.cli.export import when
from trainer.config import Settings
from trainer.errors import ConfigError
from trainer.scenario.catalog import Catalog
from trainer.scoring.rules import RuleScorer
from trainer.simulation.rescoring import Summary, rescore_attempt, rubric_version

BATCH = 200  # attempts per transaction


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("rescore", help="score stored replies again with the current rubrics",
                              description=__doc__.split("\n\n")[0])
    p.add_argument("--rubric", metavar="ID", action="append", default=[],
                   help="only scenarios scored with this rubric, or one extending it (may be repeated)")
    p.add_argument("--scenario", metavar="ID", action="append", default=[], help="only this scenario (may be repeated)")
    p.add_argument("--since", type=when, metavar="DATE", help="only attempts that ended on or after DATE")
    p.add_argument("--dry-run", action="store_true", help="say what would change; save nothing")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help=f"processes to score with (default 1; this machine has {os.cpu_count()} CPUs)")
    p.set_defaults(func=run)


def versions_for(catalog: Catalog, rubrics: list[str], scenarios: list[str]) -> dict[str, str]:
    """Scenario id -> the current version of its rubric, for the scenarios chosen by the filters."""
    for rid in rubrics:
        catalog.rubric(rid)  # an unknown id is an error naming the closest ones
    for sid in scenarios:
        catalog.scenario(sid)
    out = {}
    for sid, scenario in sorted(catalog.scenarios.items()):
        if scenarios and sid not in scenarios:
            continue
        if rubrics and not set(rubrics) & set(catalog.rubric_chain(scenario.rubric)):
            continue
        out[sid] = rubric_version(catalog.rubric_for(scenario))
    return out


# --------------------------------------------------------------------------------------------------
# The work on one batch, in this process or a worker


_WORKER: dict[str, Any] = {}


def _start(settings: Settings, dry_run: bool) -> None:
    from trainer.store import open_repository

    catalog = Catalog.load(settings.scenarios_dir, max_file_bytes=settings.max_file_kb * 1024)
    _WORKER.update(settings=settings, dry_run=dry_run, catalog=catalog, scorer=RuleScorer(),
                   repo=open_repository(settings, upgrade=False), rubrics={})


def _batch(ids: list[int]) -> Summary:
    catalog, repo, rubrics = _WORKER["catalog"], _WORKER["repo"], _WORKER["rubrics"]
    summary, results = Summary(), []
    for stored in repo.rescoring.attempts_to_rescore(ids):
        if stored.scenario_id not in catalog.scenarios:  # removed from the library since: left as it is
            summary.skipped.append(stored.scenario_id)
            continue
        scenario = catalog.scenario(stored.scenario_id)
        if scenario.rubric not in rubrics:
            rubric = catalog.rubric_for(scenario)
            rubrics[scenario.rubric] = (rubric, rubric_version(rubric))
        rubric, version = rubrics[scenario.rubric]
        result = rescore_attempt(stored, scenario, rubric, version, _WORKER["scorer"])
        summary.add(result)
        results.append(result)
    if not _WORKER["dry_run"]:
        repo.rescoring.save_rescores(results)
    return summary


def _batches(repo: Any, versions: dict[str, str], since: datetime | None) -> Iterator[list[int]]:
    after = 0  # paging on by id, so a batch being saved meanwhile is never read twice
    while ids := repo.rescoring.rescore_candidates(versions, since=since, after_id=after, limit=BATCH * 20):
        for k in range(0, len(ids), BATCH):
            yield ids[k:k + BATCH]
        after = ids[-1]


# --------------------------------------------------------------------------------------------------


class Progress:
    """A one-line progress bar on standard error (a line every tenth when it is not a terminal)."""

    def __init__(self, total: int):
        self.total, self.done, self.replies, self.started = total, 0, 0, time.perf_counter()
        self.tty = sys.stderr.isatty()
        self._tenth = -1

    def update(self, attempts: int, replies: int) -> None:
        self.done += attempts
        self.replies += replies
        share = self.done / self.total if self.total else 1.0
        rate = self.replies / max(time.perf_counter() - self.started, 1e-9)
        bar = "#" * int(share * 30)
        line = (f"rescoring [{bar:<30}] {self.done:,}/{self.total:,} attempts, {self.replies:,} replies, "
                f"{rate:,.0f} replies/s")
        if self.tty:
            print("\r" + line, end="", file=sys.stderr, flush=True)
        elif int(share * 10) != self._tenth:
            self._tenth = int(share * 10)
            print(line, file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.tty:
            print(file=sys.stderr)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from trainer.store import open_repository

    if args.workers < 1:
        raise ConfigError("--workers must be at least 1")
    catalog = Catalog.load(settings.scenarios_dir, max_file_bytes=settings.max_file_kb * 1024)
    versions = versions_for(catalog, args.rubric, args.scenario)
    repo = open_repository(settings)
    try:
        total = repo.rescoring.count_rescore_candidates(versions, since=args.since)
        batches = _batches(repo, versions, args.since)
        summary, progress = Summary(), Progress(total)
        interrupted = False
        try:
            if args.workers == 1 or total <= BATCH:
                _start(settings, args.dry_run)
                for ids in batches:
                    part = _batch(ids)
                    summary.merge(part)
                    progress.update(part.attempts, part.replies)
            else:
                context = multiprocessing.get_context("spawn")
                with context.Pool(args.workers, initializer=_start, initargs=(settings, args.dry_run)) as pool:
                    for part in pool.imap_unordered(_batch, batches):
                        summary.merge(part)
                        progress.update(part.attempts, part.replies)
        except KeyboardInterrupt:
            interrupted = True
        progress.close()
    finally:
        repo.close()
        if "repo" in _WORKER:
            _WORKER["repo"].close()
    what = "would change (dry run: nothing saved)" if args.dry_run else "rescored"
    print(f"{len(versions)} scenarios, {total:,} attempts to rescore; {what}:")
    for line in summary.lines():
        print("  " + line)
    if summary.skipped:
        print(f"  skipped {len(summary.skipped):,} attempts of scenarios no longer in the library")
    if interrupted:
        print("interrupted: what was saved is kept; run the same command again to carry on", file=sys.stderr)
        return 130
    return 0
