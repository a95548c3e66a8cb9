"""The simulated customer and the session engine: `Session.start(scenario, rubric, scorer, seed)`,
then `session.reply(text, response_seconds)` until `session.ended`, then `session.scorecard()`."""

from trainer.simulation.customer import Customer, ScriptedCustomer, make_customer, register
from trainer.simulation.mood import DEFAULT_RULES, MoodChange
from trainer.simulation.session import (
    BranchTaken,
    CriterionCard,
    Scorecard,
    Session,
    SessionState,
    Turn,
    TurnOutcome,
)

__all__ = [
    "DEFAULT_RULES", "BranchTaken", "CriterionCard", "Customer", "MoodChange", "Scorecard",
    "ScriptedCustomer", "Session", "SessionState", "Turn", "TurnOutcome", "make_customer", "register",
]
