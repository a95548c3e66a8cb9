"""`python -m trainer demo --teams N --people M --attempts K --seed S`: fill an empty database with a
demo organisation (see `trainer/progress/demo.py`) and say how to log in. A progress bar goes to
stderr. Use a fresh database: `TRAINER_DATABASE_URL=sqlite:///data/demo.db python -m trainer demo`.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime

from trainer.auth import Passwords
from trainer.config import Settings
from trainer.errors import ConfigError
from trainer.progress import demo
from trainer.scenario.catalog import Catalog
from trainer.scoring.rules import RuleScorer
from trainer.store import open_repository
from trainer.store.engine import describe


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("demo", help="fill an empty database with a demo organisation",
                              description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--teams", type=int, default=4, help="teams, each with a manager (default: 4)")
    p.add_argument("--people", type=int, default=40, help="trainees, spread over the teams (default: 40)")
    p.add_argument("--attempts", type=int, default=400, help="attempts over the last four months (default: 400)")
    p.add_argument("--seed", type=int, default=1, help="the same seed builds the same organisation (default: 1)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=run)


class Bar:
    """A one-line progress bar on stderr, redrawn at most ten times a second."""

    def __init__(self, label: str, width: int = 30, quiet: bool = False):
        self.label, self.width, self.quiet, self.last, self.started = label, width, quiet, 0.0, time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if self.quiet or (now - self.last < 0.1 and done < total):
            return
        self.last = now
        filled = self.width * done // max(total, 1)
        sys.stderr.write(f"\r{self.label} [{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} "
                         f"{now - self.started:5.1f}s")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def run(args: argparse.Namespace, settings: Settings) -> int:
    for name in ("teams", "people", "attempts"):
        if getattr(args, name) < (1 if name == "teams" else 0):
            raise ConfigError(f"--{name} must be at least {1 if name == 'teams' else 0}.")
    catalog = Catalog.load(settings.scenarios_dir, max_file_bytes=settings.max_file_kb * 1024)
    clock = demo.Clock(datetime.now(UTC))
    # demo accounts get cheap hashes; a real login rehashes them with the full parameters
    repo = open_repository(settings, clock=clock, passwords=Passwords(time_cost=1, memory_cost=8192, parallelism=1))
    try:
        summary = demo.build(repo, clock, catalog, RuleScorer(), teams=args.teams, people=args.people,
                             attempts=args.attempts, seed=args.seed, progress=Bar("attempts", quiet=args.quiet))
    finally:
        repo.close()
    print(f"Demo organisation in {describe(settings.database_url)}: {summary.teams} teams, {summary.people} "
          f"accounts, {summary.attempts} attempts ({summary.finished} finished, {summary.passed} passed).")
    print(f"Programs: {', '.join(summary.programs)}.")
    print(f"Log in as {summary.admin_email} (or any demo account) with the password {summary.password!r}; "
          "managers see their own teams.")
    return 0
