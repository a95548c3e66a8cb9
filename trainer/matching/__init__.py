"""How a rubric's words meet a reply's: text normalisation (Persian and Arabic letters, digits, traditional
to simplified Chinese), the phrase syntax (`apolog*`, `(so|very)?`, `... by`) compiled to matchers, and
the check that keeps a rubric's regular expressions from backtracking without end.

It sits below both the rubric format (`trainer/scenario`, which reports a badly written phrase at its line)
and the scorer (`trainer/scoring`, which matches the phrases), so neither has to import the other.
"""

__all__ = ["hanzi", "patterns", "phrases", "text"]
