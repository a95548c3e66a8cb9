"""The app with a language model: services over the small library in `tests/llmui/library`, settings
pointing at the local fake OpenAI-protocol server, the judge over the rule scorer, and a model that
answers both as the customer (in character, with the end signal asked for) and as the judge."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.app.drive import PASSWORD
from tests.llm.customers import in_character
from tests.llm.judging import reply_in
from trainer import services as svc
from trainer.config import Settings
from trainer.scenario.catalog import Catalog
from trainer.simulation import generated

LIBRARY = Path(__file__).with_name("library")


def answers(request: dict[str, Any]) -> str:
    """The judge (JSON mode): 2/2 on tone, quoting the reply's first words; the customer (in
    character, with the end signal asked for); "OK" to a connection test."""
    if request.get("response_format"):
        quote = reply_in(request)[:12]
        return json.dumps({"criteria": {"tone": {"points": 2, "evidence": [quote], "reason": "Warm and calm."}},
                           "instructions_in_reply": False})
    if request["messages"][0]["role"] != "system":  # the admin's connection test
        return "OK"
    return in_character(request)


@pytest.fixture
def llm_app_services(app_services: svc.Services, app_repo, llm_server) -> svc.Services:
    """Installed over `app_services` (same database), so `app()` runs with a language model."""
    llm_server.default = answers
    generated.enable()
    settings = Settings.defaults(scenarios_dir=LIBRARY, database_url=app_services.settings.database_url,
                                 openai_base_url=llm_server.url, openai_api_key=llm_server.api_key,
                                 llm_model="test-customer",
                                 judge_model="test-judge", llm_timeout_seconds=2, llm_retries=0)
    services = svc.Services(settings=settings, catalog=Catalog.load(LIBRARY), scorer=svc.make_scorer(settings),
                            store=app_repo)
    with svc.using(services):
        yield services


@pytest.fixture
def ana(app_repo):
    return app_repo.accounts.create_user("ana@example.com", "Ana", "trainee", PASSWORD, team="North")


@pytest.fixture
def admin(app_repo):
    return app_repo.accounts.create_user("admin@example.com", "Admin", "admin", PASSWORD)
