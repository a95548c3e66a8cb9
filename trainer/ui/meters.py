"""The two gauges beside the chat: the customer's mood and the response-time clock.

The clock counts from the moment the customer's latest line was shown (`shown_at`, wall-clock
seconds) and redraws itself every second as a fragment, so it ticks without rerunning the page.
On a narrow screen (a phone) the sidebar with the gauges is folded away, so `call_strip` repeats
both, compactly, above the chat; the page's style rules (`style.py`) show it only there.
"""

from __future__ import annotations

import time

import streamlit as st

MOOD_WORDS = ((2, "calm"), (4, "uneasy"), (6, "annoyed"), (8, "angry"), (10, "furious"))


def mood_word(mood: int) -> str:
    return next(word for top, word in MOOD_WORDS if mood <= top)


def mood_text(mood: int, previous: int | None = None) -> str:
    change = "" if previous is None or previous == mood else f" ({'up' if mood > previous else 'down'} {abs(mood - previous)})"
    return f"Customer mood: {mood}/10 {mood_word(mood)}{change}"


def mood_meter(mood: int, *, previous: int | None = None, hang_up_at: int | None = None) -> None:
    delta = None if previous is None or previous == mood else mood - previous
    st.metric("Customer mood", f"{mood}/10 {mood_word(mood)}", delta=delta, delta_color="inverse",
              help="0 is calm, 10 is furious. Empathy, ownership and a concrete next step calm the "
                   "customer; blame, jargon and slow answers make it worse."
                   + (f" At {hang_up_at} the customer hangs up." if hang_up_at else ""))
    st.progress(mood / 10)


def clock_text(elapsed: float, target: float) -> str:
    return f"{elapsed:.0f} s of {target:.0f} s" if elapsed <= target else f"{elapsed:.0f} s, over the {target:.0f} s target"


@st.fragment(run_every=1.0)
def response_clock(shown_at: float, target: float) -> None:
    elapsed = max(0.0, time.time() - shown_at)
    st.metric("Your reply time", clock_text(elapsed, target),
              help="Counted from when the customer's last line appeared to when you send your reply.")
    st.progress(min(1.0, elapsed / target) if target else 1.0)


def stopped_clock(seconds: float | None, target: float) -> None:
    text = "no reply yet" if seconds is None else clock_text(seconds, target)
    st.metric("Last reply time", text)


STRIP = "call_strip"  # the container's key; style.py hides it on wide screens


def call_strip(mood: int, *, previous: int | None, shown_at: float, target: float, stopped: bool,
               last_seconds: float | None) -> None:
    """The mood and the reply clock in two thin bars above the chat, for narrow screens."""
    with st.container(key=STRIP, gap="small"):
        st.progress(mood / 10, text=mood_text(mood, previous))
        if stopped:
            st.progress(1.0 if last_seconds is None or last_seconds > target else last_seconds / target,
                        text="Last reply time: " + ("no reply yet" if last_seconds is None else clock_text(last_seconds, target)))
        else:
            strip_clock(shown_at, target)


@st.fragment(run_every=1.0)
def strip_clock(shown_at: float, target: float) -> None:
    elapsed = max(0.0, time.time() - shown_at)
    st.progress(min(1.0, elapsed / target) if target else 1.0, text=f"Your reply time: {clock_text(elapsed, target)}")
