"""Steps for tests/features/practice/input_honesty.feature, driven through the app with AppTest."""

from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from tests.app.drive import PASSWORD, chat, log_in, ok, press, say, start

scenarios("practice/input_honesty.feature")


@pytest.fixture
def database_url(tmp_path):
    """SQLite only: these are page behaviours, and the store's own tests cover both databases."""
    return f"sqlite:///{tmp_path / 'db' / 'frontline.db'}"


@pytest.fixture
def ana(app_repo):
    return app_repo.accounts.create_user("ana@example.com", "Ana", "trainee", PASSWORD, team="North")


@pytest.fixture
def state() -> dict:
    return {}


@given(parsers.parse("Ana is in a practice call on '{scenario_id}'"), target_fixture="at")
def in_a_call(app, ana, scenario_id: str):
    at = start(log_in(ok(app().run()), "ana@example.com"), scenario_id)
    assert len(chat(at)) == 1
    return at


def texts(at) -> list[str]:
    return [e.value for e in [*at.error, *at.info, *at.warning, *at.caption, *at.markdown]]


@then(parsers.parse("the page says a reply can have up to {limit} characters"))
def limit_stated(at, limit: str) -> None:
    counters = [h.proto.body for h in at.get("html") if 'class="fl-count"' in h.proto.body]
    assert len(counters) == 1 and f"up to {limit} characters" in counters[0], counters
    assert f'data-limit="{limit.replace(",", "")}"' in counters[0]  # the number the browser counts against


@when(parsers.parse("Ana sends a reply of {length:d} characters"))
def send_long(at, length: int) -> None:
    say(at, ("Sorry about the wait. " * (length // 22 + 1))[: length - 1] + ".")


@when("Ana sends a reply of only spaces")
def send_spaces(at) -> None:
    say(at, "   \n  ")


@then(parsers.parse('the reply is not sent and the message says "{words}"'))
def refused(at, words: str) -> None:
    assert any(words in e.value.replace("\\", "") for e in at.error), [e.value for e in at.error]


@then(parsers.parse('the message says how long her reply was: "{shown}"'))
def says_length(at, shown: str) -> None:
    assert any(f"has {shown} characters" in e.value.replace("\\", "") for e in at.error)


@then("her reply is kept for her to copy")
def kept(at) -> None:
    assert at.code and at.code[0].value.startswith("Sorry about the wait.")


@then("the call is still at its opening line")
def still_opening(at) -> None:
    assert len(chat(at)) == 1


@then("the customer answers")
def answered(at) -> None:
    assert len(chat(at)) == 3 and not at.error


@then(parsers.parse('she is told "{words}"'))
def told(at, words: str) -> None:
    assert any(words in i.value.replace("\\", "") for i in at.info), [i.value for i in at.info]


@given("Ana opens Practice again in a new browser session", target_fixture="again")
def new_session(app, at):
    return log_in(ok(app().run()), "ana@example.com")


@when(parsers.parse("she starts a call on '{scenario_id}' again"))
def start_again(again, scenario_id: str) -> None:
    start(again, scenario_id)


@then("she is asked to confirm, told that her call in progress would be closed")
def asked(again) -> None:
    assert any("You have a call in progress" in w.value and "closes it" in w.value for w in again.warning)
    assert not again.chat_input, "no new call has started yet"


@when("she keeps her call in progress")
def keep(again) -> None:
    press(again, "Keep my call in progress")


@when("she confirms the new call")
def confirm(again) -> None:
    press(again, "Start the new call")


@then("her call is still offered for resume")
def offered(again, app_repo, ana) -> None:
    assert app_repo.attempts.resumable_attempt(ana) is not None
    assert any(b.label == "Resume the call" for b in again.button)


@then("a new call begins at its opening line")
def new_call(again) -> None:
    assert again.chat_input and len(chat(again)) == 1


@then("her earlier call is no longer offered for resume")
def earlier_gone(again, app_repo, ana) -> None:
    [attempt] = [a for a in app_repo.attempts.list_attempts(ana, user_id=ana.id).items if a.state == "abandoned"]
    assert attempt.state == "abandoned"
