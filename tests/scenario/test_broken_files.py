"""A table of broken library folders: each planted problem must be reported at its exact line, with
every other file still loading."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scenario.library import OTHER, RUBRIC, SCENARIO, insert_line, replace_line, write_library
from trainer.scenario.catalog import Catalog

S, R = SCENARIO, RUBRIC
H = "en/hold.yaml"
BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 10) + "]\n" for i in range(9)
)
DEAD_END = replace_line(S, 21, "      - goto: stuck") + (
    "  - id: stuck\n    say: ['Hello?']\n    model_answer: Sorry.\n    branches:\n      - goto: stuck\n"
)
RUBRIC_BROKEN = ("en/other.yaml", 7, "rubric", "rubric 'basic' (")

# (case id, files to add or override, every expected problem as (file, line, loc, part of the message))
CASES = [
    ("yaml syntax error", {H: replace_line(S, 2, "title: The caller: on hold")},
     [(H, 2, "", "YAML syntax error: mapping values are not allowed")]),
    ("tab indentation", {H: replace_line(S, 10, "\tmood: 6")},
     [(H, 10, "", "a tab is used for indentation; YAML indents with spaces only")]),
    ("unclosed quote", {H: replace_line(S, 12, '  - "I have been on hold')},
     [(H, 23, "", "started on line 12")]),
    ("duplicate key", {H: insert_line(S, 3, "title: Again")},
     [(H, 3, "title", "duplicate key 'title' (first on line 2)")]),
    ("unknown key with suggestion", {H: replace_line(S, 10, "  mod: 6")},
     [(H, 10, "persona.mod", "unknown key 'mod'; did you mean 'mood'?")]),
    ("unknown key and a library problem in the same file",
     {H: replace_line(replace_line(S, 10, "  mod: 6"), 7, "rubric: basik")},
     [(H, 7, "rubric", "no rubric with id 'basik'"), (H, 10, "persona.mod", "unknown key 'mod'")]),
    ("missing required key", {H: replace_line(S, 15, "")},
     [(H, 14, "steps.0.model_answer", "missing required key 'model_answer'")]),
    ("wrong type", {H: replace_line(S, 6, "difficulty: hard")},
     [(H, 6, "difficulty", "expected a whole number, got the text 'hard'")]),
    ("number out of range", {H: replace_line(S, 6, "difficulty: 9")},
     [(H, 6, "difficulty", "must be less than or equal to 5 (got 9)")]),
    ("bad enum value", {H: replace_line(S, 5, "channel: fax")},
     [(H, 5, "channel", "'fax' is not allowed here; use 'phone', 'chat', 'email' or 'social'")]),
    ("empty value", {H: replace_line(S, 2, "title:")},
     [(H, 2, "title", "the value is empty")]),
    ("invalid id", {H: replace_line(S, 1, "id: Hold Music")},
     [(H, 1, "id", "'Hold Music' is not a valid id")]),
    ("non-text key", {H: insert_line(S, 10, "  details: {1: x}")},
     [(H, 10, "persona.details", "keys must be text, not '1'")]),
    ("value of the wrong shape in a union", {H: replace_line(S, 9, "  first_name: [Dana]")},
     [(H, 9, "persona.first_name", "expected text, a number, a mapping with `faker:` or a mapping with "
       "`choice:`, got a list")]),
    ("unknown language in a phrase list", {"rubrics/basic.yaml": replace_line(R, 11, "          de: [x]")},
     [("rubrics/basic.yaml", 11, "criteria.0.levels.0.phrases.de",
       "the key 'de' is not allowed here; use 'en', 'fa' or 'zh'"), RUBRIC_BROKEN]),
    ("malformed phrase", {"rubrics/basic.yaml": replace_line(R, 11, '          fa: ["(ممنون*|مرسی)"]')},
     [("rubrics/basic.yaml", 11, "criteria.0.levels.0.phrases.fa.0",
       "`*` inside `(ممنون*|مرسی)` is dropped; put it after the group: `(ممنون|مرسی)*`"), RUBRIC_BROKEN]),
    ("malformed phrases in a forbidden list",
     {"rubrics/basic.yaml": R + "  - id: no_blame\n    label: No blame\n    type: forbidden\n    phrases:\n"
      "      en: [calm down, '(you|u']\n      zh: ['不关(我|我们)的?事']\n"},
     [("rubrics/basic.yaml", 19, "criteria.2.phrases.en.1", "unbalanced parentheses"),
      ("rubrics/basic.yaml", 20, "criteria.2.phrases.zh.0", "write `(的)?` for an optional word"), RUBRIC_BROKEN]),
    ("unknown criterion type", {"rubrics/basic.yaml": replace_line(R, 14, "    type: nextstep")},
     [("rubrics/basic.yaml", 14, "criteria.1.type", "unknown type 'nextstep'; did you mean 'next_step'? "
       "valid types: phrases, regex,"), RUBRIC_BROKEN]),
    ("missing criterion type", {"rubrics/basic.yaml": replace_line(R, 14, "")},
     [("rubrics/basic.yaml", 12, "criteria.1", "missing `type:`; give one of: phrases,"), RUBRIC_BROKEN]),
    ("bad regular expression",
     {"rubrics/basic.yaml": R + "  - id: order\n    label: Order\n    type: regex\n    pattern: '[0-9'\n"},
     [("rubrics/basic.yaml", 18, "criteria.2.pattern", "not a valid regular expression"), RUBRIC_BROKEN]),
    ("regular expression that can backtrack without end",
     {"rubrics/basic.yaml": R + "  - id: order\n    label: Order\n    type: regex\n    pattern: '(\\w+\\s?)*$'\n"},
     [("rubrics/basic.yaml", 18, "criteria.2.pattern", "can take exponential time"), RUBRIC_BROKEN]),
    ("unknown rubric with suggestion", {H: replace_line(S, 7, "rubric: basik")},
     [(H, 7, "rubric", "no rubric with id 'basik'; did you mean 'basic'?")]),
    ("unknown extends", {"rubrics/child.yaml": "id: child\ntitle: Child\nextends: basci\n"},
     [("rubrics/child.yaml", 3, "extends", "no rubric with id 'basci'; did you mean 'basic'?")]),
    ("extends loop", {"rubrics/a.yaml": "id: ra\ntitle: A\nextends: rb\n",
                      "rubrics/b.yaml": "id: rb\ntitle: B\nextends: ra\n"},
     [("rubrics/a.yaml", 3, "extends", "`extends` makes a loop (ra -> rb -> ra)"),
      ("rubrics/b.yaml", 3, "extends", "`extends` makes a loop (rb -> ra -> rb)")]),
    ("goto to a missing step", {H: replace_line(S, 20, "        goto: clam")},
     [(H, 20, "steps.0.branches.0.goto", "`goto` names no step 'clam' in this scenario; did you mean 'calm'?"),
      (H, 22, "steps.1.id", "step 'calm' is never reached")]),
    ("unreachable step", {H: replace_line(S, 20, "        end: resolved")},
     [(H, 22, "steps.1.id", "step 'calm' is never reached: no `goto` leads to it from the start step 'greet'")]),
    ("dead-end step", {H: DEAD_END},
     [(H, 31, "steps.2.id", "no way to end the call from step 'stuck'")]),
    ("step entered without say", {H: replace_line(S, 23, "")},
     [(H, 22, "steps.1.id", "step 'calm' is entered by a `goto` (line 20) but has no `say`")]),
    ("no default branch", {H: replace_line(S, 21, "      - {when: {mood: {max: 3}}, end: hung_up}")},
     [(H, 21, "steps.0.branches.1", "step 'greet' has no default branch")]),
    ("criterion not in the rubric", {H: replace_line(S, 19, "            empathi: {min: 1}")},
     [(H, 19, "steps.0.branches.0.when.criteria.empathi",
       "criterion 'empathi' is not in rubric 'basic'; did you mean 'empathy'?")]),
    ("range that can never hold", {H: replace_line(S, 19, "            empathy: {min: 3}")},
     [(H, 19, "steps.0.branches.0.when.criteria.empathy.min",
       "min 3 can never hold: criterion 'empathy' scores 0..2")]),
    ("duplicate step id", {H: replace_line(S, 22, "  - id: greet")},
     [(H, 22, "steps.1.id", "step id 'greet' appears twice")]),
    ("unknown placeholder", {H: replace_line(S, 12, '  - "Hello, this is {customer.frist_name}."')},
     [(H, 12, "opening.0", "unknown placeholder {customer.frist_name}. Did you mean {customer.first_name}")]),
    ("unknown Faker provider", {H: replace_line(S, 10, "  details: {city: {faker: citty}}")},
     [(H, 10, "persona.details.city.faker", "unknown Faker provider 'citty'")]),
    ("duplicate id across two files", {"en/zz-copy.yaml": OTHER},
     [("en/zz-copy.yaml", 1, "id", "duplicate scenario id 'other-caller': en/other.yaml:1 already uses it")]),
    ("alias bomb", {H: BOMB}, [(H, 1, "", "(an alias bomb?)")]),
    ("alias loop", {H: "a: &x [*x]\n"}, [(H, 1, "", "an alias refers to a value that contains it")]),
    ("oversized file", {H: S + "# " + "x" * 300_000 + "\n"},
     [(H, 0, "", "over the 256 KiB limit (TRAINER_MAX_FILE_KB)")]),
    ("binary file", {H: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"}, [(H, 0, "", "this is a binary file")]),
    ("not UTF-8", {H: replace_line(S, 3, "summary: Caf\xe9 hold music.").encode("latin-1")},
     [(H, 3, "", "not UTF-8 text (byte 0xe9 at line 3)")]),
    ("two documents in one file", {H: S + "---\nid: second\n"},
     [(H, 31, "", "a second YAML document starts here")]),
    ("empty file", {H: "# nothing yet\n"}, [(H, 0, "", "the file is empty")]),
    ("a list instead of a mapping", {H: "- a\n- b\n"}, [(H, 1, "", "the file holds a list")]),
    ("rubric outside the rubrics folder", {"en/r.yaml": R.replace("id: basic", "id: basic2")},
     [("en/r.yaml", 1, "", "this looks like a rubric")]),
    ("a criterion named twice in a step", {H: insert_line(S, 15, "    criteria: [empathy, next_step, empathy]")},
     [(H, 15, "steps.0.criteria.2", "criterion 'empathy' is named twice in step 'greet'")]),
    ("an empty list of step criteria", {H: insert_line(S, 15, "    criteria: []")},
     [(H, 15, "steps.0.criteria", "")]),
]


@pytest.mark.parametrize(("files", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_planted_problem_is_reported_at_its_line(tmp_path: Path, files, expected) -> None:
    write_library(tmp_path, files)
    catalog = Catalog.load(tmp_path)

    root = f"{tmp_path}/"
    got = sorted((p.path.removeprefix(root), p.line, p.loc, p.message.replace(root, "")) for p in catalog.problems)
    assert [(f, line, loc) for f, line, loc, _ in got] == sorted((f, line, loc) for f, line, loc, _ in expected)
    for (_, _, _, message), (_, _, _, part) in zip(got, sorted(expected), strict=True):
        assert part in message
    rubric_broken = RUBRIC_BROKEN in expected
    assert ("other-caller" in catalog.scenarios) is not rubric_broken, "the good scenario must still load"


def test_all_problems_of_all_files_come_in_one_pass(tmp_path: Path) -> None:
    files = {f"en/case{i}.yaml": body for i, (_, f, _) in enumerate(CASES[:12]) for body in f.values()}
    write_library(tmp_path, files)
    catalog = Catalog.load(tmp_path)
    assert {Path(p.path).name for p in catalog.problems} == {f"case{i}.yaml" for i in range(12)}
    assert catalog.problems == sorted(set(catalog.problems))
    assert "other-caller" in catalog.scenarios
