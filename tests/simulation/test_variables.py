"""Variables: the same seed gives the same customer, placeholders fail at load time, not mid-call."""

from __future__ import annotations

from datetime import date

import pytest

from trainer.config import ROOT
from trainer.errors import ScenarioError
from trainer.scenario import variables
from trainer.scenario.catalog import Catalog
from trainer.scenario.schema import Scenario
from trainer.scenario.variables import resolve


def scenario(language: str = "en", **overrides: object) -> Scenario:
    data: dict[str, object] = {
        "id": "demo", "title": "Demo", "summary": "A demo.", "language": language, "channel": "phone",
        "difficulty": 1, "rubric": "core",
        "persona": {"details": {"city": {"faker": "city"}}},
        "variables": {
            "order_id": {"faker": "bothify", "args": ["ORD-####"]},
            "colour": {"choice": ["red", "blue", "green"]},
            "email": "{customer.first_name}@example.com",
            "count": 3,
        },
        "opening": ["Hi, it's {customer.full_name}, about {order_id}."],
        "steps": [{"id": "a", "model_answer": "Hello {customer.first_name}.", "branches": [{"end": "resolved"}]}],
    }
    data.update(overrides)
    return Scenario.model_validate(data)


def test_same_seed_same_customer_and_other_seeds_differ() -> None:
    s = scenario()
    assert variables.resolve(s, 7) == variables.resolve(s, 7)
    names = {variables.resolve(s, seed)["customer.full_name"] for seed in range(20)}
    assert len(names) > 10


def test_keys_cover_persona_details_and_variables() -> None:
    values = variables.resolve(scenario(), 3)
    assert set(values) == {"customer.first_name", "customer.last_name", "customer.full_name",
                           "customer.title", "customer.city", "order_id", "colour", "email", "count"}
    assert values["customer.full_name"] == f"{values['customer.first_name']} {values['customer.last_name']}"
    assert values["customer.title"] == ""
    assert values["order_id"].startswith("ORD-") and values["order_id"][4:].isdigit()
    assert values["colour"] in {"red", "blue", "green"}
    assert values["email"] == f"{values['customer.first_name']}@example.com"
    assert values["count"] == "3"


def test_adding_a_variable_does_not_change_the_customer() -> None:
    before = variables.resolve(scenario(), 11)
    more = scenario(variables={"order_id": {"faker": "bothify", "args": ["ORD-####"]},
                               "extra": {"faker": "city"}})
    after = variables.resolve(more, 11)
    assert after["customer.full_name"] == before["customer.full_name"]
    assert after["order_id"] == before["order_id"]


@pytest.mark.parametrize(("language", "script"), [("fa", "\u0600-\u06ff"), ("zh", "\u4e00-\u9fff")])
def test_locale_follows_the_language(language: str, script: str) -> None:
    import re

    values = variables.resolve(scenario(language), 5)
    assert re.search(f"[{script}]", values["customer.first_name"])
    if language == "zh":  # family name first, no space
        assert values["customer.full_name"] == values["customer.last_name"] + values["customer.first_name"]


def test_fill_replaces_placeholders_keeps_literal_braces_and_unknown_names() -> None:
    values = {"order_id": "ORD-1", "customer.first_name": "Ana"}
    assert variables.fill("{customer.first_name}: {order_id} {{json}} {nope}", values) == "Ana: ORD-1 {json} {nope}"
    assert variables.fill("{ order_id }", values) == "ORD-1"


def test_a_valid_scenario_has_no_problems() -> None:
    assert variables.problems(scenario()) == []


def test_unknown_placeholder_is_reported_with_location_and_suggestion() -> None:
    s = scenario(opening=["About {ordr_id}"],
                 steps=[{"id": "a", "say": [], "model_answer": "Hi {customer.frist_name}",
                         "branches": [{"end": "resolved", "say": ["Bye {nobody}"]}]}])
    found = dict(variables.problems(s))
    assert "{order_id}" in found["opening.0"] and "unknown placeholder {ordr_id}" in found["opening.0"]
    assert "{customer.first_name}" in found["steps.0.model_answer"]
    assert "unknown placeholder {nobody}" in found["steps.0.branches.0.say.0"]


def test_a_value_may_only_use_values_defined_before_it() -> None:
    s = scenario(variables={"greeting": "Hi {name}", "name": "Ana"})
    found = dict(variables.problems(s))
    assert "defined later" in found["variables.greeting"]
    assert "name" not in found


def test_unknown_faker_provider_and_bad_arguments() -> None:
    s = scenario(variables={"a": {"faker": "frist_name"}, "b": {"faker": "random_int", "args": ["x"]}})
    found = dict(variables.problems(s))
    assert "unknown Faker provider 'frist_name'" in found["variables.a.faker"]
    assert "first_name" in found["variables.a.faker"]
    assert "fails with args" in found["variables.b.faker"]


def test_title_placeholder_needs_a_persona_title() -> None:
    s = scenario(opening=["Hello, {customer.title} {customer.last_name}"])
    assert dict(variables.problems(s))["opening.0"] == "uses {customer.title} but persona.title is not set"
    titled = scenario(opening=["Hello, {customer.title} {customer.last_name}"],
                      persona={"title": "Ms"})
    assert variables.problems(titled) == []
    assert variables.resolve(titled, 1)["customer.title"] == "Ms"


def test_resolving_an_unvalidated_scenario_names_the_value_to_fix() -> None:
    with pytest.raises(ScenarioError, match="variables.a: cannot draw a value"):
        variables.resolve(scenario(variables={"a": {"faker": "no_such_provider"}}), 1)


def test_providers_that_do_not_make_text_and_huge_arguments_are_refused() -> None:
    s = scenario(variables={"blob": {"faker": "binary", "args": [10]},
                            "big": {"faker": "pystr", "args": [1, 10_000_000]}})
    found = dict(variables.problems(s))
    assert "does not make text" in found["variables.blob.faker"]
    assert "above 1,000,000" in found["variables.big.faker"]


def _system_clock(monkeypatch, day: date) -> None:
    """Make Faker's date providers believe the machine's clock says `day` (as on another day of CI)."""
    import datetime as stdlib

    import faker.providers.date_time as faker_dates

    class Real(type):
        def __instancecheck__(cls, obj):
            return isinstance(obj, stdlib.datetime if issubclass(cls, stdlib.datetime) else stdlib.date)

    class Clock(stdlib.date, metaclass=Real):
        @classmethod
        def today(cls):
            return day

    class Now(stdlib.datetime, metaclass=Real):
        @classmethod
        def now(cls, tz=None):
            return stdlib.datetime.combine(day, stdlib.time(9, 0)).replace(tzinfo=tz)

    monkeypatch.setattr(faker_dates, "dtdate", Clock)
    monkeypatch.setattr(faker_dates, "datetime", Now)


def test_one_seed_under_two_clocks_is_the_same_customer(monkeypatch):
    """A customer is (scenario, seed, reference date): the machine's clock does not enter."""
    scenario = Catalog.load(ROOT / "scenarios").scenario("public-complaint")
    reference = date(2026, 11, 22)
    seen = []
    for clock in (date(2026, 12, 5), date(2031, 7, 15)):
        _system_clock(monkeypatch, clock)
        seen.append(resolve(scenario, 7, reference))
    assert seen[0] == seen[1] and seen[0]["purchase_date"] == "2026-07-13"
    assert resolve(scenario, 7, date(2030, 11, 22))["purchase_date"].startswith("2030-")  # the date matters


def test_faker_alone_would_follow_the_clock(monkeypatch):
    """Why the reference date is needed (and proof the clock above really moved)."""
    from faker import Faker

    drawn = []
    for clock in (date(2026, 12, 5), date(2031, 7, 15)):
        _system_clock(monkeypatch, clock)
        fake = Faker("en_US")
        fake.seed_instance(7)
        drawn.append(fake.date_this_year())
    assert drawn[0].year == 2026 and drawn[1].year == 2031
