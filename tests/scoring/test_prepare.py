"""`prepare` compiles a rubric's phrase lists up front, so the first reply of a call compiles nothing."""

from trainer.matching.phrases import matcher
from trainer.scoring.results import ReplyContext
from trainer.scoring.rules import prepare

REPLIES = {"en": "I'm sorry, Mr Lee; I will call you back by 5pm today. Is that OK?",
           "fa": "آقای لی، متاسفم؛ تا فردا ساعت ۱۰ تماس می‌گیرم.", "zh": "李先生，非常抱歉，我明天上午十点给您回电。"}


def test_after_prepare_scoring_a_reply_compiles_no_phrase_list(core, scorer):
    matcher.cache_clear()
    rubric = core.model_copy(deep=True)  # criteria no other test has compiled
    for language, reply in REPLIES.items():
        prepare(rubric, language)
        before = matcher.cache_info().misses
        scorer.score(reply, rubric, ReplyContext(language=language, customer_names=["Lee", "李", "لی"],
                                               response_seconds=5, response_target=30))
        assert matcher.cache_info().misses == before, language
