"""Binds the calibration features (tests/features/scoring/*.feature): plain-language examples that
pin how the offline scorer grades replies in English, Persian and Chinese."""

from pytest_bdd import given, parsers, scenarios, then, when

from trainer.scoring.results import ReplyContext

scenarios("scoring")

LANGUAGES = {"English": "en", "Persian": "fa", "Chinese": "zh"}


@given("the core rubric", target_fixture="rubric")
def _rubric(core):
    return core


@given(parsers.parse("replies in {language}"), target_fixture="context")
def _language(language):
    return {"language": LANGUAGES[language], "customer_names": []}


@given(parsers.parse('the customer is called "{name}"'))
def _name(context, name):
    context["customer_names"].append(name)


@when(parsers.parse('the trainee says "{reply}"'), target_fixture="result")
def _says(scorer, rubric, context, reply):
    return scorer.score(reply, rubric, ReplyContext(**context))


@then(parsers.parse("{criterion} scores {points:d}"))
def _scores(result, criterion, points):
    got = result.criteria[criterion]
    assert got.score == points, f"{criterion}: {got.score} ({got.reason})"


@then(parsers.parse('the evidence for {criterion} is "{text}"'))
def _evidence(result, criterion, text):
    assert [e.text for e in result.criteria[criterion].evidence][:1] == [text]


@then(parsers.parse('the reason for {criterion} mentions "{words}"'))
def _reason(result, criterion, words):
    assert words in result.criteria[criterion].reason


@then(parsers.parse("the reply fails on the critical criterion {criterion}"))
def _critical(result, criterion):
    assert result.critical_failure == criterion
    assert not result.passed


@then("the reply passes")
def _passes(result):
    assert result.passed, {k: (v.score, v.reason) for k, v in result.criteria.items()}
