"""Settings: each declared once with its default and a help line, read only by the entry points.

The app (`streamlit_app.py`) and the CLI call `load_settings()`; everything else receives a `Settings`
through its constructor. A value comes from the environment first, then from `.streamlit/secrets.toml`
(top-level keys, same names), then the default. `tests/test_config.py` checks that every setting is
documented in the README.
"""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from trainer.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    env: str
    field: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("TRAINER_SCENARIOS_DIR", "scenarios_dir", str(ROOT / "scenarios"),
            "folder of scenario and rubric YAML files (the built-in library)"),
    Setting("TRAINER_DATABASE_URL", "database_url", f"sqlite:///{ROOT / 'data' / 'frontline.db'}",
            "SQLAlchemy URL: an SQLite file, or postgresql+psycopg://user@host/db"),
    Setting("TRAINER_MAX_FILE_KB", "max_file_kb", "256",
            "largest scenario or rubric file the loader reads, in KiB"),
    Setting("TRAINER_LOGIN_MAX_FAILURES", "login_max_failures", "5",
            "failed logins in a row before an account is locked for a while"),
    Setting("TRAINER_LOGIN_LOCK_SECONDS", "login_lock_seconds", "300",
            "how long a locked account waits before it may try again"),
    Setting("TRAINER_LOGIN_MAX_FAILURES_PER_ADDRESS", "login_max_failures_per_address", "30",
            "failed logins from one network address within TRAINER_LOGIN_LOCK_SECONDS before it must wait "
            "(0: no limit)"),
    Setting("TRAINER_TRUSTED_PROXIES", "trusted_proxies", "",
            "comma-separated addresses or networks of reverse proxies whose X-Forwarded-For names the client"),
    Setting("TRAINER_MAX_CALLS_AT_ONCE", "max_calls_at_once", "2",
            "replies or call starts one person may have the server working on at once, across tabs"),
    Setting("TRAINER_MAX_UPLOAD_KB", "max_upload_kb", "2048",
            "largest file the app takes in an upload (calibration replies), in KiB"),
    Setting("TRAINER_SESSION_IDLE_MINUTES", "session_idle_minutes", "60",
            "minutes without any action after which a login ends (the next action asks to log in)"),
    Setting("TRAINER_SESSION_MAX_HOURS", "session_max_hours", "12",
            "hours after which a login ends however active the person is"),
    Setting("TRAINER_SESSION_SECRET", "session_secret", "",
            "key that signs the login cookie; empty: one is generated and kept in the database"),
    Setting("TRAINER_LRS_USER", "lrs_user", "",
            "user name for `export --push` to a learning record store, when the URL holds none"),
    Setting("TRAINER_LRS_PASSWORD", "lrs_password", "",
            "password for `export --push`, when the URL holds none"),
    Setting("OPENAI_API_KEY", "openai_api_key", "",
            "API key for the LLM endpoint; leave empty for a local server that needs none"),
    Setting("OPENAI_BASE_URL", "openai_base_url", "",
            "OpenAI-compatible endpoint, e.g. http://localhost:11434/v1 (empty: OpenAI's own API)"),
    Setting("TRAINER_LLM_MODEL", "llm_model", "gpt-4o-mini",
            "model for generated customers and scenario drafting"),
    Setting("TRAINER_JUDGE_MODEL", "judge_model", "",
            "model for the LLM judge (empty: the same as TRAINER_LLM_MODEL)"),
    Setting("TRAINER_LLM_TIMEOUT_SECONDS", "llm_timeout_seconds", "20",
            "hard limit on one LLM call in seconds, retries included; then the app falls back"),
    Setting("TRAINER_LLM_RETRIES", "llm_retries", "1",
            "times a failed LLM request (connection error, 429, 5xx) is retried within that limit"),
    Setting("TRAINER_LLM_CONTEXT_TOKENS", "llm_context_tokens", "4096",
            "the model server's context size in tokens; prompts and answer budgets are cut to fit it"),
    Setting("TRAINER_SPEECH_BASE_URL", "speech_base_url", "",
            "OpenAI-compatible audio endpoint for speech-to-text and text-to-speech, e.g. "
            "http://localhost:8000/v1 (Speaches, LocalAI); empty: the offline engines (PocketSphinx, espeak-ng)"),
    Setting("TRAINER_SPEECH_API_KEY", "speech_api_key", "",
            "API key for that audio endpoint (a key alone means OpenAI's own API); empty for a local server"),
    Setting("TRAINER_STT_MODEL", "stt_model", "whisper-1",
            "speech-to-text model on the audio endpoint"),
    Setting("TRAINER_TTS_MODEL", "tts_model", "tts-1",
            "text-to-speech model on the audio endpoint"),
    Setting("TRAINER_TTS_VOICE", "tts_voice", "alloy",
            "the endpoint's voice for customers whose persona names none"),
    Setting("TRAINER_SPEECH_TIMEOUT_SECONDS", "speech_timeout_seconds", "15",
            "hard limit on one transcription or synthesis in seconds; then the call goes on in text"),
    Setting("TRAINER_ESPEAK", "espeak", "espeak-ng",
            "the espeak-ng program for offline text-to-speech (a name on PATH or a full path)"),
    Setting("TRAINER_RECORDING_RETENTION_DAYS", "recording_retention_days", "90",
            "days a trainee's recorded replies are kept; `recordings purge` deletes older ones (0: none kept)"),
)


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    scenarios_dir: Path
    database_url: str
    max_file_kb: int
    login_max_failures: int
    login_lock_seconds: int
    login_max_failures_per_address: int = Field(30, ge=0, le=1_000_000)
    trusted_proxies: str = ""
    max_calls_at_once: int = Field(2, ge=1, le=100)
    max_upload_kb: int = Field(2048, ge=1, le=1024 * 1024)
    session_idle_minutes: int = Field(60, ge=1, le=7 * 24 * 60)
    session_max_hours: int = Field(12, ge=1, le=24 * 90)
    session_secret: SecretStr = SecretStr("")
    lrs_user: str = ""
    lrs_password: SecretStr = SecretStr("")
    # The LLM is optional: it is used only when a key or an endpoint is set (see `trainer.llm`).
    openai_api_key: SecretStr = SecretStr("")
    openai_base_url: str = ""
    llm_model: str = "gpt-4o-mini"
    judge_model: str = ""
    llm_timeout_seconds: float = Field(20.0, gt=0, le=600)
    llm_retries: int = Field(1, ge=0, le=10)
    llm_context_tokens: int = Field(4096, ge=1024, le=2_000_000)
    # Voice calls (see `trainer.voice.speech`): offline engines unless an audio endpoint is set.
    speech_base_url: str = ""
    speech_api_key: SecretStr = SecretStr("")
    stt_model: str = "whisper-1"
    tts_model: str = "tts-1"
    tts_voice: str = "alloy"
    speech_timeout_seconds: float = Field(15.0, gt=0, le=600)
    espeak: str = "espeak-ng"
    recording_retention_days: int = Field(90, ge=0, le=36500)

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies_are_addresses(cls, value: str) -> str:
        import ipaddress

        for item in filter(None, (v.strip() for v in value.split(","))):
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise ValueError(f"{item!r} is not an IP address or network (e.g. 10.0.0.5 or 10.0.0.0/24)") from None
        return value

    def fingerprint(self) -> str:
        """A digest that changes when any setting does, for keying caches of what is built from the
        settings. It holds no secret: every key and password enters only as their own
        SHA-256, and `model_dump_json()` is no substitute (pydantic writes a key as `**********`, so
        settings read back from it would send a masked key)."""
        values = self.model_dump(mode="json")
        for secret, value in self:
            if isinstance(value, SecretStr):
                values[secret] = hashlib.sha256(value.get_secret_value().encode()).hexdigest()
        return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()

    @classmethod
    def defaults(cls, **overrides: object) -> Settings:
        values: dict[str, object] = {s.field: s.default for s in SETTINGS}
        values.update(overrides)
        return cls.model_validate(values)


def read_secrets(path: Path) -> Mapping[str, object]:
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"{path}: cannot read settings: {e}") from None


def load_settings(env: Mapping[str, str] | None = None, secrets_path: Path | None = None) -> Settings:
    env = os.environ if env is None else env
    secrets = read_secrets(secrets_path or Path.cwd() / ".streamlit" / "secrets.toml")
    values: dict[str, object] = {}
    for s in SETTINGS:
        if s.env in env:
            values[s.field] = env[s.env]
        elif s.env in secrets:
            values[s.field] = secrets[s.env]
        else:
            values[s.field] = s.default
    try:
        return Settings.model_validate(values)
    except ValidationError as e:
        by_field = {s.field: s.env for s in SETTINGS}
        msgs = [f"{by_field.get(str(err['loc'][0]), err['loc'][0])}: {err['msg']}" for err in e.errors()]
        raise ConfigError("Invalid setting: " + "; ".join(msgs)) from None
