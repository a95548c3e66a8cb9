"""Rescoring at scale: a database holding many stored replies, a changed rubric, `python -m trainer rescore`.

    .venv/bin/python bench/rescore.py [--replies 100000] [--workers 2] [--pg-url postgresql+psycopg://...]

1. `python -m trainer demo` plays `--seed-attempts` attempts on a fresh database (every reply scored
   and saved as the app does it, each attempt with its session state and results).
2. Those attempts, their turns and their results are copied in SQL, with new ids, doubling until the
   database holds at least `--replies` trainee replies; the weekly team rollup is rebuilt from them.
3. A copy of the library gets the `core` rubric's `apology` weighted 3 instead of 1, so most replies'
   and attempts' totals move (the per-criterion points do not).
4. `rescore --dry-run`, then `rescore --workers N`, then `rescore` again (nothing left to do) run as
   child processes: wall time, CPU time of the process tree, peak memory, and their summaries.

The SQLite database goes under a temporary folder; with `--pg-url`, a fresh schema in that database
(dropped afterwards) is used instead.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, func, literal_column, select, text  # noqa: E402

from trainer.store.rollup import backfill_sql  # noqa: E402
from trainer.store.tables import Attempt, AttemptCriterion, TeamCriterionWeek, Turn  # noqa: E402


def copy_until(url: str, replies: int) -> tuple[int, int]:
    """Double the attempts (with their turns and results) until there are `replies` trainee turns."""
    engine = create_engine(url)
    a, t, c = Attempt.__table__, Turn.__table__, AttemptCriterion.__table__
    with engine.begin() as conn:
        while conn.scalar(select(func.count()).select_from(t).where(t.c.speaker == "trainee")) < replies:
            shift_a = conn.scalar(select(func.max(a.c.id)))
            shift_t = conn.scalar(select(func.max(t.c.id)))
            conn.execute(a.insert().from_select(
                [col.name for col in a.columns],
                select(*[(col + shift_a).label("id") if col.name == "id" else col for col in a.columns])))
            conn.execute(t.insert().from_select(
                [col.name for col in t.columns],
                select(*[(col + shift_t).label("id") if col.name == "id" else
                         (col + shift_a).label("attempt_id") if col.name == "attempt_id" else col
                         for col in t.columns]).where(t.c.attempt_id <= shift_a)))
            conn.execute(c.insert().from_select(
                [col.name for col in c.columns],
                select(*[(col + shift_a).label("attempt_id") if col.name == "attempt_id" else col
                         for col in c.columns]).where(c.c.attempt_id <= shift_a)))
        conn.execute(TeamCriterionWeek.__table__.delete())
        conn.execute(text(backfill_sql(engine.dialect.name)))
        if engine.dialect.name == "postgresql":
            for table in ("attempts", "turns"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"(SELECT max(id) FROM {table}))"))
        counts = (conn.scalar(select(func.count()).select_from(a).where(a.c.state == literal_column("'finished'"))),
                  conn.scalar(select(func.count()).select_from(t).where(t.c.speaker == "trainee")))
    engine.dispose()
    return counts


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "trainer", *argv], cwd=ROOT, env=env, capture_output=True,
                          text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return wall, cpu, done.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replies", type=int, default=100_000)
    parser.add_argument("--seed-attempts", type=int, default=400)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--pg-url")
    args = parser.parse_args(argv)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; "
          f"{time.strftime('%Y-%m-%d %H:%M %Z')}", flush=True)
    with tempfile.TemporaryDirectory(prefix="frontline-rescore-") as tmp:
        library = Path(tmp) / "scenarios"
        shutil.copytree(ROOT / "scenarios", library)
        drop = None
        if args.pg_url:
            schema = f"rescore_{uuid.uuid4().hex[:12]}"
            admin = create_engine(args.pg_url)
            with admin.begin() as conn:
                conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
            url = f"{args.pg_url}{'&' if '?' in args.pg_url else '?'}options=-csearch_path%3D{schema}"

            def drop() -> None:
                with admin.begin() as conn:
                    conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
                admin.dispose()
        else:
            url = f"sqlite:///{Path(tmp) / 'rescore.db'}"
        env = {**os.environ, "TRAINER_DATABASE_URL": url, "TRAINER_SCENARIOS_DIR": str(library)}
        try:
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "trainer", "demo", "--teams", "4", "--people", "40", "--attempts",
                            str(args.seed_attempts), "--seed", "1", "--quiet"], cwd=ROOT, env=env, check=True,
                           stdout=subprocess.DEVNULL)
            played = time.perf_counter() - started
            started = time.perf_counter()
            attempts, replies = copy_until(url, args.replies)
            print(f"database: {attempts:,} finished attempts, {replies:,} trainee replies ({args.seed_attempts} "
                  f"played by `demo` in {played:.0f} s, copied in SQL in {time.perf_counter() - started:.0f} s)",
                  flush=True)
            core = library / "rubrics" / "core.yaml"
            old = "    weight: 1\n    max_points: 2\n    tip: Say what you are sorry for"
            core.write_text(core.read_text(encoding="utf-8").replace(old, old.replace("weight: 1", "weight: 3")),
                            encoding="utf-8")
            for label, cmd in (("dry run", ["rescore", "--dry-run", "--workers", str(args.workers)]),
                               (f"rescore, {args.workers} workers", ["rescore", "--workers", str(args.workers)]),
                               ("again (nothing to do)", ["rescore"])):
                wall, cpu, out = timed(cmd, env)
                rate = replies / wall if "nothing" not in label else 0
                print(f"{label}: {wall:.1f} s wall, {cpu:.1f} s CPU"
                      + (f", {rate:,.0f} replies/s wall, {replies / cpu:,.0f} replies per CPU-second" if rate else ""),
                      flush=True)
                print("  " + out.strip().replace("\n", "\n  "), flush=True)
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(f"largest child process peak RSS: {peak:.0f} MiB")
            if url.startswith("sqlite"):
                print(f"SQLite file: {(Path(tmp) / 'rescore.db').stat().st_size / 2**20:,.0f} MiB")
        finally:
            if drop is not None:
                drop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
