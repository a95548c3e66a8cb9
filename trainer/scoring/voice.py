"""The voice criteria: how a spoken reply sounded, scored from its timing (`ReplyContext.voice`) and
its words. Each returns points, evidence and a reason like every other kind (`rules.KINDS`); their
evidence is the stretch of the call it is about ("0:41.2–0:44.9"), or the filler words in the reply.

- `speaking_rate`: words a minute (Chinese: characters) over the speech less its pauses;
- `dead_air`: the silence before answering, and each pause inside the answer, against limits;
- `filler_words`: fillers (`lexicon.FILLERS` plus the criterion's own) per minute of speech;
- `talk_time`: the trainee's share of the talking in the call so far.

They are assessed only on spoken replies: `RuleScorer` leaves them out of a reply with no timing, and
`aggregate.combine` out of a call with none, as it does an `only_with_model` criterion offline.
"""

from __future__ import annotations

import math
import re
from typing import Any

from trainer.matching.phrases import Reply, matcher
from trainer.messages import quote, say
from trainer.scenario.schema import (
    DeadAirCriterion,
    FillerWordsCriterion,
    HoldEtiquetteCriterion,
    SpeakingRateCriterion,
    TalkTimeCriterion,
)
from trainer.scoring import lexicon
from trainer.scoring.results import ReplyContext
from trainer.voice.timing import VoiceTiming, clock

Outcome = tuple[float, list[Any], str, str]
SHORTEST_RATE_SECONDS = 2.0  # less speech than this is too little to measure a rate over
FILLER_MINUTE_FLOOR = 15.0  # fillers a minute are counted over at least this many seconds of speech
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORDS = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def moment(voice: VoiceTiming, start: float, end: float, text: str) -> dict[str, Any]:
    """Evidence for a stretch of a recording: its times on the call clock where known."""
    at, until = voice.in_call(start), voice.in_call(end)
    if at is None or until is None:
        at, until = round(max(0.0, start), 2), round(max(0.0, end), 2)
    return {"start": 0, "end": 0, "text": text, "at": max(0.0, at), "until": max(0.0, until)}


def span(voice: VoiceTiming, start: float, end: float) -> str:
    """"0:41.2–0:44.9" on the call clock (into the recording when its place is unknown)."""
    evidence = moment(voice, start, end, "")
    return f"{clock(evidence['at'])}–{clock(evidence['until'])}"


def units(text: str, language: str) -> int:
    """Words in English and Persian; characters in Chinese (Latin words among them count as one)."""
    if language == "zh":
        return len(_HAN.findall(text)) + len(_WORDS.findall(_HAN.sub(" ", text)))
    return len(_WORDS.findall(text))


def speaking_rate(c: SpeakingRateCriterion, reply: Reply, ctx: ReplyContext) -> Outcome:
    voice, lang = ctx.voice, reply.language
    assert voice is not None
    target = c.targets.get(lang)  # type: ignore[call-overload]
    if target is None:
        return 0, [], say(lang, "rate.no_target", lang=lang), "ungraded"
    seconds = voice.speaking_seconds
    if seconds < SHORTEST_RATE_SECONDS:
        return 0, [], say(lang, "rate.too_short", seconds=seconds), "ungraded"
    rate = units(reply.text, lang) * 60 / seconds
    low, high = target.min or 0.0, target.max or math.inf
    unit = say(lang, "unit.chars" if lang == "zh" else "unit.words")
    bounds = {"rate": rate, "unit": unit, "seconds": seconds, "span": span(voice, voice.speech_start or 0,
                                                                            voice.speech_end or 0),
              "low": low, "high": high}
    evidence = [moment(voice, voice.speech_start or 0, voice.speech_end or 0, f"{rate:.0f} {unit}/min")]
    if low <= rate <= high:
        return c.max_points, evidence, say(lang, "rate.within", **bounds), "rules"
    near = low * 0.8 <= rate <= high * 1.2
    key = "rate.slow" if rate < low else "rate.fast"
    return (c.max_points // 2 if near else 0), evidence, say(lang, key, **bounds), "rules"


def dead_air(c: DeadAirCriterion, reply: Reply, ctx: ReplyContext) -> Outcome:
    voice, lang = ctx.voice, reply.language
    assert voice is not None
    before = voice.silence_before
    if before is None:
        return 0, [], say(lang, "air.silent"), "ungraded"
    found: list[dict[str, Any]] = []
    items: list[str] = []
    if before > c.max_silence_seconds:
        # the silence ends where the speech starts; it began `before` seconds earlier (before the
        # recording, when the trainee waited to press record)
        start, end = (voice.speech_start or 0) - before, voice.speech_start or 0
        items.append(say(lang, "air.before", seconds=before, span=span(voice, start, end),
                         limit=c.max_silence_seconds))
        found.append(moment(voice, start, end, f"{before:.1f}s"))
    for pause in voice.pauses:
        if pause.seconds > c.max_pause_seconds:
            items.append(say(lang, "air.pause", seconds=pause.seconds, span=span(voice, pause.start, pause.end),
                             limit=c.max_pause_seconds))
            found.append(moment(voice, pause.start, pause.end, f"{pause.seconds:.1f}s"))
    if not found:
        longest = max((p.seconds for p in voice.pauses), default=0.0)
        return c.max_points, [], say(lang, "air.none", before=before, longest=longest,
                                     silence=c.max_silence_seconds, pause=c.max_pause_seconds), "rules"
    points = c.max_points // 2 if len(found) == 1 else 0
    return points, found, say(lang, "air.found", items="; ".join(items)), "rules"


def filler_words(c: FillerWordsCriterion, reply: Reply, ctx: ReplyContext) -> Outcome:
    voice, lang = ctx.voice, reply.language
    assert voice is not None
    phrases = tuple(lexicon.FILLERS.get(lang, [])) + tuple(c.phrases.get(lang) or ())  # type: ignore[call-overload]
    if not phrases:
        return 0, [], say(lang, "no_phrases", lang=lang), "ungraded"
    seconds = voice.speaking_seconds
    if seconds <= 0:
        return 0, [], say(lang, "air.silent"), "ungraded"
    hits = [h for h in matcher(phrases, lang).find(reply) if h.ignored != "quoted"]
    if not hits:
        return c.max_points, [], say(lang, "filler.none", seconds=seconds), "rules"
    per_minute = len(hits) * 60 / max(seconds, FILLER_MINUTE_FLOOR)
    words = {"n": len(hits), "quotes": ", ".join(dict.fromkeys(quote(lang, h.text) for h in hits[:4])),
             "seconds": seconds, "rate": per_minute, "limit": c.max_per_minute}
    if per_minute <= c.max_per_minute:
        return c.max_points, hits, say(lang, "filler.within", **words), "rules"
    points = c.max_points // 2 if per_minute <= 2 * c.max_per_minute else 0
    return points, hits, say(lang, "filler.over", **words), "rules"


def talk_time(c: TalkTimeCriterion, reply: Reply, ctx: ReplyContext) -> Outcome:
    voice, lang = ctx.voice, reply.language
    assert voice is not None
    if voice.customer_seconds is None:
        return 0, [], say(lang, "talk.unknown"), "ungraded"
    mine_before, theirs_before = ctx.talk_before or (0.0, 0.0)
    mine, theirs = mine_before + voice.speech_seconds, theirs_before + voice.customer_seconds
    if mine + theirs <= 0:
        return 0, [], say(lang, "air.silent"), "ungraded"
    share = mine / (mine + theirs)
    low, high = c.share.min if c.share.min is not None else 0.0, c.share.max if c.share.max is not None else 1.0
    words = {"mine": mine, "theirs": theirs, "share": share, "low": low, "high": high}
    evidence = [moment(voice, voice.speech_start or 0, voice.speech_end or 0, f"{share:.0%}")]
    if low <= share <= high:
        return c.max_points, evidence, say(lang, "talk.within", **words), "rules"
    near = low - 0.1 <= share <= high + 0.1
    key = "talk.more" if share > high else "talk.less"
    return (c.max_points // 2 if near else 0), evidence, say(lang, key, **words), "rules"


def minutes(seconds: float) -> str:
    return clock(seconds, tenths=False)


def asked_permission(text: str, language: str) -> bool:
    """Whether what the trainee said before a hold asks the customer's permission."""
    phrases = tuple(lexicon.HOLD_ASK.get(language, []))
    return bool(phrases) and any(not h.ignored for h in matcher(phrases, language).find(Reply(text, language)))


def hold_etiquette(c: HoldEtiquetteCriterion, reply: Reply, ctx: ReplyContext) -> Outcome:
    """A point each (half each on a 2-point scale): asked before the hold, gave a time, thanked the
    customer on return (in this reply), came back within the time promised."""
    hold, lang = ctx.hold, reply.language
    assert hold is not None
    asked = Reply(hold.asked, lang)
    permission = [h for h in matcher(tuple(lexicon.HOLD_ASK.get(lang, [])), lang).find(asked) if not h.ignored]
    timed = [h for h in matcher(tuple(lexicon.HOLD_TIME.get(lang, [])), lang).find(asked) if not h.ignored]
    thanks = [h for h in matcher(tuple(lexicon.HOLD_THANKS.get(lang, [])), lang).find(reply) if not h.ignored]
    held = hold.held_seconds or 0.0
    kept = hold.promised_seconds is not None and held <= hold.promised_seconds + c.grace_seconds
    parts = [
        say(lang, "hold.asked", quote=quote(lang, permission[0].text)) if permission else say(lang, "hold.not_asked"),
        say(lang, "hold.timed", quote=quote(lang, timed[0].text)) if timed else say(lang, "hold.no_time"),
        say(lang, "hold.thanked", quote=quote(lang, thanks[0].text)) if thanks else say(lang, "hold.not_thanked"),
        (say(lang, "hold.kept", held=minutes(held), promised=minutes(hold.promised_seconds or 0)) if kept else
         say(lang, "hold.over", held=minutes(held), promised=minutes(hold.promised_seconds)) if hold.promised_seconds
         else say(lang, "hold.no_promise", held=minutes(held))),
    ]
    done = sum(map(bool, (permission, timed, thanks, kept)))
    points = done if c.max_points == 4 else done / 2
    evidence: list[Any] = list(thanks[:1])
    if hold.at is not None:
        evidence.append({"start": 0, "end": 0, "text": f"hold {minutes(held)}", "at": hold.at,
                         "until": round(hold.at + held, 2)})
    return points, evidence, " ".join(parts), "rules"


KINDS = {
    HoldEtiquetteCriterion: hold_etiquette,
    SpeakingRateCriterion: speaking_rate,
    DeadAirCriterion: dead_air,
    FillerWordsCriterion: filler_words,
    TalkTimeCriterion: talk_time,
}


def voice_line(turn: int, text: str, language: str, voice: VoiceTiming) -> dict[str, Any]:
    """One spoken reply as the scorecard's "how you sounded" table shows it."""
    seconds = voice.speaking_seconds
    fillers = [h for h in matcher(tuple(lexicon.FILLERS.get(language, [])), language).find(Reply(text, language))
               if h.ignored != "quoted"] if lexicon.FILLERS.get(language) else []
    return {
        "turn": turn,
        "at": voice.in_call(voice.speech_start or 0.0),
        "silence_before": voice.silence_before,
        "talk_seconds": voice.speech_seconds,
        "rate": round(units(text, language) * 60 / seconds) if seconds >= SHORTEST_RATE_SECONDS else None,
        "pauses": [(moment(voice, p.start, p.end, "")["at"], p.seconds) for p in voice.pauses],
        "fillers": [h.text for h in fillers],
        "customer_seconds": voice.customer_seconds,
    }
