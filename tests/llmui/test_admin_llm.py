"""The admin's language-model page: what is configured (never the key), and a connection test that
says it worked or what to check."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.drive import errors, log_in, ok, open_page, plain, press
from tests.plugins.llm import Status
from trainer import services as svc
from trainer.config import ROOT, Settings
from trainer.ui import context as ctx


@pytest.fixture
def on_the_page(app, admin):
    return open_page(log_in(ok(app().run()), "admin@example.com"), "pages/admin.py")


def texts(at) -> list[str]:
    return [plain(m.value) for m in at.markdown]


@pytest.mark.usefixtures("llm_app_services")
def test_the_connection_test_succeeds(on_the_page, llm_server):
    at = on_the_page
    assert any("configured" in t and "not configured" not in t for t in texts(at))
    assert any("test-customer" in t and "test-judge" in t for t in texts(at))
    press(at, "Test connection")
    [success] = [plain(s.value) for s in at.success]
    assert "Connected to" in success and "test-customer" in success and "test-judge" in success
    assert not errors(at)
    assert {r["model"] for r in llm_server.requests} == {"test-customer", "test-judge"}


@pytest.mark.usefixtures("llm_app_services")
def test_the_connection_test_fails_with_what_to_check(on_the_page, llm_server):
    llm_server.script(Status(500))
    press(on_the_page, "Test connection")
    [error] = errors(on_the_page)
    assert "HTTP 500" in error and "check the server" in error
    assert not on_the_page.success


@pytest.mark.usefixtures("llm_app_services")
def test_the_connection_test_fails_when_the_server_is_down(on_the_page, llm_server):
    llm_server.stop()
    press(on_the_page, "Test connection")
    [error] = errors(on_the_page)
    assert "Cannot reach the LLM endpoint" in error and "OPENAI_BASE_URL" in error


def test_no_model_configured_says_how_to_set_one(on_the_page, app_services):
    at = on_the_page
    assert any("not configured" in t for t in texts(at))
    assert any("No language model is configured" in t for t in texts(at))
    assert [b for b in at.button if b.label == "Test connection"][0].disabled


def test_the_key_is_never_shown(app, admin, app_services):
    settings = Settings.defaults(openai_api_key="sk-secret-123", openai_base_url="http://127.0.0.1:9/v1")
    with svc.using(svc.Services(settings=settings, catalog=app_services.catalog, scorer=app_services.scorer,
                                store=app_services.store)):
        at = open_page(log_in(ok(app().run()), "admin@example.com"), "pages/admin.py")
        assert any("with an API key" in t for t in texts(at))
        assert not any("sk-secret" in str(e.value) for e in [*at.markdown, *at.caption])


def test_only_admins_get_the_page(app, ana, admin, app_services):
    def titles(email: str) -> list[str]:
        at = log_in(ok(app().run()), email)
        return [p["page_name"] for p in at._registered_pages.values()]

    assert "Language model" in titles("admin@example.com")
    assert "Language model" not in titles("ana@example.com")


def test_the_page_refuses_a_trainee_opening_it_directly(app_services, ana):
    at = AppTest.from_file(str(ROOT / "pages" / "admin.py"), default_timeout=30)
    at.session_state[ctx.SERVICES] = app_services
    at.session_state[ctx.USER] = ana
    ok(at.run())
    assert errors(at) == ["This page is for admin accounts."]
    assert not at.button
