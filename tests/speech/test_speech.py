"""The speech seam: the offline engines, and the OpenAI audio API through the real `openai` client
against the strict fake server, with every failure a `SpeechError` that says what to check."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from tests.plugins.llm import Slow, Status, tone_wav
from tests.plugins.speech import silence
from trainer.config import Settings
from trainer.errors import NoSpeech, SpeechError, SpeechUnavailable
from trainer.voice.audio import read_wav
from trainer.voice.speech import (
    EspeakNG,
    OpenAISpeaker,
    OpenAITranscriber,
    PocketSphinx,
    Speech,
    SpokenLines,
    describe,
    speech_to_text,
    text_to_speech,
)


def test_without_an_endpoint_the_engines_are_offline():
    settings = Settings.defaults()
    assert isinstance(speech_to_text(settings), PocketSphinx)
    assert isinstance(text_to_speech(settings), EspeakNG)
    assert "offline" in describe(settings)


def test_with_an_endpoint_both_directions_use_it_and_the_key_is_never_described(speech_settings):
    assert isinstance(speech_to_text(speech_settings), OpenAITranscriber)
    assert isinstance(text_to_speech(speech_settings), OpenAISpeaker)
    line = describe(speech_settings)
    assert speech_settings.speech_base_url in line and "test-stt" in line
    assert speech_settings.speech_api_key.get_secret_value() not in line


def test_transcription_sends_a_multipart_wav_with_the_model_and_language(llm_server, speech_settings):
    llm_server.heard = "I'm sorry about the wait, I will call you back by five."
    audio = tone_wav(1.0)
    got = speech_to_text(speech_settings).transcribe(audio, "fa")
    assert got.text == "I'm sorry about the wait, I will call you back by five."
    assert got.language == "fa" and got.seconds == 1.0
    (request,) = llm_server.audio
    assert request["route"] == "transcriptions"
    assert request["fields"]["model"] == "test-stt" and request["fields"]["language"] == "fa"
    assert request["filename"] == "reply.wav" and request["content_type"] == "audio/wav"
    assert request["file"] == audio
    assert llm_server.headers[-1]["authorization"] == f"Bearer {llm_server.api_key}"


def test_speech_asks_for_wav_in_the_voice_given(llm_server, speech_settings):
    llm_server.speech_seconds = 0.75
    spoken = text_to_speech(speech_settings).speak("Finally! A real person.", "en", voice="nova")
    assert spoken.mime == "audio/wav" and spoken.seconds == 0.75
    assert read_wav(spoken.audio).seconds == 0.75
    (request,) = llm_server.audio
    assert request == {"route": "speech", "model": "test-tts", "voice": "nova", "input": "Finally! A real person.",
                       "response_format": "wav"}
    text_to_speech(speech_settings).speak("Hello.", "en")
    assert llm_server.audio[-1]["voice"] == "test-voice"  # the setting, when the persona names none


def post(url: str, body: bytes, kind: str, key: str) -> tuple[int, str]:
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": kind, "Authorization": f"Bearer {key}"})
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())["error"]["message"]


def multipart(fields: dict[str, str], file: bytes | None) -> tuple[bytes, str]:
    lines = []
    for name, value in fields.items():
        lines += [b"--B", f'Content-Disposition: form-data; name="{name}"'.encode(), b"", value.encode()]
    if file is not None:
        lines += [b"--B", b'Content-Disposition: form-data; name="file"; filename="a.wav"',
                  b"Content-Type: audio/wav", b"", file]
    return b"\r\n".join([*lines, b"--B--", b""]), "multipart/form-data; boundary=B"


def test_the_fake_server_refuses_what_openai_would(llm_server):
    url, key = llm_server.url, llm_server.api_key
    code, said = post(f"{url}/audio/transcriptions", b'{"model": "m"}', "application/json", key)
    assert code == 400 and "multipart" in said
    code, said = post(f"{url}/audio/transcriptions", *multipart({}, tone_wav(0.1)), key)
    assert code == 400 and "model" in said
    code, said = post(f"{url}/audio/transcriptions", *multipart({"model": "m"}, None), key)
    assert code == 400 and "file" in said
    code, said = post(f"{url}/audio/transcriptions", *multipart({"model": "m"}, b"hello"), key)
    assert code == 400 and "file format" in said
    code, said = post(f"{url}/audio/transcriptions", *multipart({"model": "m", "colour": "red"}, tone_wav(0.1)), key)
    assert code == 400 and "colour" in said
    code, said = post(f"{url}/audio/speech", b'{"model": "m", "voice": "v", "input": "x", "colour": "red"}',
                      "application/json", key)
    assert code == 400 and "colour" in said
    code, said = post(f"{url}/audio/speech", b'{"model": "m", "input": "x"}', "application/json", key)
    assert code == 400 and "voice" in said
    code, _ = post(f"{url}/audio/speech", b'{"model": "m", "voice": "v", "input": "x"}', "application/json", "nope")
    assert code == 401
    assert llm_server.audio == []
    code, _ = post(f"{url}/audio/transcriptions", *multipart({"model": "m"}, tone_wav(0.1)), key)
    assert code == 200 and len(llm_server.audio) == 1


def test_a_refused_key_is_unavailable_and_names_the_setting(llm_server, speech_settings):
    settings = speech_settings.model_copy(update={"speech_api_key": type(speech_settings.speech_api_key)("wrong")})
    with pytest.raises(SpeechUnavailable, match="TRAINER_SPEECH_API_KEY"):
        speech_to_text(settings).transcribe(tone_wav(0.5), "en")


def test_a_server_error_is_a_speech_error_with_its_status(llm_server, speech_settings):
    llm_server.script(Status(503, "overloaded"))
    with pytest.raises(SpeechError, match="HTTP 503") as caught:
        text_to_speech(speech_settings).speak("Hello.", "en")
    assert caught.value.cause == "http_503" and not isinstance(caught.value, SpeechUnavailable)


def test_a_slow_endpoint_is_given_up_on_at_the_deadline(llm_server, speech_settings):
    llm_server.script(Slow(10))
    settings = speech_settings.model_copy(update={"speech_timeout_seconds": 0.5})
    with pytest.raises(SpeechError, match="within 0.5s") as caught:
        speech_to_text(settings).transcribe(tone_wav(0.5), "en")
    assert caught.value.cause == "timeout"


def test_an_endpoint_that_is_down_is_unavailable(llm_server, speech_settings):
    llm_server.stop()
    with pytest.raises(SpeechUnavailable, match="TRAINER_SPEECH_BASE_URL"):
        text_to_speech(speech_settings).speak("Hello.", "en")


def test_an_empty_transcript_is_no_speech(llm_server, speech_settings):
    llm_server.heard = "  "
    with pytest.raises(NoSpeech):
        speech_to_text(speech_settings).transcribe(tone_wav(0.5), "en")


def test_a_silent_or_unreadable_recording_never_reaches_the_endpoint(llm_server, speech_settings):
    engine = speech_to_text(speech_settings)
    with pytest.raises(NoSpeech, match="Nothing could be heard"):
        engine.transcribe(silence(2.0), "en")
    with pytest.raises(SpeechError, match="WAV") as caught:
        engine.transcribe(b"not audio at all", "en")
    assert caught.value.cause == "unreadable"
    assert llm_server.audio == []


def test_offline_speech_to_text_is_english_only_and_says_what_to_do():
    with pytest.raises(SpeechUnavailable, match="TRAINER_SPEECH_BASE_URL") as caught:
        PocketSphinx().transcribe(tone_wav(0.5), "fa")
    assert "Persian" in str(caught.value)


def test_a_missing_espeak_is_unavailable_and_says_how_to_install_it():
    with pytest.raises(SpeechUnavailable, match="apt-get install espeak-ng"):
        EspeakNG("espeak-ng-not-installed-here").speak("Hello.", "en")


def test_espeak_speaks_english_and_persian_as_wav(espeak):
    for text, language in (("Twenty minutes on hold!", "en"), ("بیست دقیقه پشت خط بودم!", "fa")):
        spoken = espeak.speak(text, language)
        assert spoken.mime == "audio/wav" and spoken.seconds and spoken.seconds > 0.5
        assert read_wav(spoken.audio).seconds == pytest.approx(spoken.seconds, abs=0.01)


def test_espeak_refuses_a_voice_name_that_is_not_one(espeak):
    with pytest.raises(SpeechError, match="not an espeak-ng voice"):
        espeak.speak("Hello.", "en", voice="en; rm -rf /")


def test_text_starting_with_a_dash_is_spoken_not_read_as_an_option(espeak):
    assert espeak.speak("--version please", "en").seconds > 0.3


def test_a_line_spoken_once_is_not_synthesised_again_in_the_process(espeak, monkeypatch):
    """A cohort hears the same scripted lines: the second trainee's customer does not run espeak-ng again."""
    import subprocess

    line = "Do you know how long I have been waiting on this line today?"
    first = espeak.speak(line, "en")
    runs = []
    real = subprocess.run
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: runs.append(a) or real(*a, **k))
    spaced = "  Do you know how long I have been waiting on this\nline today?"
    again = EspeakNG(espeak.program, speed=espeak.speed).speak(spaced, "en")
    assert again == first and runs == []
    other = espeak.speak(line + " Hello?", "en")  # another text is spoken anew
    assert other.audio != first.audio and len(runs) == 1
    EspeakNG(espeak.program, speed=espeak.speed + 20).speak(line, "en")  # so is another speed
    assert len(runs) == 2


def test_the_spoken_lines_are_bounded_by_the_bytes_they_hold():
    lines = SpokenLines(limit=1000)
    for i in range(5):
        lines.put(("k", i), Speech(audio=bytes(300), mime="audio/wav", engine="test"))
    assert lines.size <= 1000 and len(lines) == 3
    assert lines.get(("k", 0)) is None and lines.get(("k", 4)) is not None
    lines.get(("k", 2))  # heard again: the last to go
    lines.put(("k", 5), Speech(audio=bytes(300), mime="audio/wav", engine="test"))
    assert lines.get(("k", 2)) is not None and lines.get(("k", 3)) is None
    lines.put(("big",), Speech(audio=bytes(2000), mime="audio/wav", engine="test"))  # larger than the limit
    assert lines.get(("big",)) is None and len(lines) == 3
