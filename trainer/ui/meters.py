"""The two gauges beside the chat: the customer's mood and the response-time clock.

The clock counts from the moment the customer's latest line was shown (`shown_at`, wall-clock
seconds). It ticks in the browser: the page sends the seconds already elapsed and a few lines of
script count on from there, so an open call costs the server nothing while the trainee thinks (a
fragment rerun every second per open call kept a 2-core server busy with ten idle trainees). The
server still measures the reply time itself, from the line it sent to the reply it received.
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
    change = (
        ""
        if previous is None or previous == mood
        else f" ({'up' if mood > previous else 'down'} {abs(mood - previous)})"
    )
    return f"Customer mood: {mood}/10 {mood_word(mood)}{change}"


def mood_meter(mood: int, *, previous: int | None = None, hang_up_at: int | None = None) -> None:
    delta = None if previous is None or previous == mood else mood - previous
    st.metric("Customer mood", f"{mood}/10 {mood_word(mood)}", delta=delta, delta_color="inverse",
              help="0 is calm, 10 is furious. Empathy, ownership and a concrete next step calm the "
                   "customer; blame, jargon and slow answers make it worse."
                   + (f" At {hang_up_at} the customer hangs up." if hang_up_at else ""))
    st.progress(mood / 10)


def clock_text(elapsed: float, target: float) -> str:
    return (
        f"{elapsed:.0f} s of {target:.0f} s"
        if elapsed <= target
        else f"{elapsed:.0f} s, over the {target:.0f} s target"
    )


_CLOCK = """
<div class="fl-clock {extra}" id="{id}" data-elapsed="{elapsed:.3f}" data-target="{target:.3f}">
  <div class="fl-clock-label">Your reply time</div>
  <div class="fl-clock-value">{text}</div>
  <div class="fl-clock-bar"><div class="fl-clock-fill" style="width:{fill:.1f}%"></div></div>
</div>
<script>
(() => {{
  const el = document.getElementById("{id}");
  if (!el) return;
  const start = performance.now(), base = Number(el.dataset.elapsed), target = Number(el.dataset.target);
  const value = el.querySelector(".fl-clock-value"), fill = el.querySelector(".fl-clock-fill");
  const tick = () => {{
    if (!el.isConnected) {{ clearInterval(timer); return; }}
    const s = base + (performance.now() - start) / 1000;
    value.textContent = s <= target ? `${{Math.floor(s)}} s of ${{Math.round(target)}} s`
                                    : `${{Math.floor(s)}} s, over the ${{Math.round(target)}} s target`;
    el.classList.toggle("fl-clock-over", s > target);
    fill.style.width = `${{Math.min(100, target ? 100 * s / target : 100)}}%`;
  }};
  const timer = setInterval(tick, 500);
  tick();
}})();
</script>
<style>
.fl-clock-label {{ font-size: 0.875rem; }}
.fl-clock-value {{ font-size: 1.75rem; line-height: 1.4; }}
.fl-clock-over .fl-clock-value {{ color: #b42318; }}
.fl-clock-bar {{ height: 0.5rem; border-radius: 0.25rem; background: rgba(128, 128, 128, 0.25); }}
.fl-clock-fill {{ height: 100%; border-radius: 0.25rem; background: #0f766e; }}
.fl-clock-over .fl-clock-fill {{ background: #b42318; }}
.fl-clock-compact {{ display: flex; flex-wrap: wrap; align-items: baseline; gap: 0 0.3rem; font-size: 0.875rem; }}
.fl-clock-compact .fl-clock-label::after {{ content: ":"; }}
.fl-clock-compact .fl-clock-value {{ font-size: 0.875rem; line-height: 1.2; }}
.fl-clock-compact .fl-clock-bar {{ flex-basis: 100%; height: 0.25rem; }}
</style>
"""


def response_clock(shown_at: float, target: float, place: str = "side") -> None:
    """The reply clock, ticking in the browser from the seconds already elapsed (numbers only go into
    the page: no user or scenario text)."""
    elapsed = max(0.0, time.time() - shown_at)
    st.html(
        _CLOCK.format(
            id=f"fl-clock-{place}-{int(shown_at * 1000)}",
            extra="fl-clock-compact" if place == "strip" else "",
            elapsed=elapsed,
            target=float(target),
            text=clock_text(elapsed, target),
            fill=min(100.0, 100 * elapsed / target if target else 100.0),
        ),
        unsafe_allow_javascript=True,
    )


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
            st.progress(
                1.0 if last_seconds is None or last_seconds > target else last_seconds / target,
                text="Last reply time: "
                + ("no reply yet" if last_seconds is None else clock_text(last_seconds, target)),
            )
        else:
            strip_clock(shown_at, target)


def strip_clock(shown_at: float, target: float) -> None:
    response_clock(shown_at, target, place="strip")


_HOLD = """
<div class="fl-hold" id="{id}" data-elapsed="{elapsed:.3f}" data-promised="{promised:.3f}">
  <span class="fl-hold-label">On hold</span> <span class="fl-hold-value">{text}</span>
</div>
<script>
(() => {{
  const el = document.getElementById("{id}");
  if (!el) return;
  const start = performance.now(), base = Number(el.dataset.elapsed), promised = Number(el.dataset.promised);
  const value = el.querySelector(".fl-hold-value");
  const mmss = (s) => `${{Math.floor(s / 60)}}:${{String(Math.floor(s % 60)).padStart(2, "0")}}`;
  const tick = () => {{
    if (!el.isConnected) {{ clearInterval(timer); return; }}
    const s = base + (performance.now() - start) / 1000;
    value.textContent = promised > 0 ? `${{mmss(s)}} of ${{mmss(promised)}} promised` : `${{mmss(s)}},
    no time promised`;
    el.classList.toggle("fl-hold-over", promised > 0 ? s > promised : s > 60);
  }};
  const timer = setInterval(tick, 500);
  tick();
}})();
</script>
<style>
.fl-hold {{ font-size: 1.5rem; font-variant-numeric: tabular-nums; }}
.fl-hold-label {{ font-size: 0.875rem; opacity: .8; }}
.fl-hold-over .fl-hold-value {{ color: #b42318; }}
</style>
"""


def hold_text(elapsed: float, promised: float | None) -> str:
    def mmss(s: float) -> str:
        return f"{int(s // 60)}:{int(s % 60):02d}"
    return f"{mmss(elapsed)} of {mmss(promised)} promised" if promised else f"{mmss(elapsed)}, no time promised"


def hold_clock(started_at: float, promised: float | None) -> None:
    """How long the customer has been on hold, against the promise, ticking in the browser (numbers
    only go into the page)."""
    elapsed = max(0.0, time.time() - started_at)
    st.html(_HOLD.format(id=f"fl-hold-{int(started_at * 1000)}", elapsed=elapsed, promised=float(promised or 0),
                         text=hold_text(elapsed, promised)), unsafe_allow_javascript=True)
