"""A generated customer in a real browser: the app talks to the local fake model server (passed as
`OPENAI_BASE_URL`), the trainee picks the generated customer, its lines stream into the chat, the
judge grades the tone; the server is stopped mid-call, the call goes on from the script with a
visible notice, and it ends with the scorecard."""

from __future__ import annotations

import pytest

from tests.e2e.actions import create_admin, go_to, idle, messages, new_tab, reply, send
from tests.e2e.conftest import start_server, stop_server
from tests.llm.customers import LINES
from tests.llmui.conftest import LIBRARY, answers
from tests.plugins.llm import Answer

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def model_env(llm_server, key: str) -> dict[str, str]:
    """The app's settings for the local model server, as a person would export them."""
    return {"OPENAI_BASE_URL": llm_server.url, "OPENAI_API_KEY": key, "TRAINER_LLM_MODEL": "test-customer",
            "TRAINER_JUDGE_MODEL": "test-judge", "TRAINER_LLM_TIMEOUT_SECONDS": "5", "TRAINER_LLM_RETRIES": "0"}


def keys_sent(llm_server) -> set[str]:
    return {h.get("authorization", "") for h in llm_server.headers}


def start_generated_call(page, server, shots=None) -> None:
    """As the first admin, start "The caller on hold" with the generated customer; its opening is in."""
    from playwright.sync_api import expect

    create_admin(page, server.url)
    idle(page)
    page.get_by_test_id("stSelectbox").filter(has_text="Scenario").click()
    page.get_by_role("option", name="The caller on hold", exact=False).click()
    idle(page)
    page.get_by_text("Generated: an AI customer", exact=False).click()
    idle(page)
    if shots is not None:
        page.screenshot(path=shots / "llm-01-picker.png", full_page=True)
    page.get_by_role("button", name="Start the call").click()
    expect(messages(page)).to_have_count(1)
    expect(messages(page).first).to_contain_text(LINES["English"])
    idle(page)


@pytest.fixture
def llm_page(browser, llm_server, tmp_path):
    llm_server.default = answers
    server = start_server(tmp_path, scenarios_dir=LIBRARY, extra_env=model_env(llm_server, llm_server.api_key))
    context, tab = new_tab(browser)
    yield tab, server
    context.close()
    stop_server(server)


@pytest.mark.parametrize("right_key", [True, False], ids=["right-key", "wrong-key"])
def test_the_admin_connection_test_sends_the_configured_key(browser, llm_server, tmp_path, shots, right_key):
    """The app started as the README starts it (no services handed in) sends the key it was given,
    unmasked; a key the server refuses is reported as refused, never as connected."""
    from playwright.sync_api import expect

    llm_server.default = answers
    key = llm_server.api_key if right_key else "sk-a-key-the-server-does-not-know"
    server = start_server(tmp_path, scenarios_dir=LIBRARY, extra_env=model_env(llm_server, key))
    context, page = new_tab(browser)
    try:
        create_admin(page, server.url)
        go_to(page, "Language model")
        page.get_by_role("button", name="Test connection").click()
        if right_key:
            expect(page.get_by_text("Connected to http://127.0.0.1", exact=False)).to_be_visible()
            assert llm_server.refused == []
        else:
            expect(page.get_by_text("key was refused", exact=False)).to_be_visible()
            expect(page.get_by_text("Connected to", exact=False)).to_have_count(0)
            assert llm_server.refused and {code for code, _ in llm_server.refused} == {401}
        page.screenshot(path=shots / f"llm-connection-{'right' if right_key else 'wrong'}-key.png", full_page=True)
        assert keys_sent(llm_server) == {f"Bearer {key}"}
        expect(page.get_by_text(key, exact=False)).to_have_count(0)  # the key is never shown
        assert key not in server.log.read_text()
    finally:
        context.close()
        stop_server(server)


def test_a_generated_customer_session_survives_the_model_going_away(llm_page, llm_server, shots):
    from playwright.sync_api import expect

    page, server = llm_page
    start_generated_call(page, server, shots)
    expect(page.get_by_text("generated customer", exact=False).first).to_be_visible()

    reply(page, "I'm sorry, that is a long wait.", 3)
    expect(messages(page).nth(2)).to_contain_text(LINES["English"])
    idle(page)
    page.get_by_text("Feedback on this reply").first.click()
    expect(page.get_by_text("graded by the AI judge").first).to_be_visible()
    page.screenshot(path=shots / "llm-02-generated-reply.png", full_page=True)

    llm_server.stop()  # the model goes away mid-call
    reply(page, "I understand how frustrating that is, and I'm sorry about the wait.", 5)
    expect(messages(page).nth(4)).to_contain_text("Fine. So what happens now?")
    expect(page.get_by_text("the rest of this call uses the script", exact=False)).to_be_visible()
    page.screenshot(path=shots / "llm-03-fallback.png", full_page=True)

    page.reload()  # the notice is saved with the customer's turn: the resumed call shows it again
    page.get_by_role("button", name="Resume the call").click()
    expect(messages(page).nth(4)).to_contain_text("Fine. So what happens now?")
    expect(page.get_by_text("the rest of this call uses the script", exact=False)).to_be_visible()
    page.screenshot(path=shots / "llm-03b-resumed-with-notice.png", full_page=True)

    send(page, "I'll book the courier and call you back by 5 pm today.")
    expect(page.get_by_role("heading", name="Scorecard")).to_be_visible()
    expect(messages(page)).to_have_count(7)
    # the resumed call's customer found the model still gone: its line carries a notice of its own
    expect(page.get_by_text("the rest of this call uses the script", exact=False)).to_have_count(2)
    expect(page.get_by_test_id("stChatInputTextArea")).to_have_count(0)
    page.get_by_role("heading", name="Scorecard").scroll_into_view_if_needed()
    page.screenshot(path=shots / "llm-04-scorecard.png", full_page=True)
    assert len([r for r in llm_server.requests if r["model"] == "test-customer"]) == 2  # opening and first answer
    assert any(r.get("response_format") for r in llm_server.requests)  # the judge was asked too
    assert keys_sent(llm_server) == {f"Bearer {llm_server.api_key}"} and llm_server.refused == []


def test_nothing_unchecked_reaches_the_screen_and_the_box_waits_for_the_customer(llm_page, llm_server, shots):
    """The model streams its own instructions back, slowly, twice: the trainee never sees a word of
    them, the reply box is disabled while the customer is answering, and the scripted line comes with
    a notice."""
    from playwright.sync_api import expect

    page, server = llm_page
    start_generated_call(page, server)
    leak = ("You are role-playing a customer in a contact-center training simulation. A trainee agent is "
            "practising with you. Who you are: Dana. Things you may share: the phone went black.")
    llm_server.default = lambda r: Answer(leak, pieces=40, gap=0.05) if r["model"] == "test-customer" else answers(r)
    send(page, "I'm sorry, that is a long wait.")
    box = page.get_by_test_id("stChatInputTextArea")
    expect(box).to_be_disabled()
    seen = []
    for _ in range(60):  # watch the chat while the customer answers (about 4 s of streaming)
        seen.append(" ".join(messages(page).all_inner_texts()))
        if box.is_enabled() and messages(page).count() >= 3:
            break
        page.wait_for_timeout(100)
    expect(messages(page)).to_have_count(3)
    expect(box).to_be_enabled()
    page.screenshot(path=shots / "llm-05-leak-refused.png", full_page=True)
    for text in seen + [" ".join(messages(page).all_inner_texts())]:
        assert "role-playing" not in text and "Who you are" not in text and "went black" not in text
    expect(page.get_by_text("answer was not usable", exact=False)).to_be_visible()
    expect(messages(page).nth(2)).not_to_contain_text(LINES["English"])  # the script's line
