"""Driving the app under `AppTest` the way a person would: fill the form, press the button."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

PASSWORD = "correct horse battery"


def ok(at: AppTest) -> AppTest:
    """Fail with the app's own traceback if the last run raised."""
    assert not at.exception, "\n".join(str(e.value) for e in at.exception)
    return at


def button(at: AppTest, label: str):
    for b in [*at.button, *at.form_submit_button]:
        if b.label == label:
            return b
    raise AssertionError(f"no button {label!r}; buttons: {[b.label for b in [*at.button, *at.form_submit_button]]}")


def press(at: AppTest, label: str) -> AppTest:
    button(at, label).click()
    return ok(at.run())


def first_run(at: AppTest, name: str, email: str, password: str = PASSWORD) -> AppTest:
    at.text_input(key="setup_name").input(name)
    at.text_input(key="setup_email").input(email)
    at.text_input(key="setup_password").input(password)
    at.text_input(key="setup_again").input(password)
    return press(at, "Create the admin account")


def log_in(at: AppTest, email: str, password: str = PASSWORD) -> AppTest:
    at.text_input(key="login_email").input(email)
    at.text_input(key="login_password").input(password)
    return press(at, "Log in")


def open_page(at: AppTest, path: str) -> AppTest:
    at.switch_page(path)
    return ok(at.run())


def start(at: AppTest, scenario_id: str, *, mode: str = "practice", seed: int | None = 7) -> AppTest:
    at.selectbox(key="scenario_choice").select(scenario_id)
    at.radio(key="mode").set_value(mode)
    if seed is not None:
        at.number_input(key="seed").set_value(seed)
    ok(at.run())
    return press(at, "Start the call")


def say(at: AppTest, text: str) -> AppTest:
    at.chat_input(key="reply").set_value(text)
    return ok(at.run())


def chat(at: AppTest) -> list[tuple[str, str]]:
    """(who, text) of every chat message, in order: who is `assistant` (customer) or `user` (trainee)."""
    return [(m.name, m.text[0].value) for m in at.chat_message]


def plain(markdown: str) -> str:
    """What a person reads from a Markdown string the app escaped (backslash escapes removed)."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("  \n", "\n")


def errors(at: AppTest) -> list[str]:
    return [plain(e.value) for e in at.error]


def markdown(at: AppTest) -> list[str]:
    return [plain(m.value) for m in at.markdown]
