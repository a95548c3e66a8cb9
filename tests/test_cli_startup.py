"""`python -m trainer` imports only what the command it runs needs, so `score` and `validate` start fast."""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys
from pathlib import Path

from trainer.cli import COMMANDS, command_modules

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("sqlalchemy", "alembic", "openai", "streamlit", "faker", "argon2", "psycopg")


def test_every_command_is_mapped_to_the_module_that_registers_it():
    registered: dict[str, str] = {}
    for name in command_modules():
        sub = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(f"trainer.cli.{name}").register(sub)
        registered.update(dict.fromkeys(sub.choices, name))
    assert registered == COMMANDS


def _imported(*argv: str, stdin: str = "") -> set[str]:
    code = ("import sys, runpy\nsys.argv = ['trainer', *sys.argv[1:]]\n"
            "try:\n    runpy.run_module('trainer', run_name='__main__')\nexcept SystemExit:\n    pass\n"
            "import json\nprint(json.dumps(sorted({m.split('.')[0] for m in sys.modules})), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code, *argv], cwd=ROOT, input=stdin, capture_output=True,
                          text=True, timeout=120)
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def test_score_and_validate_load_no_database_llm_or_ui_library():
    scored = _imported("score", "--rubric", "core", "--jsonl", "-", stdin='{"id": 1, "reply": "sorry"}\n')
    assert "trainer" in scored and not scored & set(HEAVY), scored & set(HEAVY)
    validated = _imported("validate", str(ROOT / "scenarios" / "rubrics"))
    assert not validated & set(HEAVY), validated & set(HEAVY)


def test_help_still_lists_every_command():
    done = subprocess.run([sys.executable, "-m", "trainer", "--help"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0
    for command in COMMANDS:
        assert command in done.stdout
