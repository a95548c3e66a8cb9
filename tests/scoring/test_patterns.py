"""Author-written regular expressions: catastrophic ones are refused before they run, and what runs
sees bounded text, so a reply always scores quickly."""

import time

import pytest

from trainer.matching import patterns
from trainer.matching.patterns import pattern_problems
from trainer.scenario.schema import Rubric
from trainer.scoring.results import ReplyContext
from trainer.scoring.rules import RuleScorer

EN = ReplyContext(language="en")


def regex_rubric(pattern: str) -> Rubric:
    return Rubric.model_validate({"id": "r", "title": "R", "criteria": [
        {"id": "ref", "label": "Ref", "type": "regex", "pattern": pattern}]})


@pytest.mark.parametrize("pattern", [r"(a+)+b", r"(\w+\s?)*$", r"(a*)*x", r"(a?)+b", r"(.*a){3}x", r"(x+x+)+y",
                                     r"(a|aa)+b", r"(a|)*b", r"x(?=(a+)+b)"])
def test_patterns_that_can_backtrack_without_end_are_refused(pattern):
    assert any("exponential time" in p for p in pattern_problems(pattern))


@pytest.mark.parametrize("pattern", [r"\bBB-\d{4}-[A-Z]{2}\b", r"\b[a-z]{2}[- ]?\d{5}\b", r"(\d{4}-)+\d{4}",
                                     r"\w+(\s\w+)*", r"([a-z]+\.)+com", r"(a+b)+", r"(?:ab|cd)+", r"(a++)+b",
                                     r"(?>a+)+b", r"^(hi|hello)\b", r"亲[，,！!~]"])
def test_ordinary_patterns_are_accepted(pattern):
    assert pattern_problems(pattern) == []


def test_a_refused_pattern_is_not_run_even_when_the_rubric_is_built_in_code():
    reply = "a" * 5_000 + "!"
    started = time.perf_counter()
    result = RuleScorer().score(reply, regex_rubric(r"(a+)+b"), EN).criteria["ref"]
    assert time.perf_counter() - started < 1.0
    assert not result.graded and "too long" in result.reason


def test_an_accepted_but_slow_pattern_sees_bounded_windows_of_the_reply():
    # cubic in the text it sees: on 2,000 characters at once this takes half a minute
    reply = "1" * 2_000 + " ref 12345x"
    started = time.perf_counter()
    result = RuleScorer().score(reply, regex_rubric(r"\d*\d*x"), EN).criteria["ref"]
    assert time.perf_counter() - started < 3.0  # minutes without the windows
    assert result.score == result.max
    assert [(e.start, e.text) for e in result.evidence] == [(2_005, "12345x")]


def test_matches_keep_the_offsets_of_the_whole_reply():
    text = "Hello.\nYour reference is BB-1234-XY.\nBye"
    found = [(m.start(), m.group()) for m in patterns.search(patterns.re.compile(r"BB-\d{4}-[A-Z]{2}"), text)]
    assert found == [(text.index("BB"), "BB-1234-XY")]


@pytest.mark.parametrize("at", [0, 70, 79, 80, 150, 159, 250, 4_980])
def test_a_match_is_found_whole_wherever_it_sits(at):
    text = ("x" * at + " BB-1234-XY " + "y" * 300)[:5_000]
    found = [m.group() for m in patterns.search(patterns.re.compile(r"\bBB-\d{4}-[A-Z]{2}\b"), text)]
    assert found == (["BB-1234-XY"] if at + 12 <= 5_000 else [])


def test_overlapping_windows_report_each_match_once_and_never_a_cut_one():
    text = " ".join(["12345"] * 80)
    found = [(m.start(), m.group()) for m in patterns.search(patterns.re.compile(r"\d+"), text)]
    assert found == [(6 * k, "12345") for k in range(80)]
