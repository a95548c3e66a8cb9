"""The one door to speech: speech-to-text and text-to-speech, offline or on an OpenAI-compatible
audio endpoint.

Only this module (for audio) and `trainer/llm.py` (for chat) import `openai`. Everything else talks to
a `SpeechToText` (`transcribe(wav, language)`) or a `TextToSpeech` (`speak(text, language, voice)`),
so tests and other code can pass a fake. `speech_to_text(settings)` and `text_to_speech(settings)`
choose the engine:

- with `TRAINER_SPEECH_BASE_URL` or `TRAINER_SPEECH_API_KEY` set: the endpoint's
  `/v1/audio/transcriptions` and `/v1/audio/speech` (OpenAI, or self-hosted servers such as Speaches
  or LocalAI), through the `openai` client, for every language the server's models know;
- otherwise the offline engines: PocketSphinx (its bundled US-English model, from PyPI) for
  speech-to-text in English, and the espeak-ng program for text-to-speech in English and Persian
  (and Chinese where espeak-ng was built with its Mandarin dictionary; Debian's is not).

Every call has a hard wall-clock deadline (`TRAINER_SPEECH_TIMEOUT_SECONDS`). Every failure comes out
as a `SpeechError` whose message says what to check: `SpeechUnavailable` when the engine cannot be
used at all (nothing for the language, the program missing, the endpoint unreachable or refusing the
key), `NoSpeech` when a recording holds nothing that could be made out. Callers catch `SpeechError`
and carry on in text.
"""

from __future__ import annotations

import queue
import shutil
import subprocess
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol, TypeVar

import openai

from trainer import languages
from trainer.config import Settings
from trainer.errors import NoSpeech, SpeechError, SpeechUnavailable
from trainer.voice.audio import RECOGNISER_RATE, Sound, pcm16, read_wav, speech_spans, wav_bytes

T = TypeVar("T")
MAX_REPLY_SECONDS = 180  # a spoken reply longer than this is refused (a reply is a few sentences)


@dataclass(frozen=True)
class Transcription:
    text: str
    language: str
    engine: str
    seconds: float | None = None  # the recording's length, when it could be read


@dataclass(frozen=True)
class Speech:
    audio: bytes
    mime: str  # "audio/wav" (the offline engine and what endpoints are asked for)
    engine: str
    seconds: float | None = None


class SpeechToText(Protocol):
    name: str

    def languages(self) -> frozenset[str] | None:
        """The languages it can transcribe (None: whatever the endpoint's model knows)."""
        ...

    def transcribe(self, audio: bytes, language: str) -> Transcription:
        """The words in a WAV recording; `NoSpeech` when there are none, `SpeechError` on any failure."""
        ...


class TextToSpeech(Protocol):
    name: str

    def languages(self) -> frozenset[str] | None: ...

    def speak(self, text: str, language: str, voice: str | None = None) -> Speech:
        """The text spoken, as WAV; `SpeechError` on any failure."""
        ...


# -- choosing -------------------------------------------------------------------------------------


def uses_endpoint(settings: Settings) -> bool:
    """An audio endpoint is used only when its URL or its key is set."""
    return bool(settings.speech_base_url or settings.speech_api_key.get_secret_value())


def speech_to_text(settings: Settings, *, client: Any = None) -> SpeechToText:
    if client is not None or uses_endpoint(settings):
        return OpenAITranscriber(client if client is not None else make_client(settings), settings.stt_model,
                                 deadline=settings.speech_timeout_seconds)
    return PocketSphinx(deadline=settings.speech_timeout_seconds)


def text_to_speech(settings: Settings, *, client: Any = None) -> TextToSpeech:
    if client is not None or uses_endpoint(settings):
        return OpenAISpeaker(client if client is not None else make_client(settings), settings.tts_model,
                             settings.tts_voice, deadline=settings.speech_timeout_seconds)
    return EspeakNG(settings.espeak, deadline=settings.speech_timeout_seconds)


def describe(settings: Settings) -> str:
    """One line for people: which engines, never the key."""
    if uses_endpoint(settings):
        where = settings.speech_base_url or "OpenAI's API"
        return (
            f"Voice calls use {where}: speech-to-text model {settings.stt_model!r}, text-to-speech model "
            f"{settings.tts_model!r} (voice {settings.tts_voice!r}), {settings.speech_timeout_seconds:g}s per call."
        )
    return ("Voice calls use the offline engines: PocketSphinx understands English replies; espeak-ng speaks "
            "the customer's lines. Set TRAINER_SPEECH_BASE_URL for other languages.")


def make_client(settings: Settings) -> Any:
    try:
        return openai.OpenAI(api_key=settings.speech_api_key.get_secret_value() or "not-needed",
                             base_url=settings.speech_base_url or None,
                             timeout=settings.speech_timeout_seconds, max_retries=0)
    except Exception as e:  # a malformed URL and the like
        raise SpeechUnavailable(f"Cannot set up the audio endpoint's client ({e}); check "
                                "TRAINER_SPEECH_BASE_URL.", "setup") from None


def within(deadline: float, work: Callable[[], T], late: str) -> T:
    """`work()` in a daemon thread, given up on after `deadline` seconds (`SpeechError` cause `timeout`);
    its exception, if any, raised here."""
    box: queue.Queue[tuple[bool, Any]] = queue.Queue(maxsize=1)

    def run() -> None:
        try:
            box.put((True, work()))
        except BaseException as e:  # handed to the caller
            box.put((False, e))

    threading.Thread(target=run, name="speech", daemon=True).start()
    try:
        ok, value = box.get(timeout=deadline)
    except queue.Empty:
        raise SpeechError(late, "timeout") from None
    if ok:
        return value
    raise value


def _check_language(engine: str, known_codes: frozenset[str] | None, language: str, what: str) -> None:
    if known_codes is not None and language not in known_codes:
        name = languages.name(language)
        known = ", ".join(languages.name(x) for x in sorted(known_codes)) or "no language"
        raise SpeechUnavailable(f"{engine} cannot {what} {name} (it knows {known}); set TRAINER_SPEECH_BASE_URL "
                                "to an audio endpoint that does, or answer in text.", "language")


def recording(audio: bytes) -> tuple[Sound, list[tuple[float, float]]]:
    """The recording and where its speech is; refused when it is unreadable, too long or holds no
    speech at all."""
    sound = read_wav(audio)
    if sound.seconds > MAX_REPLY_SECONDS:
        raise SpeechError(f"The recording lasts {sound.seconds:.0f} seconds; keep a spoken reply under "
                          f"{MAX_REPLY_SECONDS // 60} minutes (say the rest in the next one).", "too_long")
    spans = speech_spans(sound)
    if not spans:
        raise NoSpeech("Nothing could be heard in the recording (it is silent or too quiet). Check the "
                       "microphone and record the reply again, or type it.", "silent")
    return sound, spans


def trimmed(sound: Sound, spans: list[tuple[float, float]], margin: float = 0.3) -> Sound:
    """The sound from just before its first speech to just after its last (silence costs decoding time)."""
    start = max(0, int((spans[0][0] - margin) * sound.rate))
    end = min(len(sound.samples), int((spans[-1][1] + margin) * sound.rate))
    return Sound(sound.samples[start:end], sound.rate)


# -- offline --------------------------------------------------------------------------------------


class PocketSphinx:
    """Speech-to-text in US English with the model bundled in the `pocketsphinx` package. One decoder
    per process (loading it takes a fraction of a second), used by one reply at a time."""

    name = "PocketSphinx (offline)"
    _decoder: Any = None
    _cmn: str = ""  # the decoder's starting cepstral mean, put back before every recording
    _lock = threading.Lock()

    def __init__(self, deadline: float = 15.0):
        self.deadline = deadline

    def languages(self) -> frozenset[str]:
        return frozenset({"en"})

    @classmethod
    def decoder(cls) -> Any:
        if cls._decoder is None:
            try:
                from pocketsphinx import Decoder
            except ImportError:
                raise SpeechUnavailable("PocketSphinx is not installed; install the locked requirements "
                                        "(pip install -r requirements.lock).", "missing") from None
            # Without the second, flat-lexicon pass, and with fewer paths followed per frame: under half
            # the decoding time for about one more word wrong in a hundred (bench/README.md), so the
            # customer answers within the 1.5 s a phone call allows.
            cls._decoder = Decoder(samprate=RECOGNISER_RATE, loglevel="FATAL", fwdflat=False, maxhmmpf=3000,
                                   maxwpf=10)
            cls._cmn = cls._decoder.get_cmn()
        return cls._decoder

    def transcribe(self, audio: bytes, language: str) -> Transcription:
        _check_language(self.name, self.languages(), language, "transcribe")
        sound, spans = recording(audio)
        raw = pcm16(trimmed(sound, spans))

        def decode() -> str:
            with self._lock:
                d = self.decoder()
                # Each recording on its own: the decoder would otherwise carry what it learnt of the
                # last speaker's voice (anyone's, in a shared app) into this one, and the same audio
                # could be heard differently. So its noise estimate and cepstral mean start afresh.
                d.reinit_feat()
                d.set_cmn(self._cmn)
                d.start_utt()
                d.process_raw(raw, full_utt=True)
                d.end_utt()
                hyp = d.hyp()
                return hyp.hypstr if hyp is not None else ""

        text = within(self.deadline, decode, f"PocketSphinx took longer than {self.deadline:g}s to transcribe "
                      "the reply (TRAINER_SPEECH_TIMEOUT_SECONDS sets the limit); type it instead.")
        text = " ".join(text.split())
        if not text:
            raise NoSpeech("No words could be made out in the recording. Speak clearly, close to the "
                           "microphone, and record the reply again, or type it.", "unrecognised")
        return Transcription(text=text, language=language, engine=self.name, seconds=round(sound.seconds, 2))


class SpokenLines:
    """Lines already spoken, kept in memory up to `limit` bytes of audio (least recently heard go first).

    A cohort practising one scenario hears the same scripted lines: each is synthesised once per process
    instead of once per trainee. The key holds everything the sound depends on (program, voice, speed,
    the text); a hit returns the same `Speech`, which is immutable."""

    def __init__(self, limit: int = 32 * 1024 * 1024):
        self.limit = limit
        self._lines: OrderedDict[tuple, Speech] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: tuple) -> Speech | None:
        with self._lock:
            got = self._lines.get(key)
            if got is not None:
                self._lines.move_to_end(key)
            return got

    def put(self, key: tuple, speech: Speech) -> None:
        if len(speech.audio) > self.limit:
            return
        with self._lock:
            old = self._lines.pop(key, None)
            if old is not None:
                self._size -= len(old.audio)
            self._lines[key] = speech
            self._size += len(speech.audio)
            while self._size > self.limit:
                _, dropped = self._lines.popitem(last=False)
                self._size -= len(dropped.audio)

    def __len__(self) -> int:
        return len(self._lines)

    @property
    def size(self) -> int:
        return self._size


ESPEAK_VOICES = {"en": "en-us", "fa": "fa", "zh": "cmn"}
ESPEAK_PROBES = {"en": "hello", "fa": "سلام", "zh": "你好"}


class EspeakNG:
    """Text-to-speech through the espeak-ng program (`apt-get install espeak-ng`; Homebrew and the
    Windows installer have it too). The text goes in on standard input, never on the command line."""

    name = "espeak-ng (offline)"

    spoken = SpokenLines()  # shared by every instance in the process (the app builds one per page run)

    def __init__(self, program: str = "espeak-ng", *, deadline: float = 15.0, speed: int = 165):
        self.program, self.deadline, self.speed = program, deadline, speed

    def path(self) -> str:
        found = shutil.which(self.program)
        if not found:
            raise SpeechUnavailable(f"The espeak-ng program ({self.program!r}) was not found, so the customer "
                                    "cannot be heard. Install it (apt-get install espeak-ng), set TRAINER_ESPEAK "
                                    "to its path, or set TRAINER_SPEECH_BASE_URL.", "missing")
        return found

    def languages(self) -> frozenset[str]:
        return _espeak_languages(self.path())

    def speak(self, text: str, language: str, voice: str | None = None) -> Speech:
        program = self.path()
        _check_language(self.name, _espeak_languages(program), language, "speak")
        chosen = voice or ESPEAK_VOICES[language]
        if not chosen.replace("-", "").replace("+", "").replace("_", "").isalnum():
            raise SpeechError(f"The voice {chosen!r} is not an espeak-ng voice name (like en-us+f3).", "voice")
        line = " ".join(text.split())
        key = (program, chosen, self.speed, line)
        known = self.spoken.get(key)
        if known is not None:
            return known
        try:
            done = subprocess.run([program, "-v", chosen, "-s", str(self.speed), "--stdin", "--stdout"],
                                  input=line.encode("utf-8"), capture_output=True,
                                  timeout=self.deadline, check=False)
        except subprocess.TimeoutExpired:
            raise SpeechError(f"espeak-ng took longer than {self.deadline:g}s to speak the line.", "timeout") from None
        except OSError as e:
            raise SpeechUnavailable(f"espeak-ng could not be run ({e}); check TRAINER_ESPEAK.", "missing") from None
        if done.returncode != 0 or not done.stdout:
            said = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise SpeechError(f"espeak-ng failed ({said[-1] if said else f'exit code {done.returncode}'}); check "
                              f"that the voice {chosen!r} is installed (espeak-ng --voices).", "failed")
        sound = read_wav(done.stdout)  # its header, written to a pipe, has no length: write a proper one
        said = Speech(audio=wav_bytes(sound), mime="audio/wav", engine=self.name, seconds=round(sound.seconds, 2))
        self.spoken.put(key, said)
        return said


@cache
def _espeak_languages(program: str) -> frozenset[str]:
    """The languages this espeak-ng reads: Chinese only where it was built with the Mandarin
    dictionary (otherwise it spells the characters out in English, which is no customer's voice)."""
    known = set()
    for language, voice in ESPEAK_VOICES.items():
        try:
            done = subprocess.run([program, "-q", "-x", "-v", voice, "--stdin"], capture_output=True, timeout=10,
                                  input=ESPEAK_PROBES[language].encode("utf-8"), check=False)
        except (OSError, subprocess.TimeoutExpired):
            continue
        phonemes = done.stdout.decode("utf-8", "replace")
        if done.returncode == 0 and phonemes.strip() and "(en)" not in phonemes:
            known.add(language)
    return frozenset(known)


# -- an OpenAI-compatible audio endpoint ----------------------------------------------------------


class OpenAITranscriber:
    """`/v1/audio/transcriptions` on any OpenAI-compatible server."""

    def __init__(self, client: Any, model: str, *, deadline: float = 15.0):
        self.client, self.model, self.deadline = client, model, deadline
        self.name = f"{model} on {getattr(client, 'base_url', 'the audio endpoint')}"

    def languages(self) -> None:
        return None

    def transcribe(self, audio: bytes, language: str) -> Transcription:
        sound, _ = recording(audio)

        def ask() -> Any:
            return self.client.audio.transcriptions.create(
                model=self.model, file=("reply.wav", audio, "audio/wav"), language=language, response_format="json")

        try:
            answer = within(self.deadline, ask, self._late())
        except Exception as e:
            raise explain(e, self.model, self._late()) from None
        text = answer if isinstance(answer, str) else getattr(answer, "text", "")
        text = " ".join(str(text or "").split())
        if not text:
            raise NoSpeech("The audio endpoint made out no words in the recording. Speak clearly and record the "
                           "reply again, or type it.", "unrecognised")
        return Transcription(text=text, language=language, engine=self.name, seconds=round(sound.seconds, 2))

    def _late(self) -> str:
        return (f"The audio endpoint did not transcribe the reply within {self.deadline:g}s "
                "(TRAINER_SPEECH_TIMEOUT_SECONDS sets the limit).")


class OpenAISpeaker:
    """`/v1/audio/speech` on any OpenAI-compatible server, asked for WAV."""

    def __init__(self, client: Any, model: str, voice: str, *, deadline: float = 15.0):
        self.client, self.model, self.voice, self.deadline = client, model, voice, deadline
        self.name = f"{model} on {getattr(client, 'base_url', 'the audio endpoint')}"

    def languages(self) -> None:
        return None

    def speak(self, text: str, language: str, voice: str | None = None) -> Speech:
        def ask() -> bytes:
            answer = self.client.audio.speech.create(model=self.model, voice=voice or self.voice, input=text,
                                                     response_format="wav")
            return answer.read() if hasattr(answer, "read") else bytes(answer.content)

        late = f"The audio endpoint did not speak the line within {self.deadline:g}s."
        try:
            data = within(self.deadline, ask, late)
        except Exception as e:
            raise explain(e, self.model, late) from None
        if not data:
            raise SpeechError("The audio endpoint sent no audio for the customer's line.", "empty")
        try:
            seconds: float | None = round(read_wav(data).seconds, 2)
        except SpeechError:
            raise SpeechError("The audio endpoint did not send WAV audio as asked (response_format wav); check "
                              "TRAINER_TTS_MODEL names a speech model.", "unreadable") from None
        return Speech(audio=data, mime="audio/wav", engine=self.name, seconds=seconds)


def explain(e: BaseException, model: str, late: str) -> SpeechError:
    """Any failure of an endpoint call as a `SpeechError` saying what to check."""
    if isinstance(e, SpeechError):
        return e
    if isinstance(e, TimeoutError | openai.APITimeoutError):
        return SpeechError(late, "timeout")
    if isinstance(e, openai.AuthenticationError | openai.PermissionDeniedError):
        return SpeechUnavailable(f"The audio endpoint refused the API key (HTTP {e.status_code}); check "
                                 "TRAINER_SPEECH_API_KEY.", "key_refused")
    if isinstance(e, openai.NotFoundError):
        return SpeechUnavailable(f"The audio endpoint does not know model {model!r} or this route (HTTP 404); check "
                                 "TRAINER_STT_MODEL, TRAINER_TTS_MODEL and that TRAINER_SPEECH_BASE_URL ends in /v1.",
                                 "http_404")
    if isinstance(e, openai.APIStatusError):
        body = getattr(e, "body", None)
        said = body.get("error", body).get("message", "") if isinstance(body, dict) and isinstance(
            body.get("error", body), dict) else ""
        why = f": {' '.join(str(said).split())[:200]}" if said else ""
        return SpeechError(f"The audio endpoint failed (HTTP {e.status_code}{why}).", f"http_{e.status_code}")
    if isinstance(e, openai.APIConnectionError):
        return SpeechUnavailable("Cannot reach the audio endpoint; check TRAINER_SPEECH_BASE_URL and that the "
                                 "server is running.", "connection")
    return SpeechError(f"The speech call failed ({type(e).__name__}: {str(e)[:200]}).", "other")
