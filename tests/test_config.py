"""Settings: environment beats secrets.toml beats the default; every setting is in the README."""

from pathlib import Path

import pytest

from trainer.config import ROOT, SETTINGS, Settings, load_settings
from trainer.errors import ConfigError


def test_defaults_apply_without_environment_or_secrets(tmp_path):
    settings = load_settings(env={}, secrets_path=tmp_path / "none.toml")
    assert settings == Settings.defaults()
    assert settings.database_url.startswith("sqlite:///")


def test_environment_beats_secrets_file(tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('TRAINER_MAX_FILE_KB = 64\nTRAINER_LOGIN_MAX_FAILURES = 3\n')
    settings = load_settings(env={"TRAINER_MAX_FILE_KB": "128"}, secrets_path=secrets)
    assert settings.max_file_kb == 128
    assert settings.login_max_failures == 3


def test_bad_value_names_the_variable(tmp_path):
    with pytest.raises(ConfigError, match="TRAINER_MAX_FILE_KB"):
        load_settings(env={"TRAINER_MAX_FILE_KB": "lots"}, secrets_path=tmp_path / "none.toml")


def test_broken_secrets_file_is_a_clear_error(tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text("this is = = not toml")
    with pytest.raises(ConfigError, match="secrets.toml"):
        load_settings(env={}, secrets_path=secrets)


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.env)
def test_every_setting_is_documented_in_the_readme(setting):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`{setting.env}`" in readme, f"{setting.env} is missing from README.md's configuration table"


def test_root_is_the_repository():
    assert (ROOT / "trainer" / "config.py").is_file()
    assert Path(Settings.defaults().scenarios_dir) == ROOT / "scenarios"


def test_the_settings_fingerprint_holds_no_secret_and_follows_every_setting():
    settings = Settings.defaults(openai_api_key="sk-secret-fingerprint-123")
    digest = settings.fingerprint()
    assert "sk-secret" not in digest and len(digest) == 64
    assert digest == Settings.defaults(openai_api_key="sk-secret-fingerprint-123").fingerprint()
    assert digest != Settings.defaults(openai_api_key="sk-another-key").fingerprint()
    assert digest != settings.model_copy(update={"llm_model": "other"}).fingerprint()
    speech = Settings.defaults(speech_api_key="sk-speech-secret-456")
    assert "sk-speech" not in speech.fingerprint()
    assert speech.fingerprint() != Settings.defaults(speech_api_key="sk-speech-other").fingerprint()
    # the trap it replaces: settings read back from their JSON carry a masked key
    assert Settings.model_validate_json(settings.model_dump_json()).openai_api_key.get_secret_value() != \
        "sk-secret-fingerprint-123"
