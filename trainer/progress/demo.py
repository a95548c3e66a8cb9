"""A demo organisation, so a new user sees full dashboards in a minute: Faker people in teams with
managers, a trainer and an admin, two yearly programs (the manager rotation and a trainee program),
and attempt histories played through `LiveAttempt` (the practice page's path: the real session engine,
the real scorer, each turn saved as the page saves it).

Each person has a starting skill and a learning rate; on each reply they give the step's model answer
with a probability that grows with their practice, and otherwise a weak reply (cold, blaming, full of
jargon, or just short). Attempts are spread over the last four months, each turn saved as it happened
(clock moved to the attempt's time), so trends, heatmaps, overdue lists and certificates look real.
Everything is drawn from `seed`: the same seed builds the same organisation.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from faker import Faker

from trainer.cycles import ProgramSpec
from trainer.errors import StoreError
from trainer.practice.attempt import LiveAttempt
from trainer.roles import Role
from trainer.scenario.catalog import Catalog
from trainer.scenario.schema import Scenario
from trainer.scenario.variables import fill
from trainer.scoring.results import Scorer
from trainer.store import Repository, UserRecord

PASSWORD = "frontline-demo"
HISTORY_DAYS = 120
WEAK_REPLIES = (
    "That's our policy, there is nothing I can do about it.",
    "You should have read the terms before ordering.",
    "I will raise a ticket with tier 2 per the SLA, the RMA will follow.",
    "ok",
    "Please hold.",
    "Calm down, it's not a big deal.",
    "The system shows it was processed, so it is fine on our side.",
)


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Person:
    user: UserRecord
    skill: float
    learning: float
    done: int = 0


@dataclass
class DemoSummary:
    admin_email: str
    password: str
    teams: int
    people: int
    attempts: int
    finished: int
    passed: int
    programs: list[str] = field(default_factory=list)


def weak(reply: str, rng: random.Random) -> str:
    """A worse version of a good reply: a weak line alone, or the good reply's last sentence after one."""
    bad = rng.choice(WEAK_REPLIES)
    if rng.random() < 0.4:
        last = reply.rstrip().rsplit(". ", 1)[-1]
        return f"{bad} {last}"
    return bad


def play(scenario: Scenario, catalog: Catalog, scorer: Scorer, repo: Repository, clock: Clock, person: Person,
         rng: random.Random, mode: str) -> bool | None:
    """One attempt, played through `LiveAttempt` as the practice page does (each turn saved at the clock's
    time, moved by the reply's response time); returns whether it passed (None: abandoned)."""
    live = LiveAttempt.begin(catalog, scorer, repo, person.user, scenario.id, seed=rng.randrange(1, 2**31), mode=mode,
                             today=clock.now.date())  # the day this attempt happened
    live.finish_on_end = False  # finished below, after the clock moves
    session = live.session
    p_good = min(0.97, person.skill + person.learning * person.done)
    abandon_at = rng.randrange(1, 4) if rng.random() < 0.05 else None
    while not live.ended and session.current_step is not None:
        if abandon_at is not None and session.turn >= abandon_at:
            clock.now += timedelta(seconds=30)
            live.abandon()
            return None
        good = fill(session.current_step.model_answer, session.state.values)
        text = good if rng.random() < p_good else weak(good, rng)
        seconds = round(rng.uniform(6, 25) if text == good else rng.uniform(3, 50), 1)
        clock.now += timedelta(seconds=seconds)
        live.reply(text, seconds)
        session = live.session
    clock.now += timedelta(seconds=5)
    return live.finish().passed


def build(repo: Repository, clock: Clock, catalog: Catalog, scorer: Scorer, *, teams: int, people: int,
          attempts: int, seed: int, progress: Callable[[int, int], None] = lambda done, total: None) -> DemoSummary:
    """Fill an empty database (see the module docstring). `clock` is the repository's clock."""
    if repo.accounts.count_users():
        raise StoreError("The database already has accounts; the demo fills only an empty one. Point "
                         "TRAINER_DATABASE_URL at a new file, e.g. sqlite:///data/demo.db.")
    scenarios = sorted((s for s in catalog.scenarios.values() if s.language == "en"), key=lambda s: s.id)
    if len(scenarios) < 2:
        raise StoreError("The demo needs at least two English scenarios in the library; run "
                         "`python -m trainer validate` to see what is wrong with it.")
    rng, fake = random.Random(seed), Faker("en_US")
    fake.seed_instance(seed)
    now = clock.now
    start = now - timedelta(days=HISTORY_DAYS)
    clock.now = start - timedelta(days=1)
    admin = repo.accounts.create_user("admin@demo.example", "Ada Admin", Role.ADMIN, PASSWORD)
    repo.accounts.create_user("trainer@demo.example", "Tomas Trainer", Role.TRAINER, PASSWORD)
    crowd: list[Person] = []
    team_names: list[str] = []
    used: set[str] = set()

    def email_for(name: str) -> str:
        base = name.lower().replace(" ", ".").replace("'", "")
        email, n = f"{base}@demo.example", 1
        while email in used:
            n += 1
            email = f"{base}{n}@demo.example"
        used.add(email)
        return email

    for _ in range(teams):
        name = f"{fake.unique.city()} team"
        team_names.append(name)
        manager_name = fake.name()
        manager = repo.accounts.create_user(email_for(manager_name), manager_name, Role.MANAGER, PASSWORD, team=name)
        crowd.append(Person(manager, rng.uniform(0.5, 0.8), rng.uniform(0.01, 0.04)))
    for i in range(people):
        team = team_names[i % teams] if teams else None
        manager = next((p.user for p in crowd if p.user.role == Role.MANAGER and p.user.team_name == team), None)
        name = fake.name()
        user = repo.accounts.create_user(email_for(name), name, Role.TRAINEE, PASSWORD, team=team,
                                         manager_email=manager.email if manager else None)
        crowd.append(Person(user, rng.uniform(0.25, 0.75), rng.uniform(0.0, 0.05)))
    rotation, essentials = scenarios[:2], scenarios[:3]
    opens, due = (now - timedelta(days=HISTORY_DAYS + 30)).date(), (now - timedelta(days=20)).date()
    specs = [
        ProgramSpec(name=f"{due.year} manager rotation", description="Every manager takes two calls on the frontline.",
                    scenario_ids=[s.id for s in rotation], pass_mark=70, recurrence="yearly", timezone="UTC",
                    opens_on=opens, due_on=due, roles=[Role.MANAGER]),
        ProgramSpec(name="Frontline essentials", description="The calls every agent should handle well.",
                    scenario_ids=[s.id for s in essentials], pass_mark=70, recurrence="yearly", timezone="UTC",
                    opens_on=opens, due_on=(now + timedelta(days=40)).date(), roles=[Role.TRAINEE]),
    ]
    for spec in specs:
        repo.programs.create_program(spec)
    times = sorted(start + timedelta(seconds=rng.uniform(0, HISTORY_DAYS * 86400)) for _ in range(attempts))
    finished = passed = 0
    for n, when in enumerate(times, 1):
        person = rng.choice(crowd)
        required = rotation if person.user.role == Role.MANAGER else essentials
        pool = required if rng.random() < 0.6 else scenarios
        scenario = rng.choice(pool)
        clock.now = when.replace(hour=rng.randrange(8, 18))
        result = play(scenario, catalog, scorer, repo, clock, person, rng,
                      "assessment" if rng.random() < 0.2 else "practice")
        person.done += 1
        finished += result is not None
        passed += bool(result)
        progress(n, attempts)
    clock.now = now
    repo.programs.sync_programs()
    return DemoSummary(admin_email=admin.email, password=PASSWORD, teams=teams, people=people + teams + 2,
                       attempts=attempts, finished=finished, passed=passed, programs=[s.name for s in specs])
