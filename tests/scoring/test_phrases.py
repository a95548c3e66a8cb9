"""The phrase syntax and its guards: what a rubric author writes, and what it matches."""

import pytest

from trainer.matching.phrases import PhraseMatcher, Reply, phrase_problems, variants


def hits(phrases, text, language="en", names=()):
    return [(h.text, h.ignored) for h in PhraseMatcher(phrases, language).find(Reply(text, language), names)]


def counted(phrases, text, language="en", names=()):
    return [t for t, why in hits(phrases, text, language, names) if why is None]


def test_words_match_on_word_boundaries_only():
    assert counted(["sorry"], "I'm sorry") == ["sorry"]
    assert counted(["sorry"], "sorryful") == []


def test_a_comma_between_words_does_not_stop_a_match_but_a_sentence_end_does():
    assert counted(["sorry for the wait"], "Sorry, for the wait") == ["Sorry, for the wait"]
    assert counted(["sorry for"], "Sorry. For the wait") == []


def test_prefix_wildcard():
    assert counted(["apolog*"], "My apologies") == ["apologies"]
    assert counted(["(send|book)*"], "I'm booking it") == ["booking"]


def test_alternatives_and_optional_groups():
    assert counted(["sorry for the (delay|wait)"], "sorry for the wait") == ["sorry for the wait"]
    assert counted(["i am (so|very)? sorry"], "I am sorry") == ["I am sorry"]
    assert counted(["i am (so|very)? sorry"], "I am so sorry") == ["I am so sorry"]
    assert variants("a (b)? c (d)? e", "en") == ["a (b) c (d) e", "a c (d) e", "a (b) c e", "a c e"]


def test_gap_stays_within_one_sentence():
    assert counted(["we will ... by"], "We will send it by Friday") == ["We will send it by"]
    assert counted(["we will ... by"], "We will. By the way") == []
    assert counted(["我们会 ... 之前"], "我们会在周五之前", "zh") == ["我们会在周五之前"]


def test_number_placeholder():
    assert counted(["within # hours"], "within 24 hours") == ["within 24 hours"]
    assert counted(["ظرف # ساعت"], "ظرف ۲۴ ساعت", "fa") == ["ظرف ۲۴ ساعت"]
    assert counted(["#小时"], "两小时内", "zh") == ["两小时"]


def test_name_placeholder_uses_the_customers_names():
    assert counted(["thank you {name}"], "Thank you Ms Lee", names=("Ms Lee",)) == ["Thank you Ms Lee"]
    assert counted(["thank you {name}"], "Thank you Ms Lee") == []


@pytest.mark.parametrize("phrase", ["a.b", "(", "a|b", "[x]", "x+", "\\d", ".*", "a{2}", ")("])
def test_phrases_are_never_regular_expressions(phrase):
    assert counted([phrase], "axb aab xx 12 zzz") == []


def test_regex_characters_match_literally():
    assert counted(["1.5"], "about 1.5 hours") == ["1.5"]


@pytest.mark.parametrize(
    ("text", "language", "phrase"),
    [
        ("I'm not sorry", "en", "sorry"),
        ("I am never sorry", "en", "sorry"),
        ("sorry not sorry", "en", "sorry"),
        ("متأسف نیستم", "fa", "متاسف"),
        ("我不是很理解", "zh", "理解"),
        ("我们没有抱歉", "zh", "抱歉"),
    ],
)
def test_negated_matches_do_not_count(text, language, phrase):
    assert hits([phrase], text, language)[0][1] == "negated"


@pytest.mark.parametrize(
    ("text", "language", "phrase"),
    [
        ("No, I'm sorry", "en", "sorry"),  # the negator is in another clause
        ("Don't hesitate to call us, sorry", "en", "sorry"),
        ("I can't tell you how sorry I am", "en", "sorry"),
        ("对不起，真的很抱歉", "zh", "抱歉"),
        ("不好意思，非常理解", "zh", "理解"),
    ],
)
def test_negation_does_not_reach_too_far(text, language, phrase):
    assert counted([phrase], text, language)


@pytest.mark.parametrize(
    "text",
    ["You said 'sorry' is not enough", 'You said "sorry" is not enough', "You said “sorry” is not enough"],
)
def test_quoted_matches_do_not_count(text):
    assert hits(["sorry"], text) == [("sorry", "quoted")]


def test_quotes_in_persian_and_chinese():
    assert hits(["ببخشید"], "گفتید «ببخشید» کافی نیست", "fa")[0][1] == "quoted"
    assert hits(["抱歉"], "您说「抱歉」没有用", "zh")[0][1] == "quoted"


def test_apostrophes_are_not_quotes():
    assert counted(["sorry"], "I'm sorry, it's late") == ["sorry"]


def test_evidence_is_the_original_text():
    found = PhraseMatcher(["i am so sorry"], "en").find(Reply("Well, I’M SOOO sorry!", "en"))
    assert [(h.start, h.end, h.text) for h in found] == [(6, 20, "I’M SOOO sorry")]


@pytest.mark.parametrize(
    ("phrase", "language", "problem"),
    [("sorry (for", "en", "parentheses"), ("sorry?", "en", "`?`"), ("抱歉*", "zh", "`*`"), ("😀 ★", "en", "nothing"),
     ("(ممنون*|مرسی)", "fa", "put it after the group: `(ممنون|مرسی)*`"), ("((a|b)|c)", "en", "nested"),
     ("(so|) sorry", "en", "to make it optional write `(so)?`"), ("(so?|very) sorry", "en", "`(so|very)?`"),
     ("apolog*ies", "en", "`apolog*`"), ("i am *", "en", "a lone `*`"), ("... sorry", "en", "`...`"),
     ("sorry ...", "en", "`...`"), ("(send|book)*? it", "en", "two phrases"), ("不关我的?事", "zh", "`(的)?`"),
     (" ", "en", "empty"), (") sorry (", "fa", "unbalanced")],
)
def test_phrase_problems_tell_the_author_what_to_fix(phrase, language, problem):
    assert any(problem in p for p in phrase_problems(phrase, language))


@pytest.mark.parametrize(
    ("phrase", "language"),
    [("i am (so|very)? sorry", "en"), ("(send|book)* it", "en"), ("within # hours", "en"), ("thank you {name}", "en"),
     ("we will ... by", "en"), ("can i help ?", "en"), ("(ممنون|مرسی)*", "fa"), ("我们会 ... 之前", "zh"),
     ("(感谢|谢谢)(您|你)(的)?耐心", "zh")],
)
def test_well_formed_phrases_have_no_problems(phrase, language):
    assert phrase_problems(phrase, language) == []


def test_core_phrases_have_no_problems(core):
    for c in core.criteria:
        lists = [lv.phrases for lv in getattr(c, "levels", [])] + ([c.phrases] if hasattr(c, "phrases") else [])
        for phrases in lists:
            for language, items in phrases.items():
                for phrase in items:
                    assert not phrase_problems(phrase, language), (c.id, phrase)


def test_one_pass_over_every_list_finds_what_each_list_finds_alone(core, monkeypatch):
    """A `PhraseSet` matches all of a rubric's lists in one pass; each list must get exactly the hits
    its own `find` gives, also when the per-token index is emptied between replies (it is bounded)."""
    from trainer.matching.phrases import PhraseSet, hits_of, matcher
    from trainer.scoring import lexicon

    replies = {
        "en": [
            "I'm so sorry, Mr Lee, I will call you back by 5pm today.",
            "I'm not sorry. You should have read it.",
            'He said "calm down"? Apologies, we\'ll refund you within 3 days.',
            "Thanks Lee!! 10:30 works.",
            "",
            # a comma between the first two words of a phrase, and phrases at the very end
            "Sorry, for the delay. I, am so sorry. We will, call you back, by tomorrow. Thank you",
            "I",
            "sorry",
        ],
        "fa": ["آقای لی، متاسفم؛ تا فردا ساعت ۱۰ تماس می‌گیرم.", "متأسف نیستم. کتاب ها رو بفرستید.", "ممنون لی",
               "ممنون، از صبوری‌تون. عذر، می‌خوام", "متاسفم"],
        "zh": [
            "李先生，非常抱歉，我明天上午十点给您回电。",
            "我不是很理解。請您冷靜一下！",
            "谢谢您的耐心，三天内退款。",
            "非常，抱歉。谢谢，您的耐心 我们 会在周五之前给您回电",
            "抱歉",
        ],
    }
    for language, texts in replies.items():
        lists = [
            (tuple(lv.phrases.get(language) or ()), True) for c in core.criteria for lv in getattr(c, "levels", [])
        ]
        lists += [(tuple(c.phrases.get(language) or ()), True) for c in core.criteria if hasattr(c, "phrases")]
        lists += [(tuple(lexicon.COMMIT[language]), False), (tuple(lexicon.TIME[language]), False), (("{name}",), True)]
        slots = [(matcher(phrases, language), named) for phrases, named in lists if phrases]
        for small in (False, True):
            found = PhraseSet(slots, language)
            if small:
                monkeypatch.setattr(found, "MAX_TOKENS", 3)
            for text in texts * 2:
                reply = Reply(text, language)
                names = ("Lee", "لی", "李")
                spans = found.spans(reply, names)
                for (m, named), got in zip(slots, spans, strict=True):
                    assert hits_of(reply, got or []) == m.find(reply, names if named else ()), (language, text)
