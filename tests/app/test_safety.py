"""Trainee and scenario text is shown literally, and the page survives what goes wrong around it:
a scenario library with broken files, a database that cannot be reached, a write that fails."""

from __future__ import annotations

import re
import shutil

import pytest

from tests.app.drive import PASSWORD, chat, errors, log_in, ok, press, say, start
from trainer import services as svc
from trainer.config import Settings
from trainer.errors import StoreError
from trainer.scenario.catalog import Catalog
from trainer.scoring.rules import RuleScorer

SCRIPT = "<script>alert(1)</script> **bold** [link](http://x.example) I understand, I'm sorry."


@pytest.fixture
def logged_in(app, app_repo):
    app_repo.accounts.create_user("ana@example.com", "Ana", "trainee", PASSWORD)
    return log_in(ok(app().run()), "ana@example.com")


def html_bodies(at) -> list[str]:
    return [h.proto.body for h in at.get("html")]


def test_html_and_markdown_in_a_reply_are_shown_as_typed(logged_in):
    at = start(logged_in, "app-hold")
    say(at, SCRIPT)
    assert chat(at)[1] == ("user", SCRIPT)  # st.text: no Markdown, no HTML
    assert at.chat_message[1].text[0].proto.body == SCRIPT
    # Nothing the trainee typed reaches a Markdown or HTML element unescaped.
    for m in at.markdown:
        assert "<script>" not in m.value and "**bold**" not in m.value
    for body in html_bodies(at):
        assert "<script>alert" not in body  # the page's own scripts aside


def test_evidence_highlights_escape_the_reply(logged_in):
    at = start(logged_in, "app-hold")
    say(at, SCRIPT)
    say(at, "I'll call you back by 5 pm today.")
    highlighted = [b for b in html_bodies(at) if "<mark" in b]
    assert highlighted, "the scorecard highlights the words that earned points"
    reply_one = [b for b in highlighted if "&lt;script&gt;alert(1)&lt;/script&gt;" in b]
    assert reply_one and all("<script>" not in b for b in highlighted)
    assert any(re.search(r'<mark class="fl-earn" title="[^"<>]+">I understand</mark>', b) for b in reply_one)


def test_scenario_text_is_escaped_too(logged_in):
    at = start(logged_in, "app-hold")
    title = at.markdown[0].value
    assert "\\<b\\>test\\<\\/b\\>" in title  # the title's <b> is text, not bold


def test_a_library_with_broken_files_lists_them_and_the_good_ones_still_practise(
        app, app_repo, app_services, app_library, tmp_path):
    library = tmp_path / "library"
    shutil.copytree(app_library, library)
    (library / "en" / "broken.yaml").write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")
    (library / "en" / "typo.yaml").write_text(
        (library / "en" / "app-hold.yaml").read_text(encoding="utf-8")
        .replace("id: app-hold", "id: app-typo").replace("difficulty: 2", "dificulty: 2"), encoding="utf-8")
    catalog = Catalog.load(library)
    assert len(catalog.problems) >= 2
    broken = svc.Services(settings=app_services.settings, catalog=catalog, scorer=RuleScorer(), store=app_repo)
    app_repo.accounts.create_user("ana@example.com", "Ana", "trainee", PASSWORD)
    with svc.using(broken):
        at = log_in(ok(app().run()), "ana@example.com")
        assert any("problems in the scenario library" in w.value for w in at.warning)
        listing = at.code[0].value
        assert "broken.yaml" in listing and "typo.yaml" in listing and "dificulty" in listing
        start(at, "app-hold")
        say(at, "I understand, I'm sorry.")
        assert len(chat(at)) == 3


def test_a_database_that_cannot_be_reached_is_a_message_and_practice_still_works(app, app_library):
    settings = Settings.defaults(scenarios_dir=app_library, database_url="postgresql+psycopg://nobody@127.0.0.1:1/x")
    down = svc.build(settings)
    assert down.store is None and "cannot be used" in (down.store_error or "")
    with svc.using(down):
        at = ok(app().run())
        assert any("127.0.0.1:1" in e and "TRAINER_DATABASE_URL" in e for e in errors(at))
        press(at, "Practise without saving")
        start(at, "app-hold")
        say(at, "I understand, I'm sorry.")
        assert len(chat(at)) == 3
        assert any("not saved" in c.value for c in at.caption)


def test_a_failed_write_keeps_the_page_and_the_reply(logged_in, app_repo, monkeypatch):
    at = start(logged_in, "app-hold")

    def refuse(*args, **kwargs):
        raise StoreError("The database file x.db cannot be used (disk I/O error).")

    monkeypatch.setattr(app_repo.attempts, "record_turn", refuse)
    say(at, "I understand, I'm sorry.")
    assert any("disk I/O error" in e and "send it again" in e for e in errors(at))
    assert len(chat(at)) == 1, "an unsaved reply is not shown as part of the call"
    assert "I understand, I'm sorry." in [t.value for t in at.text]  # offered to copy and resend
    monkeypatch.undo()
    say(at, "I understand, I'm sorry.")
    assert len(chat(at)) == 3 and not errors(at)
