"""`python -m trainer COMMAND ...`: one module per command group in this package.

Each module defines `register(subparsers)`, which adds its sub-commands and sets `func` on them;
`func(args, settings)` returns the exit code. A `FrontlineError` becomes a one-line message on
stderr and exit code 2 (1 is reserved for "ran fine, found problems", as in `validate`).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from trainer.config import load_settings
from trainer.errors import FrontlineError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m trainer", description="Frontline: call-center training from the terminal."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args, load_settings()) or 0)
    except FrontlineError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `... | head` closed the pipe: not an error
        return 0
