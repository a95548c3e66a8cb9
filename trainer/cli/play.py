"""`play`: run a whole scripted call from the terminal, to play-test a scenario or check a rubric.

`play SCENARIO_ID [--seed N] [--replies FILE | --model-answers] [--json]` takes the trainee's replies
one per line from FILE (`-` or no FILE: standard input; blank lines are skipped), or the scenario's own
model answers, and prints the transcript with the mood after each reply, the end state and the
scorecard. At a terminal with no FILE it asks for each reply in turn and times it. `--json` prints one
object instead (`transcript`, `end_state`, `mood`, `score`, `passed`, `criteria`, ...).
Exit code 0 when the attempt passed, 1 when it did not (2 for errors, as everywhere).

`--generated` (or `--improvise`) lets the configured LLM speak for the customer (see `trainer/simulation/generated.py`);
a line the LLM could not give comes from the script, with a `[notice: ...]` line (in `--json`:
`notices`), and the call goes on.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
import time
from collections.abc import Iterator
from datetime import date
from typing import Any, TextIO

from trainer.config import Settings
from trainer.errors import ConfigError, ScenarioError, UnknownIdError
from trainer.scenario.catalog import Catalog
from trainer.scenario.variables import fill
from trainer.scoring.rules import RuleScorer
from trainer.simulation.session import Scorecard, Session, TurnOutcome

WIDTH = 100


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "play", help="play a scenario in the terminal and print the transcript and scorecard",
        description="Run a scripted call: replies one per line from FILE or standard input, or the "
        "scenario's model answers; prints the transcript, the mood after each reply and the scorecard. "
        "Exits 0 when the attempt passed, 1 when it did not.")
    p.add_argument("scenario_id", metavar="SCENARIO_ID", help="the scenario's id (see `validate --json`)")
    p.add_argument("--seed", type=int, default=1,
                   help="seed for the customer's name, details and line variants (default: 1)")
    p.add_argument("--today", type=_day, default=None, metavar="YYYY-MM-DD",
                   help="the day the call is played on, which Faker dates count from (default: today); "
                   "the same seed and day give the same customer on any day")
    source = p.add_mutually_exclusive_group()
    source.add_argument("--replies", metavar="FILE",
                        help="trainee replies, one per line ('-': standard input, the default)")
    source.add_argument("--model-answers", action="store_true",
                        help="answer every step with the scenario's model answer")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of a transcript")
    ai = p.add_mutually_exclusive_group()
    ai.add_argument("--generated", action="store_true",
                    help="let the configured LLM speak for the customer (OPENAI_BASE_URL / OPENAI_API_KEY), "
                    "putting the script's moves in its own words; lines it cannot give come from the script, "
                    "with a notice")
    ai.add_argument("--improvise", action="store_true",
                    help="let the configured LLM improvise the customer: it answers whatever you say, from the "
                    "persona, the facts you earned, its mood and goal; the scenario still scores and ends the call")
    p.set_defaults(func=play)


def play(args: argparse.Namespace, settings: Settings) -> int:
    catalog = Catalog.load(settings.scenarios_dir, max_file_bytes=settings.max_file_kb * 1024)
    try:
        scenario = catalog.scenario(args.scenario_id)
    except UnknownIdError as e:
        if catalog.problems:
            raise ScenarioError(f"{e} {len(catalog.problems)} problem(s) in the library may hide it: "
                                "run `python -m trainer validate`.") from None
        raise
    improvise = getattr(args, "improvise", False)
    customer = _generated(scenario, settings, improvise) if getattr(args, "generated", False) or improvise else None
    session = Session.start(scenario, catalog.rubric_for(scenario), RuleScorer(), args.seed,
                            customer=customer, version=catalog.version(scenario.id), today=args.today)
    interactive = not args.model_answers and args.replies in (None, "-") and sys.stdin.isatty()
    out = sys.stdout
    if not args.json:
        _header(session, out)
        _say(out, "customer", session.opening)
        _notice(out, customer, 0)
    outcomes: list[TurnOutcome] = []
    for text, seconds in _replies(args, session, interactive):
        outcome = session.reply(text, seconds)
        outcomes.append(outcome)
        if not args.json:
            if not interactive:
                _say(out, "trainee", text)
            _mood(out, outcome)
            _say(out, "customer", outcome.customer_line)
            _notice(out, customer, outcome.turn)
        if outcome.ended:
            break
    card = session.scorecard()
    if args.json:
        result = _as_json(session, card, outcomes)
        if customer is not None:
            result["customer_kind"] = customer.kind
            result["notices"] = [n.model_dump() for n in customer.notices]
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        _footer(session, card, out)
    return 0 if card.passed else 1


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write it as YYYY-MM-DD") from None


def _generated(scenario: Any, settings: Settings, improvise: bool = False) -> Any:
    from trainer.llm import is_configured
    from trainer.simulation.generated import generated_customer

    flag = "--improvise" if improvise else "--generated"
    if not is_configured(settings):
        raise ConfigError(f"{flag} needs a language model: set OPENAI_BASE_URL (a local or "
                          f"self-hosted server) or OPENAI_API_KEY (OpenAI), or play without {flag}.")
    if scenario.generation == "scripted_only":
        raise ScenarioError(f"Scenario {scenario.id!r} is marked `generation: scripted_only`; "
                            f"play it without {flag}.")
    return generated_customer(settings, improvise=improvise)


def _notice(out: TextIO, customer: Any, turn: int) -> None:
    notice = customer.notice(turn) if customer is not None else None
    if notice is not None:
        print(f"{'':>11}[notice: {notice.message}]", file=out)


def _replies(args: argparse.Namespace, session: Session, interactive: bool) -> Iterator[tuple[str, float | None]]:
    if args.model_answers:
        while not session.ended and session.current_step is not None:
            yield fill(session.current_step.model_answer, session.state.values), None
        return
    if interactive:
        while not session.ended:
            started = time.monotonic()
            try:
                line = input("trainee> ")
            except EOFError:
                return
            if line.strip():
                yield line.strip(), round(time.monotonic() - started, 1)
        return
    stream: TextIO
    if args.replies in (None, "-"):
        stream = sys.stdin
        yield from ((line.strip(), None) for line in stream if line.strip())
        return
    try:
        with open(args.replies, encoding="utf-8") as stream:
            lines = [line.strip() for line in stream if line.strip()]
    except (OSError, UnicodeDecodeError) as e:
        raise ScenarioError(f"Cannot read replies from {args.replies}: {e}. Give a UTF-8 text file "
                            "with one reply per line.") from None
    yield from ((line, None) for line in lines)


def _say(out: TextIO, speaker: str, text: str) -> None:
    label = f"{speaker:>9}: "
    print(textwrap.fill(text, WIDTH, initial_indent=label, subsequent_indent=" " * len(label)), file=out)


def _mood(out: TextIO, o: TurnOutcome) -> None:
    rules = ", ".join(f"{c.rule} {c.change:+d}" for c in o.mood_changes) or "no change"
    slow = " · slow" if o.slow else ""
    print(f"{'':>11}[mood {o.mood_before} -> {o.mood_after} ({rules}) · reply {o.score.total:g}/100{slow}]",
          file=out)


def _header(session: Session, out: TextIO) -> None:
    s, v = session.scenario, session.state.values
    print(f"{s.id}: {s.title}", file=out)
    print(f"seed {session.state.seed} · customer {v['customer.full_name']} · {s.channel} · "
          f"mood {session.mood}/10 · reply within {s.response_time_target:g}s · up to {s.max_turns} replies",
          file=out)
    print("", file=out)


def _footer(session: Session, card: Scorecard, out: TextIO) -> None:
    print("", file=out)
    if session.ended:
        print(f"Call ended: {session.end_state.value} after {_replies_count(session.turn)} "  # type: ignore[union-attr]
              f"(mood {session.mood}/10).", file=out)
    else:
        print(f"The replies ran out after {_replies_count(session.turn)}; the call had not ended.", file=out)
    verdict = "PASSED" if card.passed else "NOT PASSED"
    print(f"Score {card.total:g}/100 (pass mark {card.pass_mark:g}): {verdict}", file=out)
    for reason in card.why_not_passed:
        print(f"  - {reason}", file=out)
    print("", file=out)
    shown: set[int | None] = set()
    for c in card.criteria:
        points = f"{c.points:g}/{c.max}" if c.graded_by != "ungraded" else "ungraded"
        critical = " (critical)" if c.critical else ""
        print(f"  {c.label}{critical}: {points}" + (f" · {c.reason}" if c.reason else ""), file=out)
        if c.tip:
            print(textwrap.fill(f"tip: {c.tip}", WIDTH, initial_indent=" " * 6, subsequent_indent=" " * 11),
                  file=out)
        if c.tip and c.model_answer and c.weakest_turn in shown:
            print(f"{'':6}model answer: see reply {c.weakest_turn} above", file=out)
        elif c.tip and c.model_answer:
            shown.add(c.weakest_turn)
            print(textwrap.fill(f"model answer for reply {c.weakest_turn}: {c.model_answer}", WIDTH,
                                initial_indent=" " * 6, subsequent_indent=" " * 8), file=out)


def _replies_count(n: int) -> str:
    return f"{n} reply" if n == 1 else f"{n} replies"


def _as_json(session: Session, card: Scorecard, outcomes: list[TurnOutcome]) -> dict[str, Any]:
    state = session.state
    return {
        "scenario": state.scenario_id,
        "version": state.scenario_version,
        "seed": state.seed,
        "today": state.reference_date.isoformat() if state.reference_date else None,
        "customer": state.values["customer.full_name"],
        "transcript": [{"speaker": t.speaker, "text": t.text} for t in state.transcript],
        "end_state": state.end_state.value if state.end_state else None,
        "mood_start": session.scenario.persona.mood,
        "mood": [o.mood_after for o in outcomes],
        "score": card.total,
        "pass_mark": card.pass_mark,
        "passed": card.passed,
        "why_not_passed": card.why_not_passed,
        "criteria": {
            c.criterion_id: {
                "label": c.label, "points": c.points, "max": c.max, "weight": c.weight,
                "critical": c.critical, "graded_by": c.graded_by, "reason": c.reason,
                "evidence": [e.text for e in c.evidence], "tip": c.tip, "model_answer": c.model_answer,
            }
            for c in card.criteria
        },
        "turns": [
            {
                "turn": o.turn, "reply_score": o.score.total, "slow": o.slow,
                "mood_before": o.mood_before, "mood_after": o.mood_after,
                "mood_changes": {c.rule: c.change for c in o.mood_changes},
                "branch": o.branch.model_dump(mode="json", exclude_none=True),
            }
            for o in outcomes
        ],
    }
