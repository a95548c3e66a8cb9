"""Voice mode on the Practice page: the customer heard, the trainee answering into the microphone.

The customer's latest line plays as it appears (an autoplaying `<audio>`; the chat shows its text as
captions). The trainee records an answer with `st.audio_input`; it is written down and shown, and in
practice mode can be corrected before it is sent (in assessment mode it is sent as heard), then it is
scored and branches like a typed reply, with its timing and recording saved with the turn. When
speech fails (no microphone, an endpoint down or slow, silent or unintelligible audio) a message says
why and the call carries on in text, the notice saved with the next reply. While the customer is on
hold, the scenario's hold music plays.

The speech itself is `trainer/voice/call.py`'s `VoiceCall`, kept in the browser session beside the
`LiveAttempt`; this module only draws it.
"""

from __future__ import annotations

import base64
import html
import time
from typing import Any

import streamlit as st

from trainer.errors import FrontlineError, SpeechError
from trainer.practice.attempt import LiveAttempt
from trainer.services import Services
from trainer.ui.text import escape_markdown
from trainer.voice.call import Heard, VoiceCall
from trainer.voice.music import hold_music

VOICE = "practice_voice"  # the VoiceCall of the call on screen (None: a text call)
FLASH = "practice_voice_flash"  # a message about speech to show once, after a rerun
ANSWER_MODES = {"voice": "Voice: hear the customer, answer into the microphone", "text": "Text: read and type"}


def default_mode(services: Services, channel: str, language: str) -> tuple[str, str | None]:
    """Voice for phone calls where speech works for the language; text otherwise, with the reason."""
    problem = services.voice_problem(language)
    if problem is not None:
        return "text", problem
    return ("voice" if channel == "phone" else "text"), None


def picker(services: Services, channel: str, language: str) -> str:
    """The "Answer by" choice for the scenario chosen; voice is offered only where it can work."""
    mode, problem = default_mode(services, channel, language)
    if problem is not None:
        st.caption(escape_markdown(f"Voice is not available for this call: {problem}"))
        return "text"
    return st.radio("Answer by", list(ANSWER_MODES), index=list(ANSWER_MODES).index(mode),
                    format_func=ANSWER_MODES.__getitem__, horizontal=True, key=f"answer_mode_{channel}",
                    help="Voice is the default for phone calls. Text works for every call.")


def begin(services: Services, live: LiveAttempt, mode: str) -> None:
    """The speech for a call that just started (or resumed): a `VoiceCall` in voice mode, else none."""
    st.session_state.pop(FLASH, None)
    live.keep_recordings = services.settings.recording_retention_days > 0
    if mode != "voice":
        st.session_state[VOICE] = None
        return
    try:
        stt, tts = services.speech()
    except FrontlineError as e:
        st.session_state[VOICE] = None
        st.session_state[FLASH] = f"The call is in text: {e}"
        return
    from trainer.voice.speech import uses_endpoint

    st.session_state[VOICE] = VoiceCall(live.scenario, stt, tts, endpoint=uses_endpoint(services.settings))


def current() -> VoiceCall | None:
    vc = st.session_state.get(VOICE)
    return vc if isinstance(vc, VoiceCall) else None


def flash() -> None:
    message = st.session_state.pop(FLASH, None)
    if message:
        st.warning(escape_markdown(message), icon=":material/mic_off:")


def fall_back(vc: VoiceCall, error: FrontlineError | str) -> None:
    vc.fall_back(str(error))
    st.session_state[FLASH] = (f"{error} The call goes on in text: type your replies below (this is noted with "
                               "your next reply).")


_PLAYER = """<audio class="fl-voice" id="{id}" controls preload="auto" data-key="{key}" data-autoplay="{autoplay}"
 {loop} src="{src}" style="width:100%"></audio>
<script>
(() => {{
  const a = document.getElementById("{id}");
  if (!a || a.dataset.autoplay !== "1") return;
  // The page may draw this element again while it plays (the end of a call redraws what is under
  // it): it then carries on from where the sound has got to, instead of stopping or starting over.
  const started = (window.flVoiceStarted = window.flVoiceStarted || {{}});
  if (started[a.dataset.key] === undefined) started[a.dataset.key] = performance.now();
  const go = () => {{
    const at = (performance.now() - started[a.dataset.key]) / 1000;
    if (a.loop) a.currentTime = at % (a.duration || 1);
    else if (at < a.duration - 0.05) a.currentTime = at;
    else return;
    a.play().catch(() => {{}});
  }};
  if (a.readyState >= 1) go(); else a.addEventListener("loadedmetadata", go, {{once: true}});
}})();
</script>
"""


def player(audio: bytes, mime: str, *, key: str, autoplay: bool, loop: bool = False) -> None:
    """An audio player that starts by itself (`autoplay`) once per `key`, and carries on across the
    page's redraws. Only the audio's address and this call's own key go into the page: no user text."""
    st.html(_PLAYER.format(id=f"fl-voice-{key}-{int(autoplay)}", key=key, autoplay="1" if autoplay else "0",
                           loop="loop" if loop else "", src=html.escape(audio_url(audio, mime, key), quote=True)),
            unsafe_allow_javascript=True)


def audio_url(audio: bytes, mime: str, key: str) -> str:
    """Where the page fetches the audio: Streamlit's media store (what `st.audio` uses), so each run of
    the page sends a short address instead of the sound itself (a spoken line is 100-300 KB of WAV,
    and the page is drawn again on every run). The store keeps a file while a run of this session
    draws it. Outside a running server (tests that run the page in process), the audio is inlined."""
    from streamlit import runtime

    if not runtime.exists():
        return f"data:{mime};base64,{base64.b64encode(audio).decode('ascii')}"
    url = runtime.get_instance().media_file_mgr.add(audio, mime, f"frontline-voice-{key}")
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}{url}" if base and url.startswith("/") else url


def customer_audio(live: LiveAttempt, vc: VoiceCall) -> None:
    """The customer's latest line, playing as it appears, until the trainee answers or puts them on
    hold (later runs show the player without starting it again); the text is in the chat above.
    Nothing while the customer is on hold."""
    if vc.mode != "voice" or live.on_hold:
        return
    transcript = live.session.transcript
    index = max(i for i, t in enumerate(transcript) if t.speaker == "customer")
    try:
        spoken = vc.speak(index, transcript[index].text)
    except SpeechError as e:
        fall_back(vc, f"The customer's voice is not available ({e})")
        flash()
        return
    first = index not in vc.played
    with st.container(key="customer_voice"):
        st.caption(escape_markdown(f"{live.customer_name} {'is speaking' if first else 'said'} (the words are in "
                                   "the chat above)"))
        player(spoken.audio, spoken.mime, key=f"{vc.nonce}-{index}", autoplay=first)


def on_hold_music(live: LiveAttempt, vc: VoiceCall | None) -> None:
    """The scenario's hold music, looping, while the customer is on hold in a voice call."""
    if vc is not None:
        vc.played.add(_last_customer(live))  # back from hold, the customer does not repeat themself
    music = live.scenario.hold_music
    if vc is None or vc.mode != "voice" or music is None:
        return
    audio = hold_music(music.style)
    hold = live.session.hold
    if audio is not None and hold is not None:
        player(audio, "audio/wav", key=f"hold-{int(hold.started_at.timestamp() * 1000)}", autoplay=True, loop=True)


def _keys(live: LiveAttempt, vc: VoiceCall) -> dict[str, str]:
    turn = live.session.turn
    n = vc.nonce
    return {"mic": f"mic_{turn}_{n}", "heard": f"heard_{turn}_{n}", "text": f"heard_text_{turn}_{n}",
            "send": f"send_heard_{turn}_{n}", "again": f"again_{turn}_{n}", "to_text": f"to_text_{turn}_{n}"}


def take(live: LiveAttempt, vc: VoiceCall, *, shown_at: float) -> tuple[Heard, str] | None:
    """Early in the page's run, before anything is drawn: a new recording is heard and timed; the
    reply to send, (what was heard, its text), comes back at once in assessment mode, and in practice
    mode once the trainee has checked it and pressed send. A recording that cannot be used moves the
    call to text, with the reason."""
    if vc.mode != "voice" or live.ended or live.on_hold:
        return None
    keys = _keys(live, vc)
    if vc.pending is not None and st.session_state.get(keys["send"]):
        heard, vc.pending = vc.pending, None
        return heard, str(st.session_state.get(keys["text"]) or heard.text)
    recorded = st.session_state.get(keys["mic"])
    if recorded is None or getattr(recorded, "file_id", None) == st.session_state.get(keys["heard"]):
        return None
    st.session_state[keys["heard"]] = getattr(recorded, "file_id", None)
    vc.played.add(_last_customer(live))  # answered: it is not to start again
    try:
        vc.pending = vc.hear(recorded.getvalue(), now=time.time(), shown_at=shown_at,
                             customer_seconds=vc.seconds_of(_last_customer(live)),
                             call_started=live.started_at.timestamp())
    except SpeechError as e:
        fall_back(vc, e)
        return None
    st.session_state.pop(keys["text"], None)
    if live.mode != "practice":
        heard, vc.pending = vc.pending, None
        return heard, heard.text
    return None


def recorder(live: LiveAttempt, vc: VoiceCall) -> None:
    """The microphone for the next reply and, in practice mode, what was heard, to correct and send."""
    if vc.mode != "voice" or live.ended or live.on_hold:
        return
    keys = _keys(live, vc)
    with st.container(key="voice_answer"):
        st.audio_input("Record your reply, then stop to send it" if live.mode != "practice" else
                       "Record your reply, then stop to check it", key=keys["mic"],
                       help="Your browser asks for the microphone the first time. The words are written down "
                            "and scored like a typed reply.")
        if vc.pending is not None:
            st.text_area("What was heard (correct it if a word is wrong, then send)", vc.pending.text,
                         key=keys["text"], max_chars=4000)
            left, right = st.columns(2)
            left.button("Send this reply", type="primary", icon=":material/send:", key=keys["send"])
            if right.button("Discard and record again", icon=":material/mic:", key=keys["again"]):
                vc.pending = None
                st.rerun()
            return
        if st.button("Answer in text instead", icon=":material/keyboard:", key=keys["to_text"],
                     help="No microphone, or a noisy room: type your replies for the rest of the call."):
            fall_back(vc, "You switched to text.")
            st.rerun()


def _last_customer(live: LiveAttempt) -> int:
    return max(i for i, t in enumerate(live.session.transcript) if t.speaker == "customer")


def spoken_reply(heard: Heard) -> dict[str, Any]:
    """`LiveAttempt.reply`'s keywords for a spoken reply."""
    return {"voice": heard.voice, "recording": heard.audio}
