"""Setting a few keys keeps every other line of the author's file exactly as it was."""

import difflib
from pathlib import Path

import pytest

from tests.found import found
from trainer.config import ROOT
from trainer.errors import ScenarioError
from trainer.studio.roundtrip import set_values
from trainer.studio.template import TEMPLATE

FILES = found((ROOT / "scenarios").rglob("*.yaml"), "shipped YAML files")


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:2] in ("- ", "+ ")]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_changing_the_title_changes_only_the_title_line(path: Path):
    text = path.read_text(encoding="utf-8")
    after = set_values(text, {"title": "A retitled file"})
    changes = changed_lines(text, after)
    assert len(changes) == 2 and changes[0].startswith("- title:")
    assert changes[1] in ("+ title: A retitled file", '+ title: "A retitled file"', "+ title: 'A retitled file'")


def test_comments_order_and_styles_survive():
    text = TEMPLATE.read_text(encoding="utf-8")
    after = set_values(text, {"id": "late-parcel", ("persona", "mood"): 3, "tags": ["delivery", "late"],
                              "summary": "A shorter summary."})
    assert "id: late-parcel                 # lower-case letters" in after
    assert "  mood: 3                       # 0 calm .. 10 furious, at the start" in after
    assert "tags: [delivery, late]" in after
    assert "summary: >-\n  A shorter summary.\n" in after  # the folded style is kept
    assert after.splitlines()[0] == text.splitlines()[0]
    keys = [line.split(":")[0] for line in after.splitlines() if line and line[0].isalpha()]
    assert keys[:8] == ["id", "title", "summary", "language", "channel", "difficulty", "tags", "rubric"]
    assert len(changed_lines(text, after)) == 2 + 2 + 2 + 3  # id, mood, tags, summary (2 lines became 1)


def test_missing_keys_are_added_after_their_mapping():
    text = "id: a\npersona:\n  mood: 5\nsteps: []\n"
    after = set_values(text, {("persona", "hang_up_at"): 9, "max_turns": 4})
    assert after == "id: a\npersona:\n  mood: 5\n  hang_up_at: 9\nsteps: []\nmax_turns: 4\n"


def test_broken_yaml_says_where():
    with pytest.raises(ScenarioError, match=r"cannot be read \(line \d+\)"):
        set_values("id: a\ntitle: [oops\n", {"title": "x"})
