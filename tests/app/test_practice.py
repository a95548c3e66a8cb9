"""Practising in the app: a whole scripted call to the scorecard, every turn saved as it happens,
resume after a fresh browser session, practice and assessment modes, retry, right-to-left text."""

from __future__ import annotations

import pytest

from tests.app.drive import PASSWORD, chat, errors, log_in, markdown, ok, open_page, press, say, start

EMPATHY_AND_APOLOGY = "I understand how frustrating that is, and I'm sorry about the wait."
NEXT_STEP = "I'll book the courier and call you back by 5 pm today."


@pytest.fixture
def ana(app_repo):
    return app_repo.accounts.create_user("ana@example.com", "Ana", "trainee", PASSWORD, team="North")


@pytest.fixture
def logged_in(app, ana):
    return log_in(ok(app().run()), "ana@example.com")


def test_a_whole_call_ends_in_the_scorecard_and_is_saved(logged_in, app_repo, ana):
    at = start(logged_in, "app-hold")
    assert chat(at) == [("assistant", "I have been on hold for twenty minutes! This is Dana.")]
    say(at, EMPATHY_AND_APOLOGY)
    assert chat(at)[-1] == ("assistant", "Fine. So what happens now?")
    say(at, NEXT_STEP)
    assert chat(at)[-1] == ("assistant", "Okay, thank you. Bye.")
    assert not at.chat_input, "the reply box goes away once the call has ended"
    assert at.subheader[-1].value == "Scorecard" or "Scorecard" in [s.value for s in at.subheader]
    assert [s.value for s in at.success][0].startswith("Passed")
    rows = [b for b in (h.proto.body for h in at.get("html")) if 'class="fl-rows"' in b]
    for criterion in ("Acknowledges feelings", "Apologises", "No blame", "Concrete next step"):
        assert any(f"<bdi>{criterion}</bdi>" in b for b in rows), criterion
    # Saved: finished, with the score the page shows and one row per criterion.
    [attempt] = app_repo.attempts.list_attempts(ana, user_id=ana.id).items
    assert attempt.state == "finished" and attempt.passed and attempt.end_state == "resolved"
    detail = app_repo.attempts.get_attempt(ana, attempt.id)
    assert [t.speaker for t in detail.turns] == ["customer", "trainee", "customer", "trainee", "customer"]
    assert {c.criterion_id for c in detail.criteria} == {"empathy", "apology", "no_blame", "next_step"}
    assert not errors(at)


def test_each_turn_is_in_the_database_before_the_next_reply(logged_in, app_repo, ana):
    at = start(logged_in, "app-hold")
    saved = app_repo.attempts.resumable_attempt(ana)
    assert saved is not None and [t.text for t in saved.turns] == [chat(at)[0][1]]
    say(at, EMPATHY_AND_APOLOGY)
    saved = app_repo.attempts.resumable_attempt(ana)
    assert [t.text for t in saved.turns] == [text for _, text in chat(at)]
    assert saved.turns[1].response_seconds is not None and saved.turns[1].criteria["total"] > 0
    assert saved.session_state["turn"] == 1


def test_a_fresh_browser_session_resumes_at_the_same_turn(app, logged_in, app_repo, ana):
    at = start(logged_in, "app-hold", seed=11)
    say(at, EMPATHY_AND_APOLOGY)
    before = chat(at)
    # The tab is closed; a new session logs in and is offered the call.
    again = log_in(ok(app().run()), "ana@example.com")
    assert any("You have a call in progress" in m for m in markdown(again))
    press(again, "Resume the call")
    assert chat(again) == before
    say(again, NEXT_STEP)
    assert chat(again)[-1] == ("assistant", "Okay, thank you. Bye.")
    assert [s.value for s in again.success][0].startswith("Passed")
    assert app_repo.attempts.resumable_attempt(ana) is None


def test_discarding_the_offered_call_abandons_it(app, logged_in, app_repo, ana):
    at = start(logged_in, "app-hold")
    say(at, EMPATHY_AND_APOLOGY)
    again = log_in(ok(app().run()), "ana@example.com")
    press(again, "Discard it")
    assert app_repo.attempts.resumable_attempt(ana) is None
    assert not any("You have a call in progress" in m for m in markdown(again))
    [attempt] = app_repo.attempts.list_attempts(ana, user_id=ana.id).items
    assert attempt.state == "abandoned"


def test_practice_mode_gives_feedback_after_each_reply(logged_in):
    at = start(logged_in, "app-hold", mode="practice")
    say(at, EMPATHY_AND_APOLOGY)
    assert [e.label for e in at.expander if e.label == "Feedback on this reply"]
    assert any(c.value.startswith("This reply") for c in at.caption)


def test_assessment_mode_keeps_feedback_for_the_end(logged_in):
    at = start(logged_in, "app-hold", mode="assessment")
    say(at, EMPATHY_AND_APOLOGY)
    assert not [e for e in at.expander if e.label == "Feedback on this reply"]
    assert not any(c.value.startswith("This reply") for c in at.caption)
    say(at, NEXT_STEP)
    assert "Scorecard" in [s.value for s in at.subheader]


def test_blame_makes_the_customer_hang_up_and_the_scorecard_says_why(logged_in):
    at = start(logged_in, "app-hold")
    say(at, "You should have read the manual. Calm down.")
    assert chat(at)[-1] == ("assistant", "Forget it. Goodbye.")
    [verdict] = [e for e in errors(at) if e.startswith("Not passed")]
    assert "hung_up" in verdict or "hung up" in verdict


def test_retry_with_the_same_customer_starts_a_new_attempt_with_the_same_seed(logged_in, app_repo, ana):
    at = start(logged_in, "app-hold", seed=99)
    say(at, EMPATHY_AND_APOLOGY)
    say(at, NEXT_STEP)
    first_opening = chat(at)[0]
    press(at, "Try again, same customer")
    assert chat(at) == [first_opening]
    attempts = app_repo.attempts.list_attempts(ana, user_id=ana.id).items
    assert len(attempts) == 2 and attempts[0].seed == attempts[1].seed == 99
    assert attempts[0].state == "in_progress" and attempts[1].state == "finished"


def test_the_mood_meter_and_clock_are_shown_during_the_call(logged_in):
    at = start(logged_in, "app-hold")
    metrics = {m.label: m.value for m in at.sidebar.metric}
    assert metrics["Customer mood"].startswith("6/10")
    clock = " ".join(h.proto.body for h in at.sidebar.get("html"))
    assert "Your reply time" in clock and "of 60 s" in clock and "setInterval" in clock  # ticks in the browser
    say(at, EMPATHY_AND_APOLOGY)
    metrics = {m.label: m.value for m in at.sidebar.metric}
    assert not metrics["Customer mood"].startswith("6/10"), "empathy and an apology calm the customer"


def test_transcript_downloads_are_offered_at_the_end(logged_in):
    at = start(logged_in, "app-hold")
    say(at, EMPATHY_AND_APOLOGY)
    say(at, NEXT_STEP)
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Download transcript (Markdown)", "Download transcript (JSON)"]


def _block_ids(block) -> list[str]:
    return [getattr(child.proto, "id", "") or "" for child in block.children.values()]


def test_persian_scenarios_are_laid_out_right_to_left(logged_in):
    at = start(logged_in, "app-fa")
    assert chat(at)[0] == ("assistant", "بیست دقیقه منتظر ماندم!")
    assert any(i.endswith("rtl_line_0") for i in _block_ids(at.chat_message[0]))
    assert any(i.endswith("rtl_call_title") for i in _block_ids(at.main))


def test_english_scenarios_stay_left_to_right(logged_in):
    at = start(logged_in, "app-hold")
    assert not any("rtl" in i for i in _block_ids(at.chat_message[0]) + _block_ids(at.main))


def test_my_progress_shows_the_finished_attempt(logged_in):
    at = start(logged_in, "app-hold")
    say(at, EMPATHY_AND_APOLOGY)
    say(at, NEXT_STEP)
    open_page(at, "pages/progress.py")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Finished attempts"] == "1" and metrics["Passed"] == "1"
    assert "Trend per criterion" in [s.value for s in at.subheader]
    assert len(at.dataframe) >= 2  # best and latest per scenario, and the attempts list


def test_a_call_whose_scenario_changed_since_cannot_resume_and_says_what_to_do(
        app, logged_in, app_repo, app_services, app_library, ana, tmp_path):
    import shutil

    from trainer import services as svc
    from trainer.scenario.catalog import Catalog

    at = start(logged_in, "app-hold")
    say(at, EMPATHY_AND_APOLOGY)
    library = tmp_path / "library"
    shutil.copytree(app_library, library)
    path = library / "en" / "app-hold.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("max_turns: 4", "max_turns: 6"), encoding="utf-8")
    changed = svc.Services(settings=app_services.settings, catalog=Catalog.load(library),
                           scorer=app_services.scorer, store=app_repo)
    with svc.using(changed):
        again = log_in(ok(app().run()), "ana@example.com")
        press(again, "Resume the call")
        assert any("has changed since this attempt was saved" in e and "start a new attempt" in e
                   for e in errors(again))
        press(again, "Discard it")
        assert app_repo.attempts.resumable_attempt(ana) is None


def test_a_past_attempt_opens_with_its_transcript_and_scorecard(logged_in, app_repo, ana):
    at = start(logged_in, "app-hold")
    say(at, EMPATHY_AND_APOLOGY)
    say(at, NEXT_STEP)
    conversation = chat(at)
    open_page(at, "pages/progress.py")
    [attempt] = app_repo.attempts.list_attempts(ana, user_id=ana.id).items
    at.selectbox(key="mine_open").select(attempt.id)
    ok(at.run())
    assert chat(at) == conversation
    assert "Scorecard" in [s.value for s in at.subheader]
