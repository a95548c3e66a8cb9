"""`python -m trainer COMMAND ...`: one module per command group in this package.

Each module defines `register(subparsers)`, which adds its sub-commands and sets `func` on them;
`func(args, settings)` returns the exit code. A `FrontlineError` becomes a one-line message on
stderr and exit code 2 (1 is reserved for "ran fine, found problems", as in `validate`).

Only the module of the command being run is imported (`COMMANDS`), so `score` and `validate` start
without loading the database layer, Faker or the LLM client; `--help` and an unknown command load all.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from trainer.config import load_settings
from trainer.errors import FrontlineError

# command -> the module in this package that registers it (a test checks this matches the modules)
__all__ = ["COMMANDS", "build_parser", "command_modules", "main"]

COMMANDS = {
    "validate": "library", "schema": "library", "play": "play", "score": "score", "rescore": "rescore",
    "users": "users", "db": "db", "demo": "demo", "export": "export", "report": "report", "draft": "draft",
    "recordings": "recordings",
}


def command_modules() -> list[str]:
    return sorted(info.name for info in pkgutil.iter_modules(__path__) if not info.name.startswith("_"))


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser with every command, or, given a known `command`, with that command's module only."""
    parser = argparse.ArgumentParser(
        prog="python -m trainer", description="Frontline: call-center training from the terminal."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    names = [COMMANDS[command]] if command in COMMANDS else command_modules()
    for name in names:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv[0] if argv and not argv[0].startswith("-") else None
    args = build_parser(command).parse_args(argv)
    try:
        return int(args.func(args, load_settings()) or 0)
    except FrontlineError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `... | head` closed the pipe: not an error
        return 0
