"""Getting in: first-run setup creates the admin, login with clear messages, single sign-on mapped
to local accounts by email, log out."""

from __future__ import annotations

from tests.app.drive import PASSWORD, errors, first_run, log_in, ok, open_page, press


def nav_titles(at) -> list[str]:
    return [p["page_name"] for p in at._registered_pages.values()]


def test_empty_database_shows_first_run_and_creates_the_admin(app, app_repo):
    at = ok(app().run())
    assert at.title[0].value == "Welcome to Frontline"
    first_run(at, "Ada Admin", "ada@example.com")
    assert not errors(at)
    assert at.title[0].value == "Practice"
    admin = app_repo.accounts.find_user("ada@example.com")
    assert admin is not None and admin.role == "admin"
    assert "People" in nav_titles(at)
    # Another browser now gets the login form, not a second setup screen.
    other = ok(app().run())
    assert other.title[0].value == "Frontline"
    assert other.text_input(key="login_email")


def test_first_run_refuses_different_passwords_and_short_ones(app, app_repo):
    at = ok(app().run())
    at.text_input(key="setup_name").input("Ada")
    at.text_input(key="setup_email").input("ada@example.com")
    at.text_input(key="setup_password").input(PASSWORD)
    at.text_input(key="setup_again").input(PASSWORD + "x")
    press(at, "Create the admin account")
    assert any("differ" in e for e in errors(at))
    first_run(at, "Ada", "ada@example.com", password="short")
    assert any("at least 8 characters" in e for e in errors(at))
    assert app_repo.accounts.count_users() == 0


def test_login_with_a_wrong_password_says_so_and_locks_after_repeated_failures(app, app_repo):
    app_repo.accounts.create_user("ana@example.com", "Ana", "trainee", PASSWORD)
    at = ok(app().run())
    log_in(at, "ana@example.com", "wrong password")
    assert errors(at) == ["Wrong email or password. Check both and try again."]
    for _ in range(2):
        log_in(at, "ana@example.com", "wrong password")
    log_in(at, "ana@example.com", PASSWORD)  # right password, but the account is locked now
    assert any("locked" in e for e in errors(at))
    assert at.title[0].value == "Frontline"


def test_login_then_log_out(app, app_repo):
    app_repo.accounts.create_user("ana@example.com", "Ana", "trainee", PASSWORD)
    at = ok(app().run())
    log_in(at, "ana@example.com")
    assert at.title[0].value == "Practice"
    assert any("Logged in as Ana (trainee)" in c.value for c in at.sidebar.caption)
    press(at, "Log out")
    assert at.title[0].value == "Frontline"
    assert at.text_input(key="login_email")


def test_single_sign_on_maps_to_the_local_account_by_email(app, app_repo):
    app_repo.accounts.create_user("ana@example.com", "Ana", "trainee", PASSWORD)
    at = app()
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
                          "client_id": "id", "client_secret": "secret",
                          "server_metadata_url": "https://idp.example.com/.well-known/openid-configuration"}
    at.user = {"is_logged_in": False}
    ok(at.run())
    assert "Log in with single sign-on" in [b.label for b in at.button]
    at.user = {"is_logged_in": True, "email": "ANA@example.com", "name": "Ana"}
    ok(at.run())
    assert at.title[0].value == "Practice"
    assert any("Logged in as Ana" in c.value for c in at.sidebar.caption)


def test_single_sign_on_without_a_local_account_is_refused_with_what_to_do(app, app_repo):
    app_repo.accounts.create_user("ana@example.com", "Ana", "admin", PASSWORD)
    at = app()
    at.secrets["auth"] = {"client_id": "id"}
    at.user = {"is_logged_in": True, "email": "stranger@example.com"}
    ok(at.run())
    assert any("has no Frontline account" in e and "Ask an admin" in e for e in errors(at))
    assert at.title[0].value == "Frontline"


def test_changing_my_password_needs_the_current_one(app, app_repo):
    app_repo.accounts.create_user("ana@example.com", "Ana", "trainee", PASSWORD)
    at = open_page(log_in(ok(app().run()), "ana@example.com"), "pages/account.py")

    def change(current: str, new: str) -> None:
        at.text_input(key="current_password").input(current)
        at.text_input(key="new_password_1").input(new)
        at.text_input(key="new_password_2").input(new)
        press(at, "Change the password")

    change("not my password", "a brand new secret")
    assert any("Wrong email or password" in e for e in errors(at))
    change(PASSWORD, "a brand new secret")
    assert [s.value for s in at.success] == ["Your password is changed."]
    assert app_repo.accounts.authenticate("ana@example.com", "a brand new secret").email == "ana@example.com"
