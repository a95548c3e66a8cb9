"""Drafting a scenario in the editor: the model drafts from a paragraph, the draft is shown with its
problems at their lines, the trainer fixes it and saves; nothing invalid is written, and without a
model the expander says how to configure one."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.drive import PASSWORD, errors, log_in, ok, open_page, plain, press
from tests.e2e.actions import copy_of_app_library
from tests.plugins.llm import Status
from trainer import services as svc
from trainer.config import Settings
from trainer.scenario.catalog import Catalog
from trainer.scoring.rules import RuleScorer

DRAFT = """\
id: pension-bounced
title: The pension payment that bounced
summary: An elderly customer's pension payment bounced. Reassure her and give a plan.
language: en
channel: phone
difficulty: 2
rubric: {rubric}
persona:
  first_name: Maryam
  last_name: Karimi
  mood: 5
opening:
  - "My pension payment bounced and my rent is due."
steps:
  - id: only
    model_answer: I'm sorry, I understand how worrying that is. I'll resend it today and call you by 5 pm.
    branches:
      - end: resolved
        say: ["Thank you."]
"""
PARAGRAPH = "An elderly customer whose pension payment bounced, English, phone, worried about her rent."


def drafting_services(app_repo, root: Path, **llm: object) -> svc.Services:
    settings = Settings.defaults(scenarios_dir=root, database_url="sqlite://", **llm)
    return svc.Services(settings=settings, catalog=Catalog.load(root), scorer=RuleScorer(), store=app_repo)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_of_app_library(tmp_path)


@pytest.fixture
def trainer(app_repo):
    return app_repo.accounts.create_user("tess@example.com", "Tess Trainer", "trainer", PASSWORD)


@pytest.fixture
def editor(app, app_services, app_repo, root, trainer, llm_server):
    services = drafting_services(app_repo, root, openai_base_url=llm_server.url, openai_api_key=llm_server.api_key,
                                llm_model="test-drafter",
                                 llm_timeout_seconds=2, llm_retries=0)
    with svc.using(services):
        yield open_page(log_in(ok(app().run()), "tess@example.com"), "pages/editor.py")


def draft(at, paragraph: str = PARAGRAPH):
    at.text_area(key="studio_draft_paragraph").input(paragraph)
    return press(at, "Draft it")


def save_button(at):
    return next(b for b in at.button if b.label == "Save the scenario")


def test_a_draft_with_a_problem_is_fixed_then_saved(editor, root, llm_server):
    llm_server.default = DRAFT.format(rubric="no-such-rubric")  # the model gets it wrong twice
    at = draft(editor)
    assert len(llm_server.requests) == 2, "the model was shown its problems and asked once more"
    assert PARAGRAPH in llm_server.requests[0]["messages"][-1]["content"]
    assert at.text_area(key="studio_draft_text").value == DRAFT.format(rubric="no-such-rubric")
    assert any("1 problem" in e for e in errors(at))
    assert any("no-such-rubric" in plain(m.value) for m in at.markdown)
    assert save_button(at).disabled
    assert not (root / "en" / "pension-bounced.yaml").exists()

    at.text_area(key="studio_draft_text").input(DRAFT.format(rubric="app-basic"))
    ok(at.run())
    assert not save_button(at).disabled
    at = press(at, "Save the scenario")
    saved = root / "en" / "pension-bounced.yaml"
    assert saved.read_text(encoding="utf-8") == DRAFT.format(rubric="app-basic")
    assert any("Saved as" in plain(s.value) for s in at.success)
    assert "pension-bounced" in svc.installed().catalog.scenarios, "the library was read again"
    assert not [t for t in at.text_area if t.key == "studio_draft_text"], "the draft is done"


def test_a_good_draft_is_valid_at_once(editor, llm_server):
    llm_server.default = DRAFT.format(rubric="app-basic")
    at = draft(editor)
    assert len(llm_server.requests) == 1
    assert any("Valid: no problems" in plain(s.value) for s in at.success)
    assert not save_button(at).disabled


def test_an_empty_description_asks_for_one(editor, llm_server):
    at = press(editor, "Draft it")
    assert any("Describe the scenario" in e for e in errors(at))
    assert not llm_server.requests


def test_a_failing_model_shows_what_to_check_and_writes_nothing(editor, root, llm_server):
    llm_server.script(Status(500))
    at = draft(editor)
    assert any("HTTP 500" in e for e in errors(at))
    assert not [t for t in at.text_area if t.key == "studio_draft_text"]
    assert not list(root.rglob("pension-bounced.yaml"))


def test_without_a_model_the_expander_says_how_to_configure_one(app, app_repo, root, trainer, app_services):
    with svc.using(drafting_services(app_repo, root)):
        at = open_page(log_in(ok(app().run()), "tess@example.com"), "pages/editor.py")
    assert any("No language model is configured" in plain(i.value) for i in at.info)
    assert not [b for b in at.button if b.label == "Draft it"]
