"""Login sessions that survive a reload: the rules, kept apart from the database and the web page so
they can be read and tested on their own. `trainer.store.sessions` keeps the sessions;
`trainer.ui.web_session` puts the cookie in the browser and reads it back.

- A session is a row in the database, so it can be ended from anywhere: logging out ends this browser's
  session (every tab of it), "Log out everywhere" ends all of a person's, a new password ends the
  person's other sessions, and deactivating a person ends all of theirs. The next action in a tab whose
  session ended asks to log in again, saying why.
- It ends by itself after `idle_seconds` without any action, and `lifetime_seconds` after the login
  however active the person is.
- The browser holds a random token (32 bytes) with an HMAC-SHA256 signature by the server secret; the
  database holds only the token's SHA-256, so a copy of the database logs no one in. A cookie that is
  not signed by this server's secret is refused before the database is asked.
- The token never appears in the page: after a login the page gets a one-time ticket (valid for
  `ticket_seconds`), which the browser trades for the cookie at the app's own address, and the cookie
  is `HttpOnly`, so the page's scripts cannot read it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Literal, get_args

from trainer.config import Settings

COOKIE_NAME = "frontline_session"

EndReason = Literal["logout", "everywhere", "password", "deactivated", "idle", "expired"]
END_REASONS: tuple[str, ...] = get_args(EndReason)

ENDED_MESSAGES: dict[str, str] = {
    "logout": "You logged out (in this tab or another one). Log in to go on.",
    "everywhere": "You were logged out here from another browser or device (\"Log out everywhere else\"). "
                  "Log in to go on.",
    "password": "Your password was changed, which ends other logins. Log in with the new password.",
    "deactivated": "Your account was deactivated. Ask an admin to reactivate it.",
    "idle": "You were logged out after a while without activity. Log in to go on.",
    "expired": "Your login reached its time limit. Log in again to go on.",
    "unknown": "Your login has ended. Log in to go on.",
}


def ended_message(reason: str | None) -> str:
    return ENDED_MESSAGES.get(reason or "unknown", ENDED_MESSAGES["unknown"])


@dataclass(frozen=True)
class SessionPolicy:
    idle_seconds: int = 60 * 60
    lifetime_seconds: int = 12 * 60 * 60
    # `last_seen_at` is written at most this often, so a busy person costs one write a minute, not one
    # per click; the idle limit is therefore exact to within this many seconds.
    touch_seconds: int = 60
    ticket_seconds: int = 120

    @classmethod
    def from_settings(cls, settings: Settings) -> SessionPolicy:
        return cls(idle_seconds=settings.session_idle_minutes * 60,
                   lifetime_seconds=settings.session_max_hours * 3600)


def new_token() -> str:
    """A random, URL-safe secret (32 bytes); used for session tokens and login tickets alike."""
    return secrets.token_urlsafe(32)


def digest(token: str) -> str:
    """What the database keeps of a token or a ticket: its SHA-256, in hex."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_secret() -> str:
    return secrets.token_urlsafe(48)


def _mac(token: str, secret: str) -> str:
    mac = hmac.new(secret.encode(), token.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def sign(token: str, secret: str) -> str:
    """The cookie's value: `token.signature`."""
    return f"{token}.{_mac(token, secret)}"


def unsign(value: str | None, secret: str) -> str | None:
    """The token in a cookie value, or None when the value is missing, malformed or signed by another
    secret (compared in constant time)."""
    if not value or len(value) > 200 or value.count(".") != 1:
        return None
    token, mac = value.split(".")
    if not token or not hmac.compare_digest(mac, _mac(token, secret)):
        return None
    return token
