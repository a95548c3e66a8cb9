"""A generated customer in a real browser: the app talks to the local fake model server (passed as
`OPENAI_BASE_URL`), the trainee picks the generated customer, its lines stream into the chat, the
judge grades the tone; the server is stopped mid-call, the call goes on from the script with a
visible notice, and it ends with the scorecard."""

from __future__ import annotations

import pytest

from tests.e2e.actions import create_admin, idle, messages, new_tab, reply, send
from tests.e2e.conftest import start_server, stop_server
from tests.llm.customers import LINES
from tests.llmui.conftest import LIBRARY, answers

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture
def llm_page(browser, llm_server, tmp_path):
    llm_server.default = answers
    server = start_server(tmp_path, scenarios_dir=LIBRARY, extra_env={
        "OPENAI_BASE_URL": llm_server.url, "OPENAI_API_KEY": "", "TRAINER_LLM_MODEL": "test-customer",
        "TRAINER_JUDGE_MODEL": "test-judge", "TRAINER_LLM_TIMEOUT_SECONDS": "5", "TRAINER_LLM_RETRIES": "0"})
    context, tab = new_tab(browser)
    yield tab, server
    context.close()
    stop_server(server)


def test_a_generated_customer_session_survives_the_model_going_away(llm_page, llm_server, shots):
    from playwright.sync_api import expect

    page, server = llm_page
    create_admin(page, server.url)
    idle(page)

    page.get_by_test_id("stSelectbox").filter(has_text="Scenario").click()
    page.get_by_role("option", name="The caller on hold", exact=False).click()
    idle(page)
    page.get_by_text("Generated: an AI customer speaks freely").click()
    idle(page)
    page.screenshot(path=shots / "llm-01-picker.png", full_page=True)
    page.get_by_role("button", name="Start the call").click()
    expect(messages(page)).to_have_count(1)
    expect(messages(page).first).to_contain_text(LINES["English"])
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

    send(page, "I'll book the courier and call you back by 5 pm today.")
    expect(page.get_by_role("heading", name="Scorecard")).to_be_visible()
    expect(messages(page)).to_have_count(7)
    expect(page.get_by_text("the rest of this call uses the script", exact=False)).to_be_visible()
    expect(page.get_by_test_id("stChatInputTextArea")).to_have_count(0)
    page.get_by_role("heading", name="Scorecard").scroll_into_view_if_needed()
    page.screenshot(path=shots / "llm-04-scorecard.png", full_page=True)
    assert len([r for r in llm_server.requests if r.get("stream")]) == 2  # opening and first answer
