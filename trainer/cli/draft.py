"""`draft`: a trainer describes a scenario in words and the configured LLM drafts its YAML file.

`draft "an elderly customer whose pension payment bounced, Persian, phone" [--from FILE] [--save DIR]
[--json]` prints the drafted YAML on standard output and every problem, as `path:line: loc: message`,
on standard error. `--save DIR` writes `DIR/<id>.yaml` only when the draft has no problem (and never
over an existing file). Exit 0 when the draft is valid (and saved, if asked), 1 when it has problems
(nothing is written), 2 for errors such as no LLM configured.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from trainer.config import Settings
from trainer.errors import ConfigError
from trainer.scenario.catalog import Catalog


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "draft", help="draft a scenario YAML from a description, with the configured LLM",
        description="Draft a scenario file from a paragraph with the configured LLM, check it like any "
        "library file and print it with its problems. Exits 0 when it is valid, 1 when it has problems.")
    p.add_argument("description", nargs="*", help="the scenario in words (or use --from)")
    p.add_argument("--from", dest="source", metavar="FILE", help="read the description from FILE ('-': stdin)")
    p.add_argument("--save", metavar="DIR", type=Path,
                   help="write DIR/<id>.yaml when the draft is valid (never overwrites)")
    p.add_argument("--json", action="store_true",
                   help="print one JSON object: ok, id, yaml, problems, saved")
    p.set_defaults(func=run)


def _description(args: argparse.Namespace) -> str:
    if args.source is None:
        return " ".join(args.description)
    if args.source == "-":
        return sys.stdin.read()
    try:
        return Path(args.source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"Cannot read {args.source}: {e}; give a UTF-8 text file.") from None


def run(args: argparse.Namespace, settings: Settings) -> int:
    from trainer.llm import chat_model
    from trainer.scenario import drafting

    catalog = Catalog.load(settings.scenarios_dir, max_file_bytes=settings.max_file_kb * 1024)
    result = drafting.draft(_description(args), chat_model(settings), catalog,
                             context_tokens=settings.llm_context_tokens)
    saved = None
    if result.ok and args.save is not None:
        saved = drafting.save(result.text, args.save, catalog)
    if args.json:
        print(json.dumps({
            "ok": result.ok, "id": result.scenario_id, "yaml": result.text, "attempts": result.attempts,
            "errors": result.errors,
            "problems": [{"path": p.path, "line": p.line, "loc": p.loc, "message": p.message}
                         for p in result.problems],
            "saved": str(saved) if saved else None,
        }, ensure_ascii=False, indent=2))
    else:
        print(result.text, end="")
        for error in result.errors:
            print(error, file=sys.stderr)
        for problem in result.problems:
            print(problem, file=sys.stderr)
        if result.problems:
            print(f"{len(result.problems)} problem(s); fix them before saving "
                  "(`python -m trainer validate FILE` checks a file).", file=sys.stderr)
        elif saved:
            print(f"saved {saved}", file=sys.stderr)
    return 0 if result.ok else 1
