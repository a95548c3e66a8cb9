"""The practice page: pick a scenario, talk to the customer, read the scorecard, try again.

State kept in the browser session is only a cache of what is saved: the `LiveAttempt` (whose every
turn is already in the database) and the moment the customer's latest line was shown. After a
reload the saved attempt is offered for resume at the same turn.

With a language model configured and a scenario that allows it, the trainee picks a scripted or a
generated customer. A generated customer's words stream into the chat as they arrive; the page then
draws itself again with the reply's feedback. When the model fails, the scripted line is used and
its notice shows under it (saved with the turn, so a resumed call shows it too).
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import streamlit as st

from trainer import languages
from trainer.errors import FrontlineError
from trainer.matching.text import MAX_REPLY_CHARS
from trainer.practice.attempt import LiveAttempt, streamed, too_long
from trainer.scenario.catalog import Catalog
from trainer.scenario.schema import Scenario
from trainer.services import Services
from trainer.simulation.customer import Customer
from trainer.simulation.generated import can_generate, generated_customer
from trainer.store import AttemptDetail, UserRecord
from trainer.ui import chat, counter, meters, scorecard, style, voice
from trainer.ui import context as ctx
from trainer.ui.text import escape_markdown

LIVE = "practice_live"
SHOWN_AT = "practice_shown_at"
SPEAKING = "practice_speaking"  # the reply an AI customer is answering, with its response time
FAILED = "practice_failed"  # (reply, error) of a streamed reply that could not be saved, for the next run
CONFIRM = "practice_confirm_start"  # the call the trainee asked to start while another is in progress
EMPTY_REPLY = ("Nothing was sent: your reply was empty (only spaces or line breaks). Type what you would "
               "say to the customer, then press Enter.")
CHANNEL_NAMES = {"phone": "Phone", "chat": "Chat", "email": "Email", "social": "Social post"}
CHANNEL_WITH = {"phone": "Phone call with", "chat": "Chat with", "email": "Email from", "social": "Public post by"}
MODES = {
    "practice": "Practice: feedback after each reply",
    "assessment": "Assessment: feedback only at the end",
}
CUSTOMERS = {
    "scripted": "Scripted: the scenario's own lines",
    "generated": "Generated: an AI customer says the script's lines its own way",
    "improvised": "Improvised: an AI customer answers whatever you say",
}


def page() -> None:
    services, user = ctx.services(), ctx.user()
    live: LiveAttempt | None = st.session_state.get(LIVE)
    if live is None:
        st.title("Practice")
        if user is not None and services.store is not None:
            resume_offer(services, user)
        picker(services, user)
    else:
        call(services, user, live)


# -- choosing -----------------------------------------------------------------------------------


def start(services: Services, user: UserRecord | None, scenario_id: str, *, seed: int | None, mode: str,
          kind: str = "scripted", answer: str = "text") -> None:
    repo = services.store if user is not None else None
    try:
        customer = _customer(services, kind)
        if customer is None:
            live = LiveAttempt.begin(services.catalog, services.scorer, repo, user, scenario_id, seed=seed, mode=mode,
                                     calls_at_once=services.settings.max_calls_at_once)
        else:  # the opening line streams in while the call starts
            opening = streamed(customer, lambda: LiveAttempt.begin(
                services.catalog, services.scorer, repo, user, scenario_id, seed=seed, mode=mode, customer=customer,
                calls_at_once=services.settings.max_calls_at_once))
            with st.chat_message("assistant", avatar=chat.CUSTOMER_AVATAR):
                st.write_stream(opening)
            live = opening.result
            assert live is not None
    except FrontlineError as e:
        ctx.show_error(e)
        return
    voice.begin(services, live, answer)
    st.session_state[LIVE] = live
    st.session_state[SHOWN_AT] = time.time()
    st.rerun()


def resume_offer(services: Services, user: UserRecord) -> None:
    try:
        detail = services.store.attempts.resumable_attempt(user) if services.store else None
    except FrontlineError as e:
        ctx.show_error(e)
        return
    if detail is None:
        return
    with st.container(border=True, key="resume_offer"):
        title = _title(services.catalog, detail.attempt.scenario_id)
        replies = sum(1 for t in detail.turns if t.speaker == "trainee")
        started = detail.attempt.started_at.strftime("%Y-%m-%d %H:%M UTC")
        st.markdown(escape_markdown(
            f"You have a call in progress: {title}, {replies} {'reply' if replies == 1 else 'replies'} so far "
            f"(started {started}, {detail.attempt.mode} mode)."))
        left, right = st.columns(2)
        if left.button("Resume the call", type="primary", icon=":material/play_arrow:", key="resume"):
            _resume(services, user, detail)
        if right.button("Discard it", icon=":material/delete:", key="discard"):
            try:
                services.store.attempts.abandon_attempt(user, detail.attempt.id)  # type: ignore[union-attr]
            except FrontlineError as e:
                ctx.show_error(e)
            else:
                st.rerun()


def _customer(services: Services, kind: str) -> Customer | None:
    """An AI customer for "generated" and "improvised" (it speaks from the script, with notices, when
    no model is configured); None (scripted) otherwise."""
    if kind not in ("generated", "improvised"):
        return None
    return generated_customer(services.settings, improvise=kind == "improvised")


def _saved_kind(detail: AttemptDetail) -> str:
    """The kind of customer the attempt was played with: the state names the AI kind precisely."""
    return (detail.session_state or {}).get("customer") or detail.attempt.customer_kind


def _resume(services: Services, user: UserRecord, detail: AttemptDetail) -> None:
    try:
        live = LiveAttempt.resume(services.catalog, services.scorer, services.store, user, detail,  # type: ignore[arg-type]
                                  customer=_customer(services, _saved_kind(detail)),
                                  calls_at_once=services.settings.max_calls_at_once)
    except FrontlineError as e:
        ctx.show_error(e)
        return
    voice.begin(services, live, voice.default_mode(services, live.scenario.channel, live.scenario.language)[0])
    st.session_state[LIVE] = live
    st.session_state[SHOWN_AT] = last_line_at(detail)
    st.rerun()


def last_line_at(detail: AttemptDetail) -> float:
    """When the customer's latest saved line was said (the reply clock goes on from there after a
    resume, rather than starting again)."""
    said = [t.created_at.timestamp() for t in detail.turns if t.speaker == "customer"]
    return max(said) if said else time.time()


def _title(catalog: Catalog, scenario_id: str) -> str:
    scenario = catalog.scenarios.get(scenario_id)
    return scenario.title if scenario else scenario_id


def library_problems(catalog: Catalog) -> None:
    if not catalog.problems:
        return
    n = len(catalog.problems)
    st.warning(f"{n} problem{'s' if n != 1 else ''} in the scenario library: the files concerned are left "
               "out until they are fixed; every other scenario works.", icon=":material/warning:")
    with st.expander("Show the problems"):
        st.code("\n".join(str(p) for p in catalog.problems), language=None, wrap_lines=True)


def picker(services: Services, user: UserRecord | None) -> None:
    catalog = services.catalog
    library_problems(catalog)
    scenarios = sorted(catalog.scenarios.values(), key=lambda s: (s.language, s.difficulty, s.title))
    if not scenarios:
        st.info("The scenario library is empty. A trainer adds scenarios as YAML files under "
                f"{services.settings.scenarios_dir}.")
        return
    matches = filters(scenarios)
    if not matches:
        st.info("No scenario matches these filters; clear one of them.")
        return
    by_id = {s.id: s for s in matches}
    chosen = st.selectbox(
        "Scenario",
        list(by_id),
        key="scenario_choice",
        format_func=lambda sid: (
            f"{by_id[sid].title} · {by_id[sid].language} · "
            f"{CHANNEL_NAMES[by_id[sid].channel]} · difficulty {by_id[sid].difficulty}"
        ),
    )
    scenario = by_id[chosen]
    describe(scenario)
    mode = st.radio("Mode", list(MODES), format_func=MODES.__getitem__, horizontal=True, key="mode")
    kind = "scripted"
    if can_generate(scenario, services.settings):
        kind = st.radio("Customer", list(CUSTOMERS), format_func=CUSTOMERS.__getitem__, horizontal=True,
                        key="customer_kind", help="An AI customer is played by the language model from the same "
                        "persona and facts; the scenario still scores the call and decides how it can end.")
    answer = voice.picker(services, scenario.channel, scenario.language)
    with st.expander("Customer seed"):
        seed = st.number_input("Seed", min_value=0, max_value=2**31 - 1, value=None, step=1, key="seed",
                               help="The same seed gives the same customer (name, details, lines). "
                                    "Leave empty for a new customer.")
    wanted = {"scenario_id": scenario.id, "seed": None if seed is None else int(seed), "mode": mode, "kind": kind,
              "answer": answer}
    if st.button("Start the call", type="primary", icon=":material/call:", key="start"):
        if _in_progress(services, user) is None:
            start(services, user, **wanted)
        else:
            st.session_state[CONFIRM] = wanted
    confirm_start(services, user)


def _in_progress(services: Services, user: UserRecord | None) -> AttemptDetail | None:
    if user is None or services.store is None:
        return None
    try:
        return services.store.attempts.resumable_attempt(user)
    except FrontlineError:
        return None


def confirm_start(services: Services, user: UserRecord | None) -> None:
    """Starting a call while another is in progress closes that one: ask first. Keeping it leaves it
    offered for resume, as it was."""
    wanted = st.session_state.get(CONFIRM)
    current = _in_progress(services, user) if wanted else None
    if not wanted or current is None:
        st.session_state.pop(CONFIRM, None)
        return
    with st.container(border=True, key="confirm_start"):
        st.warning(escape_markdown(
            f"You have a call in progress: {_title(services.catalog, current.attempt.scenario_id)}. Starting "
            f"{_title(services.catalog, wanted['scenario_id'])} closes it as abandoned, and it can no longer be "
            "resumed."), icon=":material/warning:")
        left, right = st.columns(2)
        if left.button("Start the new call", type="primary", key="confirm_new"):
            st.session_state.pop(CONFIRM, None)
            start(services, user, **wanted)
        if right.button("Keep my call in progress", key="confirm_keep"):
            st.session_state.pop(CONFIRM, None)
            st.rerun()


def filters(scenarios: Sequence[Scenario]) -> list[Scenario]:
    spoken = sorted({s.language for s in scenarios})
    channels = sorted({s.channel for s in scenarios})
    tags = sorted({t for s in scenarios for t in s.tags})
    cols = st.columns(4)
    lang = cols[0].multiselect("Language", spoken, format_func=languages.label, key="f_lang")
    chan = cols[1].multiselect("Channel", channels, format_func=lambda x: CHANNEL_NAMES.get(x, x), key="f_chan")
    low, high = cols[2].slider("Difficulty", 1, 5, (1, 5), key="f_diff")
    tag = cols[3].multiselect("Tags", tags, key="f_tags")
    return [s for s in scenarios
            if (not lang or s.language in lang) and (not chan or s.channel in chan)
            and low <= s.difficulty <= high and (not tag or set(tag) & set(s.tags))]


def describe(scenario: Scenario) -> None:
    with st.container(border=True, key=f"about_{scenario.id}"):
        with style.direction(scenario.language, f"about_text_{scenario.id}"):
            st.markdown(f"**{escape_markdown(scenario.title)}**")
            st.text(scenario.summary)
        facts = [CHANNEL_NAMES[scenario.channel], languages.label(scenario.language),
                 f"difficulty {scenario.difficulty}/5", f"reply within {scenario.response_time_target:.0f} s"]
        if scenario.tags:
            facts.append("tags: " + ", ".join(scenario.tags))
        st.caption(escape_markdown(" · ".join(facts)))


# -- the call -----------------------------------------------------------------------------------


def call(services: Services, user: UserRecord | None, live: LiveAttempt) -> None:
    scenario = live.scenario
    with style.direction(scenario.language, "call_title"):
        st.markdown(f"## {escape_markdown(scenario.title)}")
    st.caption(escape_markdown(
        f"{CHANNEL_WITH[scenario.channel]} {live.customer_name} · {MODES[live.mode]}"
        + {"generated": " · generated customer", "improvised": " · improvising customer"}.get(live.customer_kind, "")
        + ("" if live.saved else " · not saved (no database)")))
    prompt = None
    vc = voice.current()  # the speech of a voice call (None: a text call)
    speaking = st.session_state.get(SPEAKING)  # (reply, seconds, spoken) while an AI customer answers it
    failed: tuple[str, FrontlineError] | None = st.session_state.pop(FAILED, None)
    if vc is not None and speaking is None:
        # A spoken reply is taken before anything is drawn, so the customer's answer comes in this run.
        ready = voice.take(live, vc, shown_at=st.session_state.get(SHOWN_AT, time.time()))
        if ready is not None:
            heard, text = ready
            failed = send(live, vc, text, voice.spoken_reply(heard)) or failed
    voice.flash()
    if not live.ended and scenario.channel == "phone" and speaking is None:
        hold_controls(live, vc)
    if not live.ended:
        # No `max_chars`: Streamlit 1.67's box silently rejects a paste longer than it (the box stays
        # empty). Every reply arrives here and a long one is refused with the limit in the message.
        prompt = st.chat_input("The customer is speaking..." if speaking else
                               "The customer is on hold: take them off hold to speak to them" if live.on_hold else
                               "Or type your reply" if vc is not None and vc.mode == "voice" else
                               f"Your reply to the customer (up to {MAX_REPLY_CHARS:,} characters)",
                               key="reply", disabled=speaking is not None or live.on_hold)
    if speaking is not None:
        streamed_reply(live, *st.session_state.pop(SPEAKING))  # ends with a rerun
    refused: tuple[str, str] | None = None
    if prompt is not None and not prompt.strip():
        refused, prompt = ("", EMPTY_REPLY), None
    elif prompt is not None and len(prompt.strip()) > MAX_REPLY_CHARS:
        refused, prompt = (prompt, too_long(len(prompt.strip()))), None
    if prompt:
        failed = send(live, vc, prompt, {}) or failed
        if failed is None and live.ended:
            st.rerun()  # draw the end of the call without the reply box
    lines = live.lines()
    gauges(live, lines)
    chat.conversation(lines, language=scenario.language, rubric=live.rubric,
                      feedback=live.mode == "practice", key="line", moods=chat.mood_labels(scenario))
    if vc is not None and speaking is None:
        voice.customer_audio(live, vc)
        voice.recorder(live, vc)
    if failed is not None:
        ctx.show_error(failed[1])
        st.caption("What you sent (copy it to send again):")
        st.text(failed[0])
    if refused is not None:
        refusal(*refused)
    if not live.ended:
        counter.reply_counter(MAX_REPLY_CHARS)
    if live.ended:
        end_of_call(services, user, live)


HOLD_EXAMPLE = "May I put you on hold for two minutes while I check that for you?"


def hold_controls(live: LiveAttempt, vc: voice.VoiceCall | None = None) -> None:
    """On a phone call: put the customer on hold (what you tell them, for how long), then a timer
    against the promise and a button to come back. The next reply ends the hold and is scored with it."""
    hold = live.session.hold
    if hold is not None and hold.held_seconds is None:
        with st.container(border=True, key="on_hold"):
            meters.hold_clock(hold.started_at.timestamp(), hold.promised_seconds)
            voice.on_hold_music(live, vc)
            st.caption(escape_markdown(
                "The customer is on hold" + (f", listening to {hold.music}" if hold.music else ", in silence")
                + f". You told them: “{hold.asked}”"))
            if st.button("Take the customer off hold", type="primary", icon=":material/phone_in_talk:",
                         key="off_hold"):
                try:
                    live.take_off_hold()
                except FrontlineError as e:
                    ctx.show_error(e)
                else:
                    st.session_state[SHOWN_AT] = time.time()
                    st.rerun()
        return
    if hold is not None:  # back from hold: the next reply ends it
        st.caption("You are back from the hold: your next reply is what the customer hears first "
                   "(thank them for holding).")
        return
    with st.popover("Put the customer on hold", icon=":material/phone_paused:", key="hold_menu"), \
            st.form("hold_form", border=False):
        asked = st.text_input("What you say to the customer first", placeholder=HOLD_EXAMPLE, key="hold_asked",
                              max_chars=MAX_REPLY_CHARS)
        minutes = st.number_input("For how long (minutes; 0 if you did not say)", min_value=0.0, max_value=60.0,
                                  value=2.0, step=0.5, key="hold_minutes")
        if st.form_submit_button("Put on hold", type="primary", icon=":material/phone_paused:"):
            try:
                live.put_on_hold(asked, minutes * 60 or None)
            except FrontlineError as e:
                ctx.show_error(e)
            else:
                st.rerun()


def send(live: LiveAttempt, vc: voice.VoiceCall | None, text: str,
         spoken: dict) -> tuple[str, FrontlineError] | None:
    """Send a reply (typed, or spoken with `spoken`: its timing and recording); the error, if it was not
    saved. A typed reply after the call went over to text carries the notice saying why."""
    seconds = round(max(0.0, time.time() - st.session_state.get(SHOWN_AT, time.time())), 1)
    if vc is not None and vc.notice and not spoken:
        spoken = {"notice": vc.take_notice()}
    if live.customer_kind in ("generated", "improvised"):
        # Draw the reply box disabled first, so nothing can be sent while the customer speaks.
        st.session_state[SPEAKING] = (text, seconds, spoken)
        st.rerun()
    try:
        live.reply(text, seconds, **spoken)
    except FrontlineError as e:
        if spoken.get("notice") and vc is not None:
            vc.notice = spoken["notice"]  # not saved: keep it for the reply sent again
        return text, e
    finally:
        st.session_state[SHOWN_AT] = time.time()
    return None


def refusal(text: str, message: str) -> None:
    """A reply that was not sent, and why; a long one is kept to copy and shorten."""
    if not text:
        st.info(escape_markdown(message), icon=":material/info:")
        return
    st.error(escape_markdown(message), icon=":material/block:")
    with st.expander(f"Your reply ({len(text.strip()):,} characters): copy it, shorten it, send it again"):
        st.code(text, language=None, wrap_lines=True)


def streamed_reply(live: LiveAttempt, prompt: str, seconds: float, spoken: dict | None = None) -> None:
    """The conversation so far, the reply, and the customer's answer as it streams in; then the page
    draws itself again with the reply's feedback (or the error, when the reply was not saved)."""
    chat.conversation(live.lines(), language=live.scenario.language, rubric=live.rubric,
                      feedback=live.mode == "practice", key="line", moods=chat.mood_labels(live.scenario))
    with st.chat_message("user", avatar=chat.TRAINEE_AVATAR), style.direction(live.scenario.language, "sent"):
        st.text(prompt)
    with st.chat_message("assistant", avatar=chat.CUSTOMER_AVATAR), style.direction(live.scenario.language, "coming"):
        try:
            st.write_stream(live.reply_streamed(prompt, seconds, **(spoken or {})))
        except FrontlineError as e:
            st.session_state[FAILED] = (prompt, e)
    st.session_state[SHOWN_AT] = time.time()
    st.rerun()


def gauges(live: LiveAttempt, lines: list) -> None:
    scenario = live.scenario
    with ctx.sidebar_top():
        st.subheader("The call")
        last = next((x for x in reversed(lines) if x.speaker == "trainee"), None)
        meters.mood_meter(live.session.mood, previous=last.mood_before if last else None,
                          hang_up_at=scenario.persona.hang_up_at)
        if live.ended:
            meters.stopped_clock(last.response_seconds if last else None, scenario.response_time_target)
        else:
            meters.response_clock(st.session_state.get(SHOWN_AT, time.time()), scenario.response_time_target)
        st.caption(f"Replies: {live.session.turn} of at most {scenario.max_turns}")
        if not live.ended and live.saved and st.button("Leave the call for now", icon=":material/pause:",
                                                       key="leave", help="It stays saved; resume it from Practice."):
            st.session_state.pop(LIVE, None)
            st.rerun()
        if not live.ended and st.button("Hang up and give up", icon=":material/call_end:", key="give_up"):
            try:
                live.abandon()
            except FrontlineError as e:
                ctx.show_error(e)
            else:
                st.session_state.pop(LIVE, None)
                st.rerun()
    meters.call_strip(live.session.mood, previous=last.mood_before if last else None,
                      shown_at=st.session_state.get(SHOWN_AT, time.time()), target=scenario.response_time_target,
                      stopped=live.ended, last_seconds=last.response_seconds if last else None)


def end_of_call(services: Services, user: UserRecord | None, live: LiveAttempt) -> None:
    if live.finish_error:
        ctx.show_error(FrontlineError(live.finish_error))
        if st.button("Save the result again", key="save_again"):
            try:
                live.finish()
            except FrontlineError as e:
                ctx.show_error(e)
            else:
                st.rerun()
    heard = []
    if live.saved and user is not None and services.store is not None:
        try:
            heard = services.store.recordings.recordings(user, live.attempt.id)  # type: ignore[union-attr]
        except FrontlineError as e:
            ctx.show_error(e)
    scorecard.scorecard(live.scorecard(), live.lines(), language=live.scenario.language, recordings=heard,
                        downloadable=True)
    seed = live.session.state.seed
    cols = st.columns(3)
    kind = live.customer_kind
    answer = "voice" if voice.current() is not None else "text"
    if cols[0].button("Try again, same customer", icon=":material/replay:", key="retry_same"):
        start(services, user, live.scenario.id, seed=seed, mode=live.mode, kind=kind, answer=answer)
    if cols[1].button("Try again, new customer", icon=":material/shuffle:", key="retry_new"):
        start(services, user, live.scenario.id, seed=None, mode=live.mode, kind=kind, answer=answer)
    if cols[2].button("Choose another scenario", icon=":material/list:", key="another"):
        st.session_state.pop(LIVE, None)
        st.rerun()
    downloads(live, user)


def downloads(live: LiveAttempt, user: UserRecord | None) -> None:
    transcript = live.transcript(trainee=user.display_name if user else "")
    name = f"{live.scenario.id}-{live.session.state.seed}"
    left, right = st.columns(2)
    left.download_button("Download transcript (Markdown)", transcript.to_markdown(), file_name=f"{name}.md",
                         mime="text/markdown", on_click="ignore", icon=":material/download:", key="dl_md")
    right.download_button("Download transcript (JSON)", transcript.to_json(), file_name=f"{name}.json",
                          mime="application/json", on_click="ignore", icon=":material/data_object:", key="dl_json")
