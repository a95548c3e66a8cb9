"""`python -m trainer export csv|xapi --since DATE --out FILE [--push URL]`: attempts for spreadsheets
and learning-record stores, streamed from the database in batches (any size of history).

`csv` writes one row per attempt (every state); `xapi` writes xAPI statements as JSON lines for the
finished attempts (see `trainer/progress/xapi.py`) and, with `--push URL`, also sends them to the LRS
at URL with basic auth: the user and password from the URL (`https://user:pass@lrs/xapi`) or from
TRAINER_LRS_USER and TRAINER_LRS_PASSWORD.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from trainer.config import Settings
from trainer.errors import ConfigError
from trainer.progress import exports, lrs, xapi
from trainer.scenario.catalog import Catalog
from trainer.store import open_repository


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("export", help="export attempts as CSV or xAPI statements",
                                   description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("format", choices=("csv", "xapi"))
    parser.add_argument("--since", type=when, metavar="DATE",
                        help="attempts started on or after DATE (YYYY-MM-DD, UTC, or an ISO time)")
    parser.add_argument("--until", type=when, metavar="DATE", help="attempts started before DATE")
    parser.add_argument("--out", required=True, metavar="FILE", help="file to write ('-': standard output)")
    parser.add_argument("--push", metavar="URL", help="(xapi) also send the statements to this LRS endpoint")
    parser.add_argument("--iri-base", default=xapi.DEFAULT_BASE,
                        help=f"(xapi) IRI for activities and extensions (default: {xapi.DEFAULT_BASE})")
    parser.add_argument("--no-criteria", action="store_true",
                        help="(xapi) leave out the per-criterion statements (criteria stay as extensions)")
    parser.set_defaults(func=run)


def when(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; use YYYY-MM-DD or 2027-03-31T18:00+01:00") from None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


@contextmanager
def output(path: str) -> Iterator[TextIO]:
    if path == "-":
        yield sys.stdout
        return
    try:
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8", newline="") as out:
            yield out
    except OSError as e:
        raise ConfigError(f"Cannot write {path}: {e.strerror}. Choose a writable file for --out.") from None


def titles(settings: Settings) -> dict[str, str]:
    catalog = Catalog.load(settings.scenarios_dir, max_file_bytes=settings.max_file_kb * 1024)
    return {sid: s.title for sid, s in catalog.scenarios.items()}


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.push and args.format != "xapi":
        raise ConfigError("--push sends xAPI statements; use it with `export xapi`.")
    names = titles(settings)
    repo = open_repository(settings)
    try:
        rows = repo.exports.iter_export(None, since=args.since, until=args.until, finished_only=args.format == "xapi")
        with output(args.out) as out:
            if args.format == "csv":
                count = exports.write_attempts(rows, out, names)
                what = "attempts"
            else:
                options = {"base": args.iri_base, "titles": names, "per_criterion": not args.no_criteria}
                count = xapi.write_jsonl(xapi.all_statements(rows, **options), out)
                what = "statements"
        if args.out != "-":
            print(f"Wrote {count} {what} to {args.out}.", file=sys.stderr)
        if args.push:
            sent = lrs.push(_read_back(args.out, repo, args, names), args.push,
                            username=settings.lrs_user or None,
                            password=settings.lrs_password.get_secret_value() or None)
            print(f"Sent {sent} statements to {lrs.split_credentials(args.push)[0]}.", file=sys.stderr)
    finally:
        repo.close()
    return 0


def _read_back(path: str, repo, args: argparse.Namespace, names: dict[str, str]) -> Iterator[dict]:
    """The statements just written (from the file, or built again when they went to standard output)."""
    if path != "-":
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    yield json.loads(line)
        return
    rows = repo.exports.iter_export(None, since=args.since, until=args.until, finished_only=True)
    yield from xapi.all_statements(rows, base=args.iri_base, titles=names, per_criterion=not args.no_criteria)

