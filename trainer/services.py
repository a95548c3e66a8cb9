"""The app's services, built in one place from `Settings`: scenario catalog, scorer, repository.

`streamlit_app.py` builds them once per process (cached) and hands them to every page; tests build a
`Services` with fakes (a temp database, a small catalog, a scripted scorer) and install it with
`install()`, so the app under test uses exactly what the test gave it.

The parts fail separately. A scenario library with broken files still yields a catalog
(`catalog.problems` lists what is wrong). A database that cannot be reached leaves `store` empty and
`store_error` saying what to check; the library and the scorer keep working.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from trainer import languages
from trainer.config import Settings
from trainer.errors import FrontlineError, LLMError, StoreError
from trainer.scenario.catalog import Catalog
from trainer.scoring.results import Scorer
from trainer.store import Repository, open_repository

if TYPE_CHECKING:
    from trainer.voice.speech import SpeechToText, TextToSpeech


@dataclass
class Services:
    settings: Settings
    catalog: Catalog
    scorer: Scorer
    store: Repository | None = None
    store_error: str | None = None
    extras: dict[str, object] = field(default_factory=dict)

    def speech(self) -> tuple[SpeechToText, TextToSpeech]:
        """The speech engines the settings choose (built once; a test puts fakes in `extras` under
        "stt" and "tts"). `SpeechError` when they cannot be set up."""
        from trainer.voice import speech

        if "stt" not in self.extras:
            self.extras["stt"] = speech.speech_to_text(self.settings)
        if "tts" not in self.extras:
            self.extras["tts"] = speech.text_to_speech(self.settings)
        return self.extras["stt"], self.extras["tts"]  # type: ignore[return-value]

    def voice_problem(self, language: str) -> str | None:
        """Why a call in `language` cannot be taken by voice here (None: it can)."""
        try:
            stt, tts = self.speech()
            hears, speaks = stt.languages(), tts.languages()
        except FrontlineError as e:
            return str(e)
        name = languages.name(language)
        if hears is not None and language not in hears:
            return (f"Spoken answers in {name} need an audio endpoint: the offline recogniser knows English only "
                    "(set TRAINER_SPEECH_BASE_URL).")
        if speaks is not None and language not in speaks:
            return (f"The customer cannot be heard in {name} offline here: espeak-ng has no {name} voice "
                    "(set TRAINER_SPEECH_BASE_URL).")
        return None

    def repository(self) -> Repository:
        """The repository, or a `StoreError` saying why the database is not available."""
        if self.store is None:
            raise StoreError(self.store_error or "The database is not available.")
        return self.store


def load_catalog(settings: Settings) -> Catalog:
    return Catalog.load(settings.scenarios_dir, max_file_bytes=settings.max_file_kb * 1024)


def prepare_scoring(catalog: Catalog) -> None:
    """Compile the phrase lists of every scenario's rubric in its language (about a second for the
    built-in library), so no trainee's first reply waits for it."""
    from trainer.scoring.rules import prepare

    for scenario in catalog.scenarios.values():
        prepare(catalog.rubric_for(scenario), scenario.language)


def make_scorer(settings: Settings) -> Scorer:
    """The LLM judge over the rule scorer when an LLM is configured, else the rule scorer. Settings
    the client cannot use (say, a malformed URL) leave the rule scorer in place; the admin's
    connection test says what is wrong."""
    from trainer.scoring import judge
    from trainer.scoring.rules import RuleScorer

    try:
        return judge.make_scorer(settings)
    except LLMError:
        return RuleScorer()


def open_store(settings: Settings) -> Repository:
    """The repository with its schema up to date; `StoreError` when the database cannot be used."""
    try:
        return open_repository(settings)
    except FrontlineError:
        raise
    except Exception as e:  # a driver error outside the repository's own translation
        raise StoreError(
            f"The database cannot be used ({type(e).__name__}: {e}). Check TRAINER_DATABASE_URL."
        ) from e


def build(settings: Settings, *, store: Callable[[Settings], Repository] = open_store) -> Services:
    """Everything, tolerating a database that is down (see the module docstring)."""
    catalog = load_catalog(settings)
    scorer = make_scorer(settings)
    try:
        repo, error = store(settings), None
    except StoreError as e:
        repo, error = None, str(e)
    return Services(settings=settings, catalog=catalog, scorer=scorer, store=repo, store_error=error)


class LibraryWatch:
    """Notices scenario saves made through another app process on the same database (replicas), so
    this process loads its library again and serves what the trainer saved.

    Each process holds its own copy of the library in memory. The Editor saves a file and reloads the
    library of the process that served the trainer; every save is also logged in the database. `stale`
    compares the newest save's id with the one this process has seen: at most one query per `every`
    seconds per process, whatever the number of browser sessions. It only helps where every process
    reads the same scenario folder (one machine, or a folder shared by the machines)."""

    def __init__(self, every: float = 5.0, clock: Callable[[], float] = time.monotonic):
        self.every = every
        self.clock = clock
        self.seen: int | None = None  # the newest save this process's library includes
        self._checked = -math.inf
        self._lock = threading.Lock()

    def stale(self, repo: Repository) -> bool:
        """True (once) when a save newer than the library has been made; the first call only notes where
        the database stands, as the library is loaded after it. A database that does not answer is
        asked again next time."""
        now = self.clock()
        with self._lock:
            if now - self._checked < self.every:
                return False
            self._checked = now
        try:
            latest = repo.studio.latest_save_id()
        except FrontlineError:
            return False
        with self._lock:
            stale = self.seen is not None and latest != self.seen
            self.seen = latest
        return stale

    def reloaded(self, repo: Repository | None) -> None:
        """This process is loading its library again itself (say, after its own save): every save so
        far is in the files it reads."""
        if repo is None:
            return
        try:
            latest = repo.studio.latest_save_id()
        except FrontlineError:
            return
        with self._lock:
            self.seen = latest


# -- the seam tests use ---------------------------------------------------------------------------

_installed: Services | None = None


def install(services: Services | None) -> None:
    """Make the app use these services instead of building its own (None: build again)."""
    global _installed
    _installed = services


def installed() -> Services | None:
    return _installed


@contextmanager
def using(services: Services) -> Iterator[Services]:
    previous = _installed
    install(services)
    try:
        yield services
    finally:
        install(previous)
