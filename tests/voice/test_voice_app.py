"""Voice mode in the Practice page under `AppTest`: the default for phone calls, the customer's line
as an autoplaying audio element, a recorded reply written down (correctable in practice mode, sent as
heard in assessment mode), scored and saved with its timing and recording; the scorecard shows how
it sounded with a player; every speech failure leaves the call going on in text, with the notice
saved with the next reply. Fake engines stand in for speech here, except in one real offline call."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest

from tests.app.drive import PASSWORD, chat, log_in, ok, open_page, plain, press, say, start
from tests.plugins.llm import tone_wav
from trainer.errors import NoSpeech, SpeechError, SpeechUnavailable
from trainer.voice.speech import Speech, Transcription
from trainer.voice.timing import VoiceTiming

APOLOGY = "I understand how frustrating that is, and I'm sorry about the wait."
PLAN = "I'll book the courier and call you back by 5 pm today."


@dataclass
class FakeEars:
    heard: list[str | Exception] = field(default_factory=list)
    name: str = "fake ears"

    def languages(self):
        return None

    def transcribe(self, audio: bytes, language: str) -> Transcription:
        said = self.heard.pop(0)
        if isinstance(said, Exception):
            raise said
        return Transcription(text=said, language=language, engine=self.name, seconds=1.0)


@dataclass
class FakeMouth:
    broken: Exception | None = None
    said: list[str] = field(default_factory=list)
    name: str = "fake mouth"

    def languages(self):
        return None

    def speak(self, text: str, language: str, voice: str | None = None) -> Speech:
        if self.broken is not None:
            raise self.broken
        self.said.append(text)
        return Speech(audio=tone_wav(1.0), mime="audio/wav", engine=self.name, seconds=1.0)


@pytest.fixture
def ana(app_repo):
    return app_repo.accounts.create_user("ana@example.com", "Ana", "trainee", PASSWORD, team="North")


@pytest.fixture
def speech(app_services):
    ears, mouth = FakeEars(), FakeMouth()
    app_services.extras.update(stt=ears, tts=mouth)
    return ears, mouth


@pytest.fixture
def logged_in(app, ana, speech):
    return log_in(ok(app().run()), "ana@example.com")


def record(at, audio: bytes | None = None):
    at.audio_input[0].set_value(("reply.wav", audio or tone_wav(2.0), "audio/wav"))
    return ok(at.run())


def audios(at) -> list[str]:
    """The page's own players (the customer's voice, the hold music), as the HTML sent to the page."""
    return [h.proto.body for h in at.get("html") if 'class="fl-voice"' in h.proto.body]


def autoplays(body: str) -> bool:
    return 'data-autoplay="1"' in body


def test_a_phone_call_is_a_voice_call_by_default_with_the_customer_heard(logged_in, speech):
    _, mouth = speech
    assert logged_in.radio(key="answer_mode_phone").value == "voice"
    at = start(logged_in, "app-hold")
    assert mouth.said == ["I have been on hold for twenty minutes! This is Dana."]
    (player,) = audios(at)
    # the page gets the audio's address in Streamlit's media store, not the sound inlined in every run
    assert autoplays(player) and re.search(r'src="[^"]*/media/[0-9a-f]+\.wav"', player), player[:300]
    assert "base64" not in player
    assert at.audio_input, "the microphone is there"
    assert chat(at) == [("assistant", "I have been on hold for twenty minutes! This is Dana.")]  # the captions


def test_practice_mode_shows_what_was_heard_to_correct_before_sending(logged_in, speech, app_repo, ana):
    ears, _ = speech
    ears.heard = ["I understand how frustrating that is and I'm sorry about the weight."]
    at = record(start(logged_in, "app-hold"))
    (box,) = at.text_area
    assert box.value.endswith("about the weight.")
    assert len(chat(at)) == 1, "nothing is sent before the trainee checks it"
    box.input(APOLOGY)
    at = press(at, "Send this reply")
    assert chat(at)[1] == ("user", APOLOGY) and chat(at)[2] == ("assistant", "Fine. So what happens now?")
    saved = app_repo.attempts.resumable_attempt(ana)
    timing = VoiceTiming.model_validate(saved.turns[1].voice)
    assert timing.recording_seconds == 2.0 and timing.customer_seconds == 1.0 and timing.engine == "fake ears"
    assert [r.turn_index for r in app_repo.recordings.recordings(ana, saved.attempt.id)] == [1]


def test_assessment_mode_sends_what_was_heard_and_the_scorecard_shows_how_it_sounded(logged_in, speech, app_repo, ana):
    ears, _ = speech
    ears.heard = [APOLOGY, PLAN]
    at = start(logged_in, "app-hold", mode="assessment")
    at = record(at)
    assert chat(at)[1] == ("user", APOLOGY), "sent as heard, no correction in an assessment"
    at = record(at)
    assert chat(at)[-1] == ("assistant", "Okay, thank you. Bye.")
    (table,) = [d for d in at.dataframe if "Silence before" in d.value.columns]
    assert list(table.value["Reply"]) == ["Reply 1", "Reply 2"]
    assert len(list(at.get("audio"))) == 2, "each recorded reply can be heard again"
    assert [b.label for b in at.get("download_button")].count("Download") == 2
    rows = "\n".join(h.proto.body for h in at.get("html"))
    assert "No dead air" in rows and "Speaks at an easy pace" in rows


def test_silent_audio_moves_the_call_to_text_and_the_notice_is_saved_with_the_next_reply(logged_in, speech, app_repo,
                                                                                        ana):
    ears, _ = speech
    ears.heard = [NoSpeech("Nothing could be heard in the recording (it is silent or too quiet).", "silent")]
    at = record(start(logged_in, "app-hold"))
    warning = " ".join(plain(w.value) for w in at.warning)
    assert "Nothing could be heard" in warning and "goes on in text" in warning
    assert not at.audio_input and not audios(at), "text from here on"
    at = say(at, APOLOGY)
    assert chat(at)[1] == ("user", APOLOGY)
    saved = app_repo.attempts.resumable_attempt(ana)
    assert saved.turns[1].notice == ("Answered in text: Nothing could be heard in the recording (it is "
                                     "silent or too quiet).")
    assert saved.turns[1].voice is None, "a typed reply has no timing"
    assert any("Answered in text" in plain(w.value) for w in at.warning), "shown with the reply"
    at = say(at, PLAN)  # the notice goes with one reply only
    assert app_repo.attempts.get_attempt(ana, saved.attempt.id).turns[3].notice is None


def test_an_endpoint_that_is_down_moves_the_call_to_text(logged_in, speech):
    ears, _ = speech
    ears.heard = [SpeechUnavailable("Cannot reach the audio endpoint; check TRAINER_SPEECH_BASE_URL.", "connection")]
    at = record(start(logged_in, "app-hold"))
    assert any("Cannot reach the audio endpoint" in plain(w.value) for w in at.warning)
    assert not at.audio_input and at.chat_input(key="reply")


def test_a_customer_that_cannot_be_heard_moves_the_call_to_text(logged_in, speech):
    _, mouth = speech
    mouth.broken = SpeechError("espeak-ng failed (no voice).", "failed")
    at = start(logged_in, "app-hold")
    assert any("The customer's voice is not available" in plain(w.value) for w in at.warning)
    assert not at.audio_input and not audios(at)


def test_no_microphone_the_trainee_switches_to_text(logged_in):
    at = press(start(logged_in, "app-hold"), "Answer in text instead")
    assert not at.audio_input and any("You switched to text." in plain(w.value) for w in at.warning)


def test_typing_stays_possible_in_a_voice_call_and_a_typed_reply_has_no_voice_scores(logged_in, app_repo, ana):
    at = say(start(logged_in, "app-hold"), APOLOGY)
    saved = app_repo.attempts.resumable_attempt(ana)
    assert saved.turns[1].voice is None and "dead_air" not in saved.turns[1].criteria["criteria"]
    assert at.audio_input, "the microphone is still there for the next reply"


def test_text_mode_has_no_audio(logged_in, speech):
    logged_in.radio(key="answer_mode_phone").set_value("text")
    at = start(logged_in, "app-hold")
    assert not audios(at) and not at.audio_input and speech[1].said == []


def test_persian_needs_an_endpoint_to_answer_by_voice_offline(app, ana):
    at = log_in(ok(app().run()), "ana@example.com")
    at.selectbox(key="scenario_choice").select("app-fa")
    at = ok(at.run())
    assert any("need an audio endpoint" in plain(c.value) for c in at.caption)
    assert "answer_mode_phone" not in [r.key for r in at.radio], "voice is not offered"
    at = press(at, "Start the call")
    assert not at.audio_input


def test_the_hold_music_plays_while_on_hold(logged_in):
    at = start(logged_in, "app-hold")
    at.text_input(key="hold_asked").input("May I put you on hold for two minutes?")
    at = press(at, "Put on hold")
    (music,) = audios(at)  # the customer says nothing while on hold
    assert " loop " in music.replace("\n", " ") and autoplays(music)
    assert not at.audio_input, "no recording while the customer is on hold"


def test_a_real_offline_voice_call(app, ana, say_offline):
    """espeak-ng speaks the customer and the reply; PocketSphinx writes the reply down."""
    at = start(log_in(ok(app().run()), "ana@example.com"), "app-hold", mode="assessment")
    assert audios(at)
    at = record(at, say_offline("I am so sorry about the wait, I understand how frustrating that is."))
    trainee = chat(at)[1]
    assert trainee[0] == "user" and "sorry" in trainee[1] and "frustrating" in trainee[1], trainee


def test_the_manager_hears_the_recordings_but_only_the_trainee_downloads_them(app, app_repo, ana, speech):
    ears, _ = speech
    ears.heard = [APOLOGY, PLAN]
    app_repo.accounts.create_user("nora@example.com", "Nora", "manager", PASSWORD, team="North")
    app_repo.accounts.create_user("sam@example.com", "Sam", "manager", PASSWORD, team="South")
    at = start(log_in(ok(app().run()), "ana@example.com"), "app-hold", mode="assessment")
    at = record(record(at))
    assert chat(at)[-1] == ("assistant", "Okay, thank you. Bye.")
    [attempt] = app_repo.attempts.list_attempts(ana, user_id=ana.id).items

    def attempt_page(email: str):
        page = open_page(log_in(ok(app().run()), email), "pages/team.py")
        page.selectbox(key="person_choice").set_value(ana.id)
        page = ok(page.run())
        page.selectbox(key=f"person_{ana.id}_open").set_value(attempt.id)
        return ok(page.run())

    manager = attempt_page("nora@example.com")
    assert len(list(manager.get("audio"))) == 2, "the manager of Ana's team hears both replies"
    assert "Download" not in [b.label for b in manager.get("download_button")]
    other = open_page(log_in(ok(app().run()), "sam@example.com"), "pages/team.py")
    assert not any("Ana" in str(o) for s in other.selectbox for o in s.options), "another team's manager"
    own = open_page(log_in(ok(app().run()), "ana@example.com"), "pages/progress.py")
    own.selectbox(key=[s.key for s in own.selectbox if s.key and s.key.endswith("_open")][0]).set_value(attempt.id)
    own = ok(own.run())
    assert [b.label for b in own.get("download_button")].count("Download") == 2
