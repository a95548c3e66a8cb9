"""The authoring guide (`scenarios/README.md`) is tested like code, so a trainer can trust every word.

The guide's complete example files (code blocks opening with `# scenarios/...yaml`) are written into a
temporary library next to the shipped rubrics: they must validate, the scenario must reach `resolved`
and pass with its model answers (from every step, through the documented `play` command too) and
fail with the guide's rude replies. Every other YAML snippet must fit the example (scenario keys are
laid over the example scenario and checked against its rubric; criteria and branches are parsed by
the real schema), and the criterion examples must cover every criterion type. The broken example must
produce exactly the errors the guide prints, and the sample `play` output must be what `play` prints.
Each row of the phrase table is run through the real scorer. Every `python -m trainer` command in the
guide must parse. The starter templates in `scenarios/templates/` must validate and play. The library
table must name every shipped scenario with its language, channel and difficulty. Regenerate the
generated parts (library table, sample output) after an intended change, then review the diff:

    FRONTLINE_REGENERATE_GUIDE=1 .venv/bin/python -m pytest tests/guide -q

(`FRONTLINE_REGENERATE_GOLDEN=1`, which refreshes the golden transcripts, refreshes them too.)

The Gherkin block in the guide is `tests/features/guide/missed_install.feature`, bound at the bottom
with the English library's steps (`tests/library/steps.py`), so a trainer can copy it as it is.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml
from pydantic import TypeAdapter
from pytest_bdd import scenarios

from tests.found import found
from tests.library.steps import *  # noqa: F403  (binds the English library's step definitions)
from tests.library.steps import play, start
from trainer.cli import build_parser, main
from trainer.matching.phrases import Reply, matcher
from trainer.scenario.catalog import Catalog
from trainer.scenario.schema import Branch, Criterion, EndState, Rubric, Scenario
from trainer.scoring.rules import RuleScorer
from trainer.simulation.session import Session, TurnOutcome

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = ROOT / "scenarios"
GUIDE = LIBRARY / "README.md"
TEMPLATES = LIBRARY / "templates"
FEATURE = ROOT / "tests" / "features" / "guide" / "missed_install.feature"
# the guide's generated parts (library table, sample output) are refreshed with the golden transcripts
REGENERATE = "1" in (os.environ.get("FRONTLINE_REGENERATE_GUIDE"), os.environ.get("FRONTLINE_REGENERATE_GOLDEN"))
FILE_HEADER = re.compile(r"^# (scenarios/\S+\.ya?ml)( \(broken on purpose\))?$")
LANGUAGE_NAMES = {"en": "English", "fa": "Persian", "zh": "Chinese"}
TABLE_START, TABLE_END = "<!-- library:start -->", "<!-- library:end -->"
PHRASES_START, PHRASES_END = "<!-- phrase-examples:start -->", "<!-- phrase-examples:end -->"


# --------------------------------------------------------------------------------------------------
# Reading the guide


@dataclass(frozen=True)
class Block:
    """One fenced code block: its info string, its text (fence indentation removed), its line."""

    lang: str
    text: str
    line: int
    before: str  # the prose between the previous block and this one

    @property
    def file(self) -> str | None:
        first = self.text.split("\n", 1)[0]
        m = FILE_HEADER.match(first) if self.lang == "yaml" else None
        return m.group(1) if m else None

    @property
    def broken(self) -> bool:
        return self.text.split("\n", 1)[0].endswith("(broken on purpose)")


def read_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    lines = text.split("\n")
    i, prose_from = 0, 0
    while i < len(lines):
        m = re.match(r"^(\s*)```(\w*)\s*$", lines[i])
        if not m:
            i += 1
            continue
        indent, lang, start = m.group(1), m.group(2), i
        body: list[str] = []
        i += 1
        while i < len(lines) and lines[i].strip() != "```":
            body.append(lines[i][len(indent):] if lines[i].startswith(indent) else lines[i])
            i += 1
        before = "\n".join(lines[prose_from:start])
        blocks.append(Block(lang, "\n".join(body) + "\n", start + 1, before))
        i += 1
        prose_from = i
    return blocks


GUIDE_TEXT = GUIDE.read_text(encoding="utf-8")
BLOCKS = read_blocks(GUIDE_TEXT)
FILES = [b for b in BLOCKS if b.file and not b.broken]
BROKEN = [b for b in BLOCKS if b.file and b.broken]


def block_after(phrase: str, lang: str) -> Block:
    """The first block of `lang` whose preceding prose contains `phrase`."""
    for b in BLOCKS:
        if b.lang == lang and phrase in b.before:
            return b
    raise AssertionError(f"the guide has no {lang} block after a paragraph mentioning {phrase!r}")


def example_docs() -> tuple[dict[str, Any], dict[str, Any]]:
    """The guide's complete example scenario and rubric, as data."""
    docs = [yaml.safe_load(b.text) for b in FILES]
    scenario = next(d for d in docs if "steps" in d)
    rubric = next(d for d in docs if d["id"] == scenario["rubric"])
    return scenario, rubric


def section(text: str, start: str, end: str) -> str:
    assert start in text and end in text, f"the guide lost its {start} ... {end} markers"
    return text.split(start, 1)[1].split(end, 1)[0]


# --------------------------------------------------------------------------------------------------
# The example library: the shipped rubrics plus the guide's example files


def make_library(root: Path, files: Iterable[tuple[str, str]]) -> Path:
    rubrics = root / "scenarios" / "rubrics"
    rubrics.mkdir(parents=True)
    for shipped in found((LIBRARY / "rubrics").glob("*.y*ml"), "shipped rubrics"):
        shutil.copy(shipped, rubrics / shipped.name)
    for rel, text in files:
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root / "scenarios"


@pytest.fixture(scope="module")
def example_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    assert FILES, "the guide has no complete example file (a yaml block opening with `# scenarios/...`)"
    return make_library(tmp_path_factory.mktemp("guide"), [(b.file, b.text) for b in FILES])  # type: ignore[misc]


@pytest.fixture(scope="module")
def catalog(example_dir: Path) -> Catalog:
    return Catalog.load(example_dir)


@pytest.fixture(scope="module")
def example_id() -> str:
    return example_docs()[0]["id"]


def route(outcomes: list[TurnOutcome]) -> str:
    return " -> ".join(f"{o.branch.from_step}({o.mood_after})" for o in outcomes)


def run_cli(argv: list[str], scenarios_dir: Path, monkeypatch: pytest.MonkeyPatch,
            capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    monkeypatch.setenv("TRAINER_SCENARIOS_DIR", str(scenarios_dir))
    capsys.readouterr()
    code = main(argv)
    return code, capsys.readouterr().out


# --------------------------------------------------------------------------------------------------
# The complete example


def test_the_guide_has_one_complete_example_scenario_and_its_rubric() -> None:
    kinds = sorted("rubric" if "/rubrics/" in b.file else "scenario" for b in FILES)  # type: ignore[operator]
    assert kinds == ["rubric", "scenario"], [b.file for b in FILES]
    scenario, rubric = example_docs()
    assert rubric.get("extends") == "core", "the example shows `extends`"
    for b in FILES:
        data = yaml.safe_load(b.text)
        assert Path(b.file).stem == data["id"], f"{b.file}: name the file after its id"  # type: ignore[arg-type]


def test_the_example_validates_with_the_shipped_rubrics(catalog: Catalog, example_dir: Path, example_id: str,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert [str(p) for p in catalog.problems] == []
    assert example_id in catalog.scenarios
    code, out = run_cli(["validate"], example_dir, monkeypatch, capsys)
    assert code == 0 and out.startswith("OK: 1 scenarios"), out


def test_the_example_ids_are_not_taken_by_the_shipped_library(example_id: str) -> None:
    shipped = Catalog.load(LIBRARY)
    scenario, rubric = example_docs()
    assert example_id not in shipped.scenarios
    assert rubric["id"] not in shipped.rubrics


def test_the_example_uses_every_part_the_guide_explains() -> None:
    scenario, rubric = example_docs()
    for key in ("persona", "hidden_facts", "variables", "opening", "steps", "response_time_target",
                "max_turns", "rubric"):
        assert key in scenario, key
    persona = scenario["persona"]
    assert any(isinstance(v, dict) and "faker" in v for v in persona.values())
    assert any(isinstance(v, dict) and "choice" in v for v in scenario["variables"].values())
    ends = {b.get("end") for s in scenario["steps"] for b in s["branches"]}
    assert {"resolved", "escalated", "hung_up"} <= ends
    branching = [s for s in scenario["steps"] if len(s["branches"]) >= 2]
    assert len(scenario["steps"]) >= 4 and len(branching) >= 2
    assert {c["type"] for c in rubric["criteria"]} >= {"phrases", "forbidden", "must_ask"}


@pytest.mark.parametrize("seed", [1, 7, 42, 2024])
def test_the_example_resolves_and_passes_with_its_model_answers(catalog: Catalog, example_id: str,
                                                                seed: int) -> None:
    session = start(catalog, example_id, seed)
    outcomes = play(session)
    card = session.scorecard()
    assert card.end_state is EndState.resolved, route(outcomes)
    assert card.passed, card.why_not_passed
    assert session.mood < session.scenario.persona.mood, "model answers calm the customer"


def test_the_example_resolves_from_every_step(catalog: Catalog, example_id: str) -> None:
    scenario = catalog.scenario(example_id)
    for step in scenario.steps:
        fresh = start(catalog, example_id, 1)
        session = Session.restore(fresh.state.model_copy(update={"step": step.id}), scenario,
                                  catalog.rubric_for(scenario), RuleScorer())
        outcomes = play(session)
        assert session.end_state is EndState.resolved, f"from {step.id}: {route(outcomes)}"


def test_the_documented_play_command_passes_with_model_answers(example_dir: Path, example_id: str,
                                                               monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run_cli(["play", example_id, "--model-answers", "--json"], example_dir, monkeypatch, capsys)
    result = json.loads(out)
    assert (code, result["end_state"], result["passed"]) == (0, "resolved", True), result["why_not_passed"]
    assert result["transcript"][0]["speaker"] == "customer"


def regenerate_guide(old: str, new: str) -> None:
    """Replace one generated part of the guide (only with FRONTLINE_REGENERATE_GUIDE=1)."""
    global GUIDE_TEXT
    assert GUIDE_TEXT.count(old) == 1, "the generated part is not unique in the guide"
    GUIDE_TEXT = GUIDE_TEXT.replace(old, new)
    GUIDE.write_text(GUIDE_TEXT, encoding="utf-8")


def test_the_sample_play_output_is_what_play_prints(example_dir: Path, example_id: str,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    shown = next(b for b in BLOCKS if b.lang == "text" and b.text.startswith("$ python -m trainer play "))
    command = shown.text.split("\n", 1)[0]
    code, out = run_cli(shlex.split(command.removeprefix("$ "))[3:], example_dir, monkeypatch, capsys)
    lines = out.splitlines()
    end = next(i for i, line in enumerate(lines) if line.startswith("Score "))
    want = "\n".join([command, *lines[: end + 1]]) + "\n"
    if REGENERATE and shown.text != want:
        regenerate_guide("```text\n" + shown.text + "```", "```text\n" + want + "```")
        return
    assert shown.text == want, ("the sample `play` output in scenarios/README.md is out of date: run "
                                "FRONTLINE_REGENERATE_GUIDE=1 .venv/bin/python -m pytest tests/guide -q")


def test_the_guides_rude_replies_make_the_example_fail(example_dir: Path, example_id: str, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    rude = tmp_path / "rude.txt"
    rude.write_text(block_after("A `rude.txt`", "text").text, encoding="utf-8")
    code, out = run_cli(["play", example_id, "--replies", str(rude), "--json"], example_dir, monkeypatch, capsys)
    result = json.loads(out)
    assert code == 1 and not result["passed"]
    assert result["end_state"] in ("hung_up", "escalated"), result["end_state"]
    assert result["mood"][0] > result["mood_start"], "a rude first reply makes the customer angrier"


def test_sympathy_alone_never_resolves_the_example(catalog: Catalog, example_id: str) -> None:
    for seed in (1, 3):
        session = start(catalog, example_id, seed)
        outcomes = play(session, ["I understand, sorry about that."])
        card = session.scorecard()
        assert card.end_state is not EndState.resolved and not card.passed, route(outcomes)


# --------------------------------------------------------------------------------------------------
# Snippets: every YAML block must be real


SCENARIO_OVERLAY_KEYS = set(Scenario.model_fields) - {"id", "steps", "start", "rubric", "language"}


def snippet_blocks() -> list[Block]:
    return [b for b in BLOCKS if b.lang == "yaml" and not b.file]


@pytest.mark.parametrize("block", snippet_blocks(), ids=lambda b: f"line{b.line}")
def test_every_yaml_snippet_fits_the_example(block: Block, catalog: Catalog) -> None:
    data = yaml.safe_load(block.text)
    scenario, rubric = example_docs()
    criteria_ids = {c.id for c in catalog.rubric(rubric["id"]).criteria}
    if isinstance(data, dict) and data and set(data) <= SCENARIO_OVERLAY_KEYS:
        merged = {**scenario, **data}
        problems = catalog.check_text(yaml.safe_dump(merged, allow_unicode=True), "scenario",
                                      f"guide line {block.line}")
        assert [str(p) for p in problems] == []
    elif isinstance(data, list) and data and all(isinstance(x, dict) and "type" in x for x in data):
        criteria = TypeAdapter(list[Criterion]).validate_python(data)
        Rubric(id="snippet", title="snippet", criteria=criteria)
    elif isinstance(data, list) and data and all(isinstance(x, dict) and ("goto" in x or "end" in x) for x in data):
        branches = TypeAdapter(list[Branch]).validate_python(data)
        named = {cid for b in branches if b.when for cid in _criteria_named(b.when.model_dump())}
        assert named <= criteria_ids, f"criteria not in the example rubric: {named - criteria_ids}"
        steps = {s["id"] for s in scenario["steps"]}
        assert {b.goto for b in branches if b.goto} <= steps
        assert branches[-1].when is None, "the default branch is last"


def _criteria_named(cond: dict[str, Any]) -> set[str]:
    out = set((cond.get("criteria") or {}).keys())
    for sub in cond.get("any") or []:
        out |= _criteria_named(sub)
    return out


def test_the_criterion_examples_show_every_criterion_type() -> None:
    every = {get_args(m.model_fields["type"].annotation)[0] for m in get_args(get_args(Criterion)[0])}
    shown: set[str] = set()
    for b in snippet_blocks():
        data = yaml.safe_load(b.text)
        if isinstance(data, list) and all(isinstance(x, dict) and "type" in x for x in data):
            shown |= {x["type"] for x in data}
    assert shown == every, f"missing: {every - shown}"


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.lang == "json"], ids=lambda b: f"line{b.line}")
def test_json_blocks_parse(block: Block) -> None:
    json.loads(block.text)


def test_the_gherkin_example_is_the_feature_that_runs() -> None:
    gherkin = [b for b in BLOCKS if b.lang == "gherkin"]
    assert len(gherkin) == 1
    assert gherkin[0].text == FEATURE.read_text(encoding="utf-8"), (
        f"the guide's feature and {FEATURE.relative_to(ROOT)} differ: edit both")


# --------------------------------------------------------------------------------------------------
# Validation errors, commands, schema paths, links


def test_the_broken_example_gives_exactly_the_errors_the_guide_shows(
        example_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    assert len(BROKEN) == 1
    broken = BROKEN[0]
    expected = next(b for b in BLOCKS if b.lang == "text" and b.line > broken.line)
    command, *lines = expected.text.strip().split("\n")
    assert command.startswith("$ python -m trainer validate "), command
    (tmp_path / broken.file).parent.mkdir(parents=True)  # type: ignore[operator]
    (tmp_path / broken.file).write_text(broken.text, encoding="utf-8")  # type: ignore[operator]
    monkeypatch.chdir(tmp_path)
    code, out = run_cli(shlex.split(command.removeprefix("$ "))[3:], example_dir, monkeypatch, capsys)
    problems = [line for line in out.splitlines() if line.startswith("scenarios/")]
    assert code == 1
    assert problems == lines
    assert f"{len(lines)} problem(s) in 1 file(s)" in out
    words = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
    said = re.search(r"has (\w+) mistakes on purpose", GUIDE_TEXT)
    assert said and words[said.group(1)] == len(lines), "the guide counts the mistakes right"


def trainer_commands() -> list[str]:
    found: list[str] = []
    for b in BLOCKS:
        if b.lang not in ("bash", "text"):
            continue
        for line in b.text.splitlines():
            line = line.removeprefix("$ ").strip()
            if line.startswith("python -m trainer "):
                found.append(line)
    return found


@pytest.mark.parametrize("command", trainer_commands())
def test_every_trainer_command_in_the_guide_parses(command: str) -> None:
    argv = shlex.split(command, comments=True)[3:]
    try:
        build_parser().parse_args(argv)
    except SystemExit as e:  # argparse exits on a bad command line
        pytest.fail(f"`{command}` is not a valid command line (exit {e.code})")


def test_schema_paths_in_the_guide_exist() -> None:
    for rel in found(re.findall(r"\$schema=(\S+\.json)", GUIDE_TEXT), "schema modelines in the guide"):
        assert any((LIBRARY / folder / rel).resolve().is_file() for folder in ("en", "rubrics")), rel
    for b in FILES:
        modeline = b.text.split("\n")[1]
        rel = modeline.split("$schema=", 1)[1]
        assert (ROOT / b.file).parent.joinpath(rel).resolve().is_file(), f"{b.file}: {rel}"  # type: ignore[arg-type]
    for rel in found(re.findall(r"scenarios/schema/\w+\.schema\.json", GUIDE_TEXT), "schema paths in the guide"):
        assert (ROOT / rel).is_file(), rel


def _slug(heading: str) -> str:
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_the_contents_links_lead_to_headings() -> None:
    slugs = {_slug(m) for m in found(re.findall(r"^#{2,3} (.+)$", GUIDE_TEXT, re.M), "guide headings")}
    links = re.findall(r"\]\(#([^)]+)\)", GUIDE_TEXT)
    assert links
    assert [link for link in links if link not in slugs] == []


def test_the_files_the_guide_mentions_exist() -> None:
    for rel in found(set(re.findall(r"`((?:scenarios|tests)/[\w./-]+\.(?:py|yaml|template|feature))`", GUIDE_TEXT)),
                     "file paths in the guide"):
        if "my-" in rel or "<" in rel:
            continue
        assert (ROOT / rel).exists(), rel


# --------------------------------------------------------------------------------------------------
# The phrase table: every row through the real scorer


def phrase_rows() -> list[tuple[str, str, str, str]]:
    rows = []
    for line in section(GUIDE_TEXT, PHRASES_START, PHRASES_END).strip().splitlines()[2:]:
        cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        language, phrase, reply, counts = cells[:4]
        rows.append((language, phrase.strip("`"), reply, counts))
    return rows


@pytest.mark.parametrize(("language", "phrase", "reply", "counts"), phrase_rows())
def test_phrase_examples_hold(language: str, phrase: str, reply: str, counts: str) -> None:
    hits = matcher((phrase,), language).find(Reply(reply, language))
    counted = [h for h in hits if not h.ignored]
    if counts == "yes":
        assert counted, f"{phrase!r} should count in {reply!r}: {hits}"
        return
    assert counts.startswith("no"), counts
    assert not counted, f"{phrase!r} should not count in {reply!r}: {counted}"
    why = re.search(r"\((\w+)\)", counts)
    if why:
        assert any(h.ignored == why.group(1) for h in hits), f"expected a {why.group(1)} match: {hits}"


def test_the_phrase_table_covers_every_language() -> None:
    assert {row[0] for row in phrase_rows()} == set(LANGUAGE_NAMES)


# --------------------------------------------------------------------------------------------------
# The starter templates


def test_the_templates_validate_and_play(tmp_path: Path) -> None:
    templates = sorted(TEMPLATES.glob("*.template"))
    assert {t.name for t in templates} == {"scenario.yaml.template", "rubric.yaml.template"}
    scenario = yaml.safe_load((TEMPLATES / "scenario.yaml.template").read_text(encoding="utf-8"))
    rubric = yaml.safe_load((TEMPLATES / "rubric.yaml.template").read_text(encoding="utf-8"))
    root = make_library(tmp_path, [
        (f"scenarios/en/{scenario['id']}.yaml", (TEMPLATES / "scenario.yaml.template").read_text(encoding="utf-8")),
        (f"scenarios/rubrics/{rubric['id']}.yaml", (TEMPLATES / "rubric.yaml.template").read_text(encoding="utf-8")),
    ])
    lib = Catalog.load(root)
    assert [str(p) for p in lib.problems] == []
    assert rubric["id"] in lib.rubrics
    for seed in (1, 7):
        session = start(lib, scenario["id"], seed)
        outcomes = play(session)
        assert session.scorecard().passed, route(outcomes)
    session = start(lib, scenario["id"], 1)
    outcomes = play(session, block_after("A `rude.txt`", "text").text.strip().splitlines())
    assert session.end_state in (EndState.hung_up, EndState.escalated), route(outcomes)
    assert not session.scorecard().passed


def test_the_templates_are_not_loaded_as_library_content() -> None:
    templates = Catalog.load(TEMPLATES)
    assert (templates.scenarios, templates.rubrics, templates.problems) == ({}, {}, [])


# --------------------------------------------------------------------------------------------------
# The library table


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def render_library_table(lib: Catalog) -> str:
    parts = []
    for language, name in LANGUAGE_NAMES.items():
        items = sorted((s for s in lib.scenarios.values() if s.language == language),
                       key=lambda s: (s.difficulty, s.id))
        if not items:
            continue
        parts.append(f"### {name} ({language}): {len(items)} scenarios\n")
        parts.append("| id | title | channel | difficulty | starting mood | trains | tags |")
        parts.append("|---|---|---|---|---|---|---|")
        for s in items:
            trains = lib.rubric_for(s).title
            parts.append(f"| `{s.id}` | {_cell(s.title)} | {s.channel} | {s.difficulty} | {s.persona.mood} | "
                         f"{_cell(trains)} (`{s.rubric}`) | {', '.join(s.tags)} |")
        parts.append("")
    return "\n" + "\n".join(parts)


def table_rows() -> list[tuple[str, str, str, int]]:
    """(language, id, channel, difficulty) for each row of the guide's library table."""
    rows, language = [], None
    for line in section(GUIDE_TEXT, TABLE_START, TABLE_END).splitlines():
        heading = re.match(r"^### .*\((en|fa|zh)\)", line)
        if heading:
            language = heading.group(1)
        m = re.match(r"^\| `([^`]+)` \|", line)
        if m:
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            assert language is not None, f"row {m.group(1)} is not under a language heading"
            rows.append((language, m.group(1), cells[2], int(cells[3])))
    return rows


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return Catalog.load(LIBRARY)


def test_the_library_table_is_current(shipped: Catalog) -> None:
    want = render_library_table(shipped)
    got = section(GUIDE_TEXT, TABLE_START, TABLE_END)
    if REGENERATE and got != want:
        regenerate_guide(TABLE_START + got + TABLE_END, TABLE_START + want + TABLE_END)
        got = want
    assert got == want, ("the library table in scenarios/README.md is out of date: run "
                         "FRONTLINE_REGENERATE_GUIDE=1 .venv/bin/python -m pytest tests/guide -q")


def test_every_scenario_in_the_table_exists_with_its_language_channel_and_difficulty(shipped: Catalog) -> None:
    rows = table_rows()
    assert rows, "the library table is empty"
    for language, sid, channel, difficulty in rows:
        assert sid in shipped.scenarios, f"the table names {sid!r}, which is not in the library"
        s = shipped.scenario(sid)
        assert (s.language, s.channel, s.difficulty) == (language, channel, difficulty), sid


def test_every_shipped_scenario_is_in_the_table(shipped: Catalog) -> None:
    listed = [sid for _, sid, _, _ in table_rows()]
    assert len(listed) == len(set(listed)), "a scenario is listed twice"
    assert sorted(set(shipped.scenarios) - set(listed)) == []


# --------------------------------------------------------------------------------------------------
# Gherkin: tests/features/guide/missed_install.feature, with the English library's steps (tests/library/steps.py)

scenarios("guide/missed_install.feature")
