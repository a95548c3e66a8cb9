"""Dashboards and reports at scale: seed 10,000 people and 1,000,000 attempts (with their per-criterion
rows) in SQLite and PostgreSQL by bulk inserts, then time every dashboard query and report the app and
CLI make, at 10,000 and at 1,000,000 attempts. Targets: each under 0.5 s, and at most 5x slower at
1,000,000 than at 10,000 attempts.

    .venv/bin/python bench/scale.py [--db sqlite postgresql] [--sizes 10000 1000000] [--people 10000] [--reuse]
        [--pg-url postgresql+psycopg://postgres@127.0.0.1:5432/bench] [--dir /tmp/frontline-scale]

People: 100 teams of 100 (one manager each), a trainer and an admin. Attempts: uniformly over the
last two years, 90% finished, scenarios from 12 ids, scores around a person's own level, six criteria
each. Turns are not seeded (no dashboard reads them; a transcript is read by primary key). Two yearly
programs (managers: 2 scenarios; trainees: 3). The database is built through the real migrations,
then filled with executemany (SQLite) or COPY (PostgreSQL), the weekly team rollup filled from
them in one INSERT ... SELECT, then ANALYZEd (with `--reuse`, the upgrade's migration 0005 fills it).
Each query runs once to warm up, then `--repeat` times; the median is reported.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from trainer.cycles import ProgramSpec  # noqa: E402
from trainer.store import Repository  # noqa: E402
from trainer.store.engine import make_engine  # noqa: E402
from trainer.store.rollup import backfill_sql, week_of, week_start  # noqa: E402
from trainer.store.tables import Attempt, AttemptCriterion, Team, TeamManager, User  # noqa: E402

NOW = datetime(2027, 6, 1, 12, tzinfo=UTC)
SCENARIOS = [f"scale-scenario-{i:02d}" for i in range(12)]
CRITERIA = ["empathy", "apology", "no_blame", "next_step", "courtesy", "plain_language"]
RUBRIC = SCENARIOS[:1]  # a rubric's criterion set covers the scenarios using it: one, as in the library
TEAMS = 100
BATCH = 50_000


def people_rows(n: int) -> tuple[list[dict], list[dict], list[dict]]:
    teams = [{"id": t + 1, "name": f"Team {t + 1:03d}", "created_at": NOW - timedelta(days=800)} for t in range(TEAMS)]
    users, managers = [], []
    for i in range(n):
        uid, team = i + 1, i % TEAMS + 1
        role = "manager" if i < TEAMS else "trainee"
        users.append({"id": uid, "email": f"person{uid:05d}@scale.example", "display_name": f"Person {uid:05d}",
                      "role": role, "team_id": team, "manager_id": None if role == "manager" else team,
                      "password_hash": None, "failed_logins": 0, "locked_until": None, "active": True,
                      "created_at": NOW - timedelta(days=800)})
        if role == "manager":
            managers.append({"team_id": team, "user_id": uid})
    for uid, role in ((n + 1, "trainer"), (n + 2, "admin")):
        users.append({"id": uid, "email": f"{role}@scale.example", "display_name": role.title(), "role": role,
                      "team_id": None, "manager_id": None, "password_hash": None, "failed_logins": 0,
                      "locked_until": None, "active": True, "created_at": NOW - timedelta(days=800)})
    return teams, users, managers


def attempt_batches(count: int, people: int, seed: int):
    """(attempts, criteria) batches; ids are assigned here so the criteria can refer to them."""
    rng = random.Random(seed)
    level = [rng.uniform(0.3, 0.95) for _ in range(people + 1)]
    span = 730 * 86400
    attempts, criteria = [], []
    for aid in range(1, count + 1):
        uid = rng.randrange(1, people + 1)
        started = NOW - timedelta(seconds=rng.uniform(60, span))
        finished = rng.random() < 0.9
        ended = started + timedelta(seconds=rng.uniform(90, 900))
        score = round(min(100.0, max(0.0, rng.gauss(100 * level[uid], 12))), 1) if finished else None
        scenario = SCENARIOS[rng.randrange(len(SCENARIOS))]
        attempts.append({
            "id": aid, "user_id": uid, "scenario_id": scenario, "scenario_version": "v1", "seed": aid,
            "mode": "assessment" if rng.random() < 0.2 else "practice", "customer_kind": "scripted",
            "state": "finished" if finished else "abandoned", "started_at": started, "updated_at": ended,
            "ended_at": ended, "end_state": "resolved" if finished else None, "score": score,
            "passed": (score >= 70) if finished else None, "turn_count": 7, "session_state": None})
        if finished:
            for cid in CRITERIA:
                top = 2
                criteria.append({"attempt_id": aid, "criterion_id": cid, "user_id": uid, "scenario_id": scenario,
                                 "ended_at": ended, "score": float(min(top, max(0, round(rng.gauss(level[uid] * top,
                                                                                                   0.6))))),
                                 "max": top})
        if len(attempts) >= BATCH:
            yield attempts, criteria
            attempts, criteria = [], []
    if attempts:
        yield attempts, criteria


def existing_database(kind: str, size: int, args: argparse.Namespace) -> str:
    if kind == "sqlite":
        return f"sqlite:///{Path(args.dir) / f'scale-{size}.db'}"
    sep = "&" if "?" in args.pg_url else "?"
    return f"{args.pg_url}{sep}options=-csearch_path%3Dscale_{size}"


def fresh_database(kind: str, size: int, args: argparse.Namespace) -> str:
    if kind == "sqlite":
        folder = Path(args.dir)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"scale-{size}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    schema = f"scale_{size}"
    admin = make_engine(args.pg_url)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    admin.dispose()
    sep = "&" if "?" in args.pg_url else "?"
    return f"{args.pg_url}{sep}options=-csearch_path%3D{schema}"


def copy_rows(conn, table, rows: list[dict]) -> None:
    """PostgreSQL COPY through psycopg (the fastest bulk path); executemany elsewhere."""
    if not rows:
        return
    columns = ", ".join(f'"{c}"' for c in rows[0])
    raw = conn.connection.driver_connection
    with raw.cursor() as cur, cur.copy(f"COPY {table.name} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([json.dumps(v) if isinstance(v, dict) else v for v in row.values()])


def seed(url: str, kind: str, size: int, people: int) -> dict[str, float]:
    engine = make_engine(url)
    repo = Repository(engine, clock=lambda: NOW)
    started = time.perf_counter()
    repo.upgrade()
    teams, users, managers = people_rows(people)
    with engine.begin() as conn:
        conn.execute(insert(Team.__table__), teams)
        conn.execute(insert(User.__table__), users)
        conn.execute(insert(TeamManager.__table__), managers)
    inserted = 0
    for attempts, criteria in attempt_batches(size, people, seed=size):
        with engine.begin() as conn:
            if kind == "postgresql":
                copy_rows(conn, Attempt.__table__, attempts)
                copy_rows(conn, AttemptCriterion.__table__, criteria)
            else:
                conn.execute(insert(Attempt.__table__), attempts)
                conn.execute(insert(AttemptCriterion.__table__), criteria)
        inserted += len(attempts)
        print(f"\r  {kind} {size:,}: {inserted:,} attempts", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    with engine.begin() as conn:  # the weekly team rollup, by the same statement the migration fills it with
        conn.exec_driver_sql(backfill_sql(kind))
    with engine.begin() as conn:
        if kind == "postgresql":
            conn.exec_driver_sql("SELECT setval(pg_get_serial_sequence('attempts', 'id'), "
                                 "(SELECT max(id) FROM attempts))")
            conn.exec_driver_sql("SELECT setval(pg_get_serial_sequence('users', 'id'), (SELECT max(id) FROM users))")
            conn.exec_driver_sql("SELECT setval(pg_get_serial_sequence('teams', 'id'), (SELECT max(id) FROM teams))")
        conn.exec_driver_sql("ANALYZE")
    seeded = time.perf_counter() - started
    for spec in programs():
        repo.programs.create_program(spec)
    t = time.perf_counter()
    repo.programs.sync_programs()
    first_sync = time.perf_counter() - t
    repo.close()
    return {"seed_s": round(seeded, 1), "first_sync_s": round(first_sync, 3)}


def reuse(url: str) -> dict[str, float]:
    """An existing benchmark database: bring the schema up to date (new indexes, the team rollup), forget
    every program's assignments and certificates, and time the first sync again."""
    engine = make_engine(url)
    repo = Repository(engine, clock=lambda: NOW)
    t = time.perf_counter()
    repo.upgrade()
    upgraded = time.perf_counter() - t
    with engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM certificates")
        conn.exec_driver_sql("DELETE FROM assignments")
        conn.exec_driver_sql("UPDATE program_cycles SET checked_until = NULL")
        conn.exec_driver_sql("ANALYZE")
    t = time.perf_counter()
    repo.programs.sync_programs()
    first_sync = time.perf_counter() - t
    repo.close()
    return {"seed_s": None, "upgrade_s": round(upgraded, 1), "first_sync_s": round(first_sync, 3)}


def programs() -> list[ProgramSpec]:
    return [
        ProgramSpec(name="2027 manager rotation", scenario_ids=SCENARIOS[:2], pass_mark=70, recurrence="yearly",
                    opens_on=date(2027, 1, 1), due_on=date(2027, 3, 31), roles=["manager"]),
        ProgramSpec(name="Frontline essentials", scenario_ids=SCENARIOS[:3], pass_mark=70, recurrence="yearly",
                    opens_on=date(2026, 7, 1), due_on=date(2027, 6, 30), roles=["trainee"]),
    ]


def queries(repo: Repository, people: int):
    """(name, what the app or CLI does) for every dashboard query and report."""
    manager = repo.accounts.find_user("person00001@scale.example")
    admin = repo.accounts.find_user("admin@scale.example")
    trainee = repo.accounts.find_user(f"person{people // 2:05d}@scale.example")
    assert manager and admin and trainee
    since = week_start(week_of(NOW - timedelta(days=90)))  # as the team overview asks: whole weeks
    rotation, essentials = repo.programs.list_programs()[0].id, repo.programs.list_programs()[1].id
    team = manager.team_id
    return [
        ("team page: latest attempts (manager, page of 50)", lambda: repo.attempts.list_attempts(manager, limit=50)),
        ("team page: latest attempts, one team (admin)", lambda: repo.attempts.list_attempts(admin, team_id=team,
                                                                                             limit=50)),
        ("team overview: trend per criterion, 90 days (manager)",
         lambda: repo.dashboards.team_trend(manager, bucket="week", since=since)),
        ("team overview: trend, one team (admin)", lambda: repo.dashboards.team_trend(admin, team_id=team,
                                                                                      since=since)),
        ("team overview: weakest criteria, 90 days (manager)", lambda: repo.dashboards.weakest_criteria(manager,
                                                                                                        since=since)),
        ("team overview: heatmap, page of 30 people (manager)", lambda: repo.dashboards.heatmap(manager, since=since,
                                                                                                limit=30)),
        ("team overview: heatmap, page of 30 people (admin)", lambda: repo.dashboards.heatmap(admin, since=since,
                                                                                              limit=30)),
        # one comparable set at a time (trainer/progress/criterion_sets.py), as the team overview asks:
        # the shared criteria over every call (rolled up), or one rubric's criteria in its scenarios
        ("team overview: shared set, trend + weakest + heatmap (manager)",
         lambda: (repo.dashboards.team_trend(manager, since=since, criteria=CRITERIA),
                  repo.dashboards.weakest_criteria(manager, since=since, criteria=CRITERIA),
                  repo.dashboards.heatmap(manager, since=since, limit=30, criteria=CRITERIA))),
        ("team overview: shared set, trend + weakest (admin)",
         lambda: (repo.dashboards.team_trend(admin, since=since, criteria=CRITERIA),
                  repo.dashboards.weakest_criteria(admin, since=since, criteria=CRITERIA))),
        ("team overview: one rubric's scenario, trend + weakest + heatmap (manager)",
         lambda: (repo.dashboards.team_trend(manager, since=since, criteria=CRITERIA, scenarios=RUBRIC),
                  repo.dashboards.weakest_criteria(manager, since=since, criteria=CRITERIA, scenarios=RUBRIC),
                  repo.dashboards.heatmap(manager, since=since, limit=30, criteria=CRITERIA, scenarios=RUBRIC))),
        ("team overview: one rubric's scenario, trend (admin, everyone)",
         lambda: repo.dashboards.team_trend(admin, since=since, criteria=CRITERIA, scenarios=RUBRIC)),
        ("team overview: one rubric's scenario, weakest (admin, everyone)",
         lambda: repo.dashboards.weakest_criteria(admin, since=since, criteria=CRITERIA, scenarios=RUBRIC)),
        ("team overview: one rubric's scenario, heatmap (admin)",
         lambda: repo.dashboards.heatmap(admin, since=since, limit=30, criteria=CRITERIA, scenarios=RUBRIC)),
        ("my progress: score history (trainee)", lambda: repo.progress.score_history(trainee, trainee.id)),
        ("my progress: criterion trend (trainee)", lambda: repo.progress.criterion_trend(trainee, trainee.id)),
        ("my progress: criterion trend, one rubric's scenario (trainee)",
         lambda: repo.progress.criterion_trend(trainee, trainee.id, criteria=CRITERIA, scenarios=RUBRIC)),
        ("my progress: per scenario (trainee)", lambda: repo.progress.scenario_progress(trainee, trainee.id)),
        ("my assignments (trainee, with its sync)",
         lambda: (repo.programs.sync_programs(user_id=trainee.id), repo.programs.my_assignments(trainee))),
        ("compliance: per team (admin, 9,900 assigned)", lambda: repo.programs.compliance(admin, essentials)),
        ("compliance: per team (manager)", lambda: repo.programs.compliance(manager, essentials)),
        ("compliance: overdue list, page of 25 (admin)",
         lambda: repo.programs.compliance_people(admin, rotation, only="overdue", limit=25)),
        ("compliance: people, page of 25 (admin)", lambda: repo.programs.compliance_people(admin, essentials,
                                                                                           limit=25)),
        ("programs: incremental sync, nothing new", lambda: repo.programs.sync_programs()),
        ("report compliance: per team + all overdue (CLI)",
         lambda: (repo.programs.compliance(None, rotation), _all(repo, rotation))),
        ("export: one batch of 1,000 attempts (CLI)",
         lambda: repo.exports.export_page(None, since=NOW - timedelta(days=365), limit=1000)),
    ]


def _all(repo: Repository, program_id: int) -> int:
    n, after = 0, None
    while True:
        page = repo.programs.compliance_people(None, program_id, only="overdue", limit=500, after=after)
        n += len(page.items)
        if page.next_cursor is None:
            return n
        after = page.next_cursor


def time_queries(url: str, people: int, repeat: int) -> dict[str, float]:
    repo = Repository(make_engine(url), clock=lambda: NOW)
    out = {}
    for name, run in queries(repo, people):
        run()
        samples = []
        for _ in range(repeat):
            t = time.perf_counter()
            run()
            samples.append(time.perf_counter() - t)
        out[name] = statistics.median(samples)
    repo.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", nargs="+", choices=("sqlite", "postgresql"), default=["sqlite", "postgresql"])
    parser.add_argument("--sizes", nargs="+", type=int, default=[10_000, 1_000_000])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pg-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--dir", default="/tmp/frontline-scale", help="folder for the SQLite files")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--reuse", action="store_true",
                        help="time the databases a previous run seeded (after upgrading their schema)")
    args = parser.parse_args()
    results: dict = {"machine": f"{platform.node()} {platform.machine()}, Python {platform.python_version()}",
                     "run": str(uuid.uuid4())[:8], "date": datetime.now(UTC).isoformat(timespec="seconds")}
    for kind in args.db:
        for size in args.sizes:
            if args.reuse:
                url = existing_database(kind, size, args)
                facts = reuse(url)
            else:
                url = fresh_database(kind, size, args)
                facts = seed(url, kind, size, args.people)
            timings = time_queries(url, args.people, args.repeat)
            results[f"{kind}/{size}"] = {**facts, "queries": timings}
            print(f"{kind} {size:,} attempts: {facts}", file=sys.stderr)
    report(results, args)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


def report(results: dict, args: argparse.Namespace) -> None:
    small, large = min(args.sizes), max(args.sizes)
    for kind in args.db:
        a, b = results.get(f"{kind}/{small}"), results.get(f"{kind}/{large}")
        print(f"\n{kind}: median of {args.repeat} runs, ms ({small:,} -> {large:,} attempts)")
        print(f"| query | {small:,} | {large:,} | growth | under 0.5 s | growth < 5x |")
        print("|---|---:|---:|---:|:-:|:-:|")
        for name in b["queries"]:
            x, y = a["queries"][name] * 1000, b["queries"][name] * 1000
            growth = y / x if x else float("inf")
            print(f"| {name} | {x:.1f} | {y:.1f} | {growth:.1f}x | {'yes' if y < 500 else 'NO'} | "
                  f"{'yes' if growth < 5 else 'NO'} |")


if __name__ == "__main__":
    main()
