"""`python -m trainer score`: score replies in batch, JSONL in, JSONL out, with the offline scorer.

One output line per input line, in order, written as soon as it is scored, so a run over millions of
lines uses constant memory and can be piped. A bad line (not JSON, no `reply`, a bad `context`) gets
an `{"id", "error"}` line and the run goes on; only a rubric that cannot be used stops it (exit 2).

Input line:  {"id": ..., "reply": "...", "context"?: "customer message" | {ReplyContext fields},
              "language"?: "en" | "fa" | "zh"}
Output line: {"id", "total", "passed", "critical_failure", "language",
              "criteria": {ID: {"score", "max", "evidence": [{"start", "end", "text"}], "reason", "graded"}}}

With `--judge` the configured LLM judge grades the rubric's `llm` criteria (and, for a rubric with
`second_opinion: true`, second-guesses the rest); each criterion then also says `"graded_by"`:
"judged", "ungraded" (the judge failed or could not be read: never a pass) or "rules" (rules only),
and each line has `"flags"`: reasons a person should review it (e.g. the reply tried to instruct
the judge), and `"judge"`: the judge model's name.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from trainer.config import Settings
from trainer.errors import LoadError
from trainer.matching.phrases import Hit
from trainer.scenario.catalog import Catalog
from trainer.scenario.schema import LANGUAGES, Rubric
from trainer.scoring.language import detect
from trainer.scoring.results import ReplyContext, ReplyScore, Scorer
from trainer.scoring.rules import IdleRow, RuleScorer

_encode_string = json.encoder.encode_basestring  # what json.dumps(..., ensure_ascii=False) writes for a str


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "score", help="score replies in batch (JSONL in, JSONL out) with the offline rule scorer",
        description="Reads lines {\"id\", \"reply\", \"context\"?, \"language\"?} and writes one line of "
                    "scores per input line. Bad lines get an {\"id\", \"error\"} line; the run goes on.",
    )
    parser.add_argument("--rubric", required=True, metavar="ID", help="rubric id in the library, e.g. core")
    parser.add_argument("--language", choices=[*LANGUAGES, "auto"], default="auto",
                        help="language of replies without their own `language` (default: auto, by script)")
    parser.add_argument("--jsonl", required=True, metavar="FILE", help="input file, or - for standard input")
    parser.add_argument("--output", "-o", metavar="FILE", default="-", help="output file (default: standard output)")
    parser.add_argument("--library", metavar="DIR", type=Path, action="append",
                        help="scenario library folder (default: TRAINER_SCENARIOS_DIR); may be repeated")
    parser.add_argument("--judge", action="store_true",
                        help="also grade with the configured LLM judge (TRAINER_JUDGE_MODEL); adds "
                        "graded_by per criterion and flags per line")
    parser.set_defaults(func=run)


def find_rubric(rubric_id: str, folders: list[Path], max_file_bytes: int) -> Rubric:
    """The flattened rubric, or a `LoadError` naming what is wrong with its files (the other rubrics'
    phrase lists are not checked: their problems do not concern this one)."""
    catalog = Catalog.load_rubrics(*folders, max_file_bytes=max_file_bytes, only=rubric_id)
    if rubric_id not in catalog.rubrics:
        own = [p for p in catalog.problems if Path(p.path).stem == rubric_id or repr(rubric_id) in p.message]
        if own:
            raise LoadError(own)
    return catalog.rubric(rubric_id)


def run(args: argparse.Namespace, settings: Settings) -> int:
    rubric = find_rubric(args.rubric, args.library or [settings.scenarios_dir], settings.max_file_kb * 1024)
    source = sys.stdin.buffer if args.jsonl == "-" else _open(args.jsonl, "rb", "read", "--jsonl")
    to_file = args.output != "-"
    try:
        if to_file:
            out: IO[bytes] | None = _open(args.output, "wb", "write", "--output")
        else:
            sys.stdout.flush()
            out = getattr(sys.stdout, "buffer", None)  # a standard output replaced by text only has none
    except BaseException:
        if source is not sys.stdin.buffer:
            source.close()
        raise
    write = out.write if out is not None else (lambda line: sys.stdout.write(line.decode("utf-8")))
    try:
        scorer, judge = _scorer(args, settings)
        for line in score_lines_utf8(source, rubric, scorer, args.language, judge=judge):
            write(line)
        (out or sys.stdout).flush()
    finally:
        if source is not sys.stdin.buffer:
            source.close()
        if to_file and out is not None:
            out.close()
    return 0


_BUFFER = 1 << 16  # bytes written to the output file at a time (lines are about 1 KB)


def _scorer(args: argparse.Namespace, settings: Settings) -> tuple[Scorer, str | None]:
    if not getattr(args, "judge", False):
        return RuleScorer(), None
    from trainer.llm import chat_model
    from trainer.scoring.judge import JudgeScorer

    model = chat_model(settings, judge=True)
    return JudgeScorer(model), model.name


def _open(path: str, mode: str, verb: str, flag: str) -> IO[bytes]:
    """The file to read or write (output 64 KB at a time), or a message naming the flag to fix."""
    try:
        return open(path, mode, buffering=_BUFFER if "w" in mode else -1)
    except OSError as e:
        from trainer.errors import ConfigError

        raise ConfigError(f"cannot {verb} {path}: {e.strerror}; check the path given to {flag}") from None


def score_lines(lines: Iterable[bytes | str], rubric: Rubric, scorer: Scorer, language: str = "auto",
                judge: str | None = None) -> Iterator[str]:
    """One JSON line out per non-blank line in; never raises for a bad line."""
    for line in score_lines_utf8(lines, rubric, scorer, language, judge):
        yield line[:-1].decode("utf-8")


def score_lines_utf8(lines: Iterable[bytes | str], rubric: Rubric, scorer: Scorer, language: str = "auto",
                     judge: str | None = None) -> Iterator[bytes]:
    """`score_lines` as the CLI writes it: each line UTF-8 encoded, with its newline."""
    fast = _Lines() if judge is None and type(scorer) is RuleScorer else None
    for number, raw in enumerate(lines, 1):
        text = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
        if not text or text.isspace():
            continue
        if fast is not None:
            yield fast.line(text, number, rubric, scorer, language)  # type: ignore[arg-type]
        else:
            yield _dump(score_line(text, number, rubric, scorer, language, judge)).encode() + b"\n"


_scan = json.JSONDecoder().scan_once  # what `json.loads` runs, without its wrappers


def _loads(text: str) -> Any:
    """`json.loads(text)`, sooner for the usual line (a value, then at most JSON whitespace); any
    other line goes to `json.loads` itself, so its errors read the same."""
    try:
        value, end = _scan(text, 0)
    except (StopIteration, ValueError, RecursionError):
        return json.loads(text)
    if end != len(text) and text[end:].strip(" \t\n\r"):
        return json.loads(text)
    return value


def _parse(text: str, number: int, language: str) -> tuple[Any, str, ReplyContext] | dict[str, Any]:
    """The line's id, reply and context, or the error line to write instead."""
    try:
        item = _loads(text)
    except (ValueError, RecursionError) as e:
        return {"id": None, "error": f"line {number}: not valid JSON ({str(e)[:80]}); write one JSON object a line"}
    if not isinstance(item, dict):
        return {"id": None, "error": f"line {number}: expected a JSON object with `id` and `reply`"}
    line_id = item.get("id")
    reply = item.get("reply")
    if not isinstance(reply, str):
        return {"id": line_id, "error": f"line {number}: `reply` must be a string"}
    try:
        context = _context(item, reply, language)
    except (ValueError, ValidationError) as e:
        return {"id": line_id, "error": f"line {number}: {_first_error(e)}"}
    return line_id, reply, context


def score_line(text: str, number: int, rubric: Rubric, scorer: Scorer, language: str,
               judge: str | None = None) -> dict[str, Any]:
    parsed = _parse(text, number, language)
    if isinstance(parsed, dict):
        return parsed
    line_id, reply, context = parsed
    result = scorer.score(reply, rubric, context)
    if judge is None:
        return {"id": line_id, **as_json(result), "language": context.language}
    return {"id": line_id, **as_json(result, judged=True), "language": context.language,
            "flags": result.flags, "judge": judge}


def _encode_id(value: Any) -> bytes:
    """`value` as `json.dumps(..., ensure_ascii=False)` writes it, UTF-8 encoded (ints and strings
    without an encoder)."""
    kind = type(value)
    if kind is int:
        return b"%d" % value
    if kind is str:
        return _encode_string(value).encode("utf-8")
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


class _Lines:
    """Output lines for the rule scorer written straight from its plain results: the UTF-8 bytes of the
    text that `json.dumps` gives for `score_line`'s dict (keys in the same order, the same separators),
    and a newline, with each criterion's fixed parts and each reason encoded once and kept."""

    MAX_KEPT = 20_000

    def __init__(self) -> None:
        self._heads: dict[tuple[str, float, int, bool], bytes] = {}
        self._strings: dict[str, bytes] = {}
        self._whole: dict[tuple[str, float, str, str, bool], bytes] = {}
        self._idle: dict[IdleRow, tuple[bytes, bytes]] = {}  # row -> (its text, its text when first)

    def _string(self, text: str) -> bytes:
        got = self._strings.get(text)
        if got is None:
            got = _encode_string(text).encode("utf-8")
            if len(self._strings) >= self.MAX_KEPT:
                self._strings.clear()
            self._strings[text] = got
        return got

    def _head(self, cid: str, score: float, top: int, first: bool) -> bytes:
        key = (cid, score, top, first)
        got = self._heads.get(key)
        if got is None:
            got = self._heads[key] = (f'{"" if first else ", "}{_encode_string(cid)}: {{"score": {score!r}, '
                                      f'"max": {top!r}, "evidence": [').encode()
        return got

    def _piece(self, c: Any, score: float, reason: str, graded_by: str, first: bool) -> bytes:
        """A criterion with no evidence, as one kept piece of text."""
        key = (c.id, score, reason, graded_by, first)
        piece = self._whole.get(key)
        if piece is None:
            piece = b"".join([self._head(c.id, score, c.max_points, first), b'], "reason": ',
                              _encode_string(reason).encode("utf-8"), _GRADED[graded_by != "ungraded"]])
            if len(self._whole) >= self.MAX_KEPT:
                self._whole.clear()
            self._whole[key] = piece
        return piece

    def line(self, text: str, number: int, rubric: Rubric, scorer: RuleScorer, language: str) -> bytes:
        """The output line of input line `text`."""
        parsed = _parse(text, number, language)
        if isinstance(parsed, dict):
            return _dump(parsed).encode("utf-8") + b"\n"
        line_id, reply, context = parsed
        plain = scorer.plain(reply, rubric, context)
        critical = plain.critical_failure
        try:  # a lone surrogate (escaped in the input) cannot be encoded: the slow path escapes it
            out = [b'{"id": %s, "total": %r, "passed": %s, "critical_failure": %s, "criteria": {' % (
                _encode_id(line_id), plain.total,
                b"true" if plain.passed else b"false", b"null" if critical is None else self._string(critical))]
            # the kept pieces looked up here, made by `_string` and `_head` the first time
            first, strings, heads, idle = True, self._strings, self._heads, self._idle
            for row in plain.rows:
                if type(row) is IdleRow:  # the same row, so the same text, for every reply that found nothing
                    got = idle.get(row)
                    if got is None:
                        if len(idle) >= self.MAX_KEPT:
                            idle.clear()
                        c, score, _, reason, graded_by = row
                        got = idle[row] = (self._piece(c, score, reason, graded_by, False),
                                           self._piece(c, score, reason, graded_by, True))
                    out.append(got[first])
                    first = False
                    continue
                c, score, evidence, reason, graded_by = row
                if not evidence:  # the whole criterion is one kept piece of text
                    out.append(self._piece(c, score, reason, graded_by, first))
                    first = False
                    continue
                if len(evidence) == 1 and type(e := evidence[0]) is Hit:  # the usual: one hit, no list
                    found = _HIT % (e[0], e[1], _encode_string(e[2]).encode("utf-8"))
                else:
                    found = b", ".join([_HIT % (e[0], e[1], _encode_string(e[2]).encode("utf-8")) if type(e) is Hit
                                        else _evidence_json(e).encode("utf-8") for e in evidence])  # type: ignore
                top = c.max_points
                out += (heads.get((c.id, score, top, first)) or self._head(c.id, score, top, first),
                        found, b'], "reason": ', strings.get(reason) or self._string(reason),
                        _GRADED[graded_by != "ungraded"])
                first = False
            out.append(_END[context.language])
        except UnicodeEncodeError:
            return _dump({"id": line_id, **as_json(scorer.score(reply, rubric, context)),
                          "language": context.language}).encode("utf-8") + b"\n"
        return b"".join(out)


_HIT = b'{"start": %d, "end": %d, "text": %s}'  # a hit as evidence: its place and its words, encoded
_GRADED = (b', "graded": false}', b', "graded": true}')
_END = {lang: b'}, "language": "%s"}\n' % lang.encode() for lang in LANGUAGES}  # a line's last words


def _evidence_json(e: dict[str, Any]) -> str:
    """A moment of a spoken reply as evidence (a hit is written with `_HIT`, the same way)."""
    return f'{{"start": {e["start"]!r}, "end": {e["end"]!r}, "text": {_encode_string(e["text"])}}}'


_PLAIN = {lang: ReplyContext(language=lang) for lang in LANGUAGES}  # the context of a line without one
_OWN_LANGUAGES = (None, *LANGUAGES)


def _context(item: dict[str, Any], reply: str, language: str) -> ReplyContext:
    raw = item.get("context")
    fields: dict[str, Any]
    if raw is None and item.get("language") in _OWN_LANGUAGES:
        wanted = item.get("language") or language
        return _PLAIN[detect(reply) if wanted == "auto" else wanted]
    if raw is None:
        fields = {}
    elif isinstance(raw, str):
        fields = {"customer_line": raw}
    elif isinstance(raw, dict):
        fields = dict(raw)
    else:
        raise ValueError("`context` must be the customer's message (a string) or an object")
    wanted = item.get("language") or fields.get("language") or language
    if wanted == "auto":
        wanted = detect(reply)
    if wanted not in LANGUAGES:
        raise ValueError(f"`language` must be one of {', '.join(LANGUAGES)} or auto, not {wanted!r}")
    fields["language"] = wanted
    return ReplyContext.model_validate(fields)


def _first_error(e: Exception) -> str:
    if isinstance(e, ValidationError):
        err = e.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        return f"context.{loc}: {err['msg']}"
    return str(e)


def as_json(score: ReplyScore, judged: bool = False) -> dict[str, Any]:
    return {
        "total": score.total,
        "passed": score.passed,
        "critical_failure": score.critical_failure,
        "criteria": {
            cid: {
                "score": r.score,
                "max": r.max,
                "evidence": [{"start": e.start, "end": e.end, "text": e.text} for e in r.evidence],
                "reason": r.reason,
                "graded": r.graded,
                **({"graded_by": r.graded_by} if judged else {}),
            }
            for cid, r in score.criteria.items()
        },
    }


def _dump(obj: dict[str, Any]) -> str:
    line = json.dumps(obj, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates from escaped input: keep the line valid UTF-8
        line = json.dumps(obj)
    return line
