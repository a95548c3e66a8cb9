"""Fill a scenario's placeholders with one customer, the same customer for the same seed.

Every attempt gets a seed; `resolve(scenario, seed, today)` turns the persona and the scenario's
variables into plain strings (Faker in the scenario language's locale: en_US, fa_IR, zh_CN), and
`fill(text, values)` puts them into any text. Each value is drawn from its own seed derived from (seed,
key), so adding a variable to a scenario never changes the customer's name in existing attempts.

A customer is a function of (scenario, seed, reference date). Faker's date providers (`date_this_year`,
`date_between: ["-30d", "today"]`...) count from "today"; here "today" is the reference date passed in
(an attempt's start date, stored with it), never the machine's clock, so the same seed gives the same
customer on any day.

Keys: `customer.first_name`, `customer.last_name`, `customer.full_name`, `customer.title` (empty when
the persona has none), `customer.<detail>` for each persona detail, and each variable's own name.
A string value may use keys defined before it (`email: "{customer.first_name}@example.com"`).
`{{` and `}}` are literal braces. `problems(scenario)` finds unknown placeholders and unknown Faker
providers at load time, so a typo is a validation error and never a KeyError mid-call.
"""

from __future__ import annotations

import difflib
import hashlib
import inspect
import random
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from functools import cache

import faker.providers.date_time as faker_dates
from faker import Faker

from trainer.errors import ScenarioError
from trainer.scenario.schema import ChoiceValue, FakerValue, Language, Scenario, VariableValue

LOCALES: dict[str, str] = {"en": "en_US", "fa": "fa_IR", "zh": "zh_CN"}
PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")
# Providers that make files, bytes or data structures rather than a few words of text.
NOT_TEXT = frozenset({
    "binary", "image", "zip", "tar", "xml", "json", "json_bytes", "csv", "tsv", "psv", "dsv",
    "fixed_width", "pystruct", "pyiterable", "pydict", "pylist", "pyset", "pytuple", "pyobject", "enum",
    "profile", "simple_profile", "texts", "paragraphs", "sentences", "words", "random_elements",
    "random_sample", "random_choices",
})
MAX_NUMBER_ARG = 1_000_000

_faker_lock = threading.Lock()


@cache
def _faker(language: str) -> Faker:
    return Faker(LOCALES[language])


@cache
def providers(language: Language) -> frozenset[str]:
    """Public Faker provider methods available in the language's locale."""
    names: set[str] = set()
    for provider in _faker(language).providers:
        for name, member in inspect.getmembers(provider, callable):
            if not name.startswith("_") and not inspect.isclass(member):
                names.add(name)
    return frozenset(names)


class _AnyDate(type):
    """Real dates count as instances of the stand-in classes below (Faker checks `isinstance`)."""

    def __instancecheck__(cls, obj: object) -> bool:
        return isinstance(obj, datetime if issubclass(cls, datetime) else date)


@contextmanager
def _faker_today(day: date) -> Iterator[None]:
    """Faker's date providers see `day` as today (and noon of it as now). Held under `_faker_lock`,
    the only way this module calls Faker, so no other draw sees the stand-in."""
    before = faker_dates.datetime, faker_dates.dtdate

    class Today(date, metaclass=_AnyDate):
        @classmethod
        def today(cls) -> date:
            return day

    class Now(datetime, metaclass=_AnyDate):
        @classmethod
        def now(cls, tz=None) -> datetime:
            noon = datetime.combine(day, time(12, 0))
            return noon.replace(tzinfo=tz) if tz is not None else noon

    faker_dates.datetime, faker_dates.dtdate = Now, Today
    try:
        yield
    finally:
        faker_dates.datetime, faker_dates.dtdate = before


def _derived_seed(seed: int, key: str) -> int:
    digest = hashlib.sha256(f"{seed}\x1f{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def _full_name(language: str, first: str, last: str) -> str:
    if language == "zh":  # family name first, no space
        return f"{last}{first}"
    return " ".join(part for part in (first, last) if part)


def _ordered(scenario: Scenario) -> Iterator[tuple[str, str, VariableValue | None]]:
    """(key, dotted location in the file, value) in the order values are resolved."""
    p = scenario.persona
    yield "customer.first_name", "persona.first_name", p.first_name
    yield "customer.last_name", "persona.last_name", p.last_name
    yield "customer.full_name", "", None  # computed
    yield "customer.title", "persona.title", p.title
    for name, value in p.details.items():
        yield f"customer.{name}", f"persona.details.{name}", value
    for name, value in scenario.variables.items():
        yield name, f"variables.{name}", value


def _draw(value: VariableValue, language: str, seed: int, key: str, known: dict[str, str], today: date) -> str:
    if isinstance(value, FakerValue):
        fake = _faker(language)
        with _faker_lock, _faker_today(today):
            fake.seed_instance(_derived_seed(seed, key))
            return str(getattr(fake, value.faker)(*value.args))
    if isinstance(value, ChoiceValue):
        picked = random.Random(_derived_seed(seed, key)).choice(value.choice)
        return fill(picked, known) if isinstance(picked, str) else str(picked)
    if isinstance(value, str):
        return fill(value, known)
    return str(value)


def resolve(scenario: Scenario, seed: int, today: date | None = None) -> dict[str, str]:
    """Every placeholder value for this scenario, seed and reference date (`today`, default: the date
    now); the same seed and date give the same customer, whatever the clock says."""
    today = today or date.today()
    values: dict[str, str] = {}
    for key, loc, value in _ordered(scenario):
        if key == "customer.full_name":
            values[key] = _full_name(
                scenario.language, values["customer.first_name"], values["customer.last_name"]
            )
        elif value is None:
            values[key] = ""
        else:
            try:
                values[key] = _draw(value, scenario.language, seed, key, values, today)
            except Exception as e:  # only reachable for a scenario that skipped validation
                raise ScenarioError(
                    f"{scenario.id}: {loc}: cannot draw a value ({e}); "
                    "run `python -m trainer validate` and fix the scenario"
                ) from None
    return values


def fill(text: str, values: dict[str, str]) -> str:
    """Replace `{name}` with its value; `{{`/`}}` become braces; an unknown name is left as written."""

    def sub(m: re.Match[str]) -> str:
        token = m.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        name = m.group(1).strip()
        return values.get(name, token)

    return PLACEHOLDER.sub(sub, text)


def placeholders(text: str) -> list[str]:
    """Names used as `{name}` in the text (literal `{{`/`}}` excluded)."""
    return [m.group(1).strip() for m in PLACEHOLDER.finditer(text) if m.group(1) is not None]


def _texts(scenario: Scenario) -> Iterator[tuple[str, str]]:
    """(dotted location, text) for every text field a trainee may see."""
    yield "title", scenario.title
    yield "summary", scenario.summary
    for i, t in enumerate(scenario.hidden_facts):
        yield f"hidden_facts.{i}", t
    for i, t in enumerate(scenario.persona.traits):
        yield f"persona.traits.{i}", t
    for i, t in enumerate(scenario.opening):
        yield f"opening.{i}", t
    for si, step in enumerate(scenario.steps):
        for i, t in enumerate(step.say):
            yield f"steps.{si}.say.{i}", t
        yield f"steps.{si}.model_answer", step.model_answer
        if step.goal:
            yield f"steps.{si}.goal", step.goal
        for bi, branch in enumerate(step.branches):
            for i, t in enumerate(branch.say):
                yield f"steps.{si}.branches.{bi}.say.{i}", t


def _unknown(name: str, known: list[str], later: set[str]) -> str:
    if name in later:
        return f"placeholder {{{name}}} is defined later; a value can only use values defined before it"
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
    hint = f" Did you mean {', '.join('{' + c + '}' for c in close)}?" if close else ""
    return f"unknown placeholder {{{name}}}.{hint} Write {{{{ and }}}} for literal braces."


def _faker_problem(value: FakerValue, language: Language) -> str | None:
    if value.faker in NOT_TEXT:
        return f"Faker provider {value.faker!r} does not make text; use a provider that returns a word or a line"
    if any(isinstance(a, int | float) and abs(a) > MAX_NUMBER_ARG for a in value.args):
        return f"Faker arguments above {MAX_NUMBER_ARG:,} are not allowed; use smaller numbers"
    if value.faker not in providers(language):
        close = difflib.get_close_matches(value.faker, sorted(providers(language)), n=3)
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        return f"unknown Faker provider {value.faker!r} for locale {LOCALES[language]}.{hint}"
    try:
        fake = _faker(language)
        with _faker_lock:
            fake.seed_instance(0)
            getattr(fake, value.faker)(*value.args)
    except Exception as e:  # any provider error is the author's to fix, reported at load time
        return f"Faker provider {value.faker!r} fails with args {value.args}: {e}"
    return None


def problems(scenario: Scenario) -> list[tuple[str, str]]:
    """(dotted location, message) for every unknown placeholder and unusable Faker provider."""
    found: list[tuple[str, str]] = []
    ordered = list(_ordered(scenario))
    all_keys = {key for key, _, _ in ordered}
    known: list[str] = []
    for key, loc, value in ordered:
        if isinstance(value, FakerValue):
            message = _faker_problem(value, scenario.language)
            if message:
                found.append((f"{loc}.faker", message))
        templates: list[tuple[str, str]] = []
        if isinstance(value, str):
            templates = [(loc, value)]
        elif isinstance(value, ChoiceValue):
            templates = [(f"{loc}.choice.{i}", v) for i, v in enumerate(value.choice) if isinstance(v, str)]
        for where, text in templates:
            for name in placeholders(text):
                if name not in known:
                    found.append((where, _unknown(name, known, all_keys - set(known))))
        known.append(key)
    for loc, text in _texts(scenario):
        for name in placeholders(text):
            if name not in known:
                found.append((loc, _unknown(name, known, set())))
            elif name == "customer.title" and scenario.persona.title is None:
                found.append((loc, "uses {customer.title} but persona.title is not set"))
    return found
