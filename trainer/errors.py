"""Every error Frontline raises on purpose, in one tree.

    FrontlineError                 base: a message meant for a person, saying what to do next
    ├── ConfigError                a setting is missing or malformed
    ├── ScenarioError              scenario or rubric files could not be used
    │   ├── LoadError              one or more `path:line: dotted.loc: message` problems (`.problems`)
    │   └── UnknownIdError         an id that is not in the library (`.suggestions` holds close matches)
    ├── SessionError               a reply was given to a session that cannot take it (ended, restored
    │                              against another scenario version)
    ├── ScoringError               a rubric cannot score (bad rubric, unknown criterion)
    ├── StoreError                 the database cannot be reached or refused a write
    │   └── NotAllowedError        the caller's role does not permit this read or write
    ├── AuthError                  wrong credentials, locked account, unknown user, too many failed
    │                              logins from one address
    ├── LimitError                 a limit that protects the server: too many calls at once for one
    │                              person, a file too large
    ├── LLMError                   the language-model endpoint failed, timed out or answered garbage
    │   └── LLMUnavailable         it cannot be used at all for now: unreachable, key refused, model
    │                              unknown (a slow or odd answer costs one call; this costs the session)
    └── SpeechError                speech-to-text or text-to-speech failed: an engine missing, an
        │                          endpoint down, slow or refusing, audio that cannot be read
        ├── SpeechUnavailable      it cannot be used at all for now (no engine for the language, the
        │                          binary missing, endpoint unreachable or key refused)
        └── NoSpeech               the recording holds no words that could be made out (silent,
                                   too short, or not speech)

Pages show a `FrontlineError` with `st.error(str(err))`; anything else is a bug and is shown as one.
"""

from __future__ import annotations

from dataclasses import dataclass


class FrontlineError(Exception):
    """Base class: `str(err)` is a complete sentence a user can act on."""


class ConfigError(FrontlineError):
    pass


class ScenarioError(FrontlineError):
    pass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file: rendered as `path:line: loc: message`."""

    path: str
    line: int
    loc: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.loc}: {self.message}" if self.loc else f"{where}: {self.message}"


class LoadError(ScenarioError):
    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class UnknownIdError(ScenarioError):
    def __init__(self, kind: str, wanted: str, suggestions: list[str]):
        self.kind, self.wanted, self.suggestions = kind, wanted, suggestions
        hint = f" Did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        super().__init__(f"No {kind} with id {wanted!r}.{hint}")


class SessionError(FrontlineError):
    pass


class ScoringError(FrontlineError):
    pass


class StoreError(FrontlineError):
    pass


class NotAllowedError(StoreError):
    pass


class AuthError(FrontlineError):
    pass


class LimitError(FrontlineError):
    pass


class LLMError(FrontlineError):
    """`cause`: a short word for counting failures by kind (timeout, http_400, connection, ...)."""

    def __init__(self, message: str, cause: str = "error"):
        super().__init__(message)
        self.cause = cause


class LLMUnavailable(LLMError):
    pass


class SpeechError(FrontlineError):
    """`cause`: a short word for counting failures by kind (timeout, http_500, unreadable, ...)."""

    def __init__(self, message: str, cause: str = "error"):
        super().__init__(message)
        self.cause = cause


class SpeechUnavailable(SpeechError):
    pass


class NoSpeech(SpeechError):
    pass
