"""How the customer's mood moves after each reply: named rules, so a trainee can be told why.

Mood runs from 0 (calm) to 10 (furious) and is clamped to that range. After every reply each rule
whose condition holds adds its `change`; the outcome lists the rules that fired by name. A scenario
may replace these with its own `mood_rules`; in a rule's condition, `mood` reads the mood *before*
the reply. A rule naming a criterion the rubric lacks (or could not grade) is skipped, so the
defaults work with any rubric.

Default rules (criterion ids of the built-in `core` rubric; higher points are always better):

    empathy     empathy >= 1                           -1   the reply acknowledged the feeling
    ownership   apology >= 2                           -1   a sincere, specific apology
    next_step   next_step >= 2                         -1   a concrete next step with a time
    blame       no_blame <= 0                          +2   blaming, lecturing, "calm down"
    jargon      plain_language <= 0                    +1   call-center jargon
    slow        the reply came later than the target   +1
    ignored     empathy, apology, next_step all 0      +1   the customer's need was ignored

When the mood reaches the persona's `hang_up_at`, the customer hangs up. An improvising customer may
ask to end the call sooner; `grant_end` says when the engine agrees.

A hold moves the mood too, before the reply that ends it (`hold_changes`), by named rules:

    hold_over     back later than promised                                +1 (+2 past twice it)
    hold_no_time  no time was promised, and it lasted over a minute       +1
    hold_kept     back within the promise, and the customer was asked     -1
    hold_music    upbeat music to a caller already at 6 or more           +1 (+2 past two minutes)
                  calm music past five minutes                            +1
    hold_silence  no music, past a minute ("is anyone there?")            +1
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from trainer.scenario.schema import Condition, EndState, HoldMusic, MoodRule, Range
from trainer.simulation.conditions import Facts, criteria_known, holds

MOOD_MIN, MOOD_MAX = 0, 10


def _rule(name: str, change: int, slow: bool | None = None, **criteria: Range) -> MoodRule:
    return MoodRule(name=name, change=change, when=Condition(criteria=criteria, slow=slow))


DEFAULT_RULES: tuple[MoodRule, ...] = (
    _rule("empathy", -1, empathy=Range(min=1)),
    _rule("ownership", -1, apology=Range(min=2)),
    _rule("next_step", -1, next_step=Range(min=2)),
    _rule("blame", +2, no_blame=Range(max=0)),
    _rule("jargon", +1, plain_language=Range(max=0)),
    _rule("slow", +1, slow=True),
    _rule("ignored", +1, empathy=Range(max=0), apology=Range(max=0), next_step=Range(max=0)),
)


class MoodChange(BaseModel):
    model_config = ConfigDict(frozen=True)

    rule: str
    change: int


def clamp(mood: int) -> int:
    return max(MOOD_MIN, min(MOOD_MAX, mood))


def apply(rules: tuple[MoodRule, ...] | list[MoodRule], facts_before: Facts) -> tuple[int, list[MoodChange]]:
    """The mood after a reply, and the rules that moved it. `facts_before.mood` is the mood before."""
    fired = [
        MoodChange(rule=r.name, change=r.change)
        for r in rules
        if criteria_known(r.when, facts_before) and holds(r.when, facts_before)
    ]
    return clamp(facts_before.mood + sum(c.change for c in fired)), fired


def grant_end(requested: Literal["hung_up", "escalated"] | None, mood: int, hang_up_at: int | None) -> EndState | None:
    """The engine's answer to an improvising customer that asks to end the call: granted only when
    its mood is near the scenario's breaking point (within one point for hanging up, two for demanding
    someone else); a calm customer's wish to leave is refused and the call goes on."""
    if requested is None or hang_up_at is None:
        return None
    if requested == "hung_up" and mood >= hang_up_at - 1:
        return EndState.hung_up
    if requested == "escalated" and mood >= hang_up_at - 2:
        return EndState.escalated
    return None


def hold_changes(held: float, promised: float | None, asked: bool, music: HoldMusic | None,
                 mood: int, grace: float = 10.0) -> list[MoodChange]:
    """How a hold of `held` seconds moved a customer whose mood was `mood` when it began: against the
    time promised (`promised`, None: none was), whether they were asked first, and the hold music."""
    out: list[MoodChange] = []
    if promised is not None and held > promised + grace:
        out.append(MoodChange(rule="hold_over", change=2 if held > 2 * promised + grace else 1))
    elif promised is None and held > 60:
        out.append(MoodChange(rule="hold_no_time", change=1))
    elif promised is not None and asked:
        out.append(MoodChange(rule="hold_kept", change=-1))
    style = music.style if music is not None else "silence"
    if style == "upbeat" and mood >= 6:
        out.append(MoodChange(rule="hold_music", change=2 if held > 120 else 1))
    elif style == "calm" and held > 300:
        out.append(MoodChange(rule="hold_music", change=1))
    elif style == "silence" and held > 60:
        out.append(MoodChange(rule="hold_silence", change=1))
    return out
