"""Scoring a reply against a rubric: the offline rule scorer (`rules`, compiled once per rubric and
language, with its phrase lists in `lexicon`), the optional language-model judge (`judge`), the voice
measures (`voice`), prompt-injection checks (`injection`), language detection (`language`), the result
types (`results`) and how reply scores add up to a call's (`aggregate`). No database, no Streamlit."""

__all__ = ["aggregate", "injection", "judge", "language", "lexicon", "results", "rules", "voice"]
