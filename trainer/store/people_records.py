"""Records for managing people: what an admin asks to change (`PersonUpdate`) and one line of the
change log (`PersonChangeRecord`). Plain, frozen pydantic models, like everything the store hands out."""

from __future__ import annotations

from datetime import datetime
from typing import Literal, get_args

from pydantic import model_validator

from trainer.roles import Role
from trainer.store.records import Record

ChangeAction = Literal["added", "changed", "deactivated", "reactivated", "password"]
CHANGE_ACTIONS: tuple[str, ...] = get_args(ChangeAction)
FIELDS = ("name", "role", "team", "manager", "manages")  # the order a change is described in


class PersonUpdate(Record):
    """What to change about a person. A field left out stays as it is; `team=None` and
    `manager_email=None`, given explicitly, take the team or the manager away."""

    display_name: str | None = None
    role: Role | None = None
    team: str | None = None  # a team's name, created when new
    manager_email: str | None = None

    @model_validator(mode="after")
    def _name_and_role_cannot_be_emptied(self) -> PersonUpdate:
        for field in ("display_name", "role"):
            if field in self.model_fields_set and getattr(self, field) is None:
                raise ValueError(f"{field} cannot be taken away, only changed")
        return self

    @property
    def given(self) -> frozenset[str]:
        return frozenset(self.model_fields_set)


class PersonChangeRecord(Record):
    """One change to one account: who made it (None: the operator at the command line or first-run
    setup), when, and each changed field's old and new value as people read them."""

    id: int
    changed_at: datetime
    person_id: int
    person_name: str
    person_email: str
    by_id: int | None
    by_name: str | None
    action: ChangeAction
    changes: dict[str, tuple[str | None, str | None]]

    @property
    def by(self) -> str:
        """Who made the change, as people read it (in the app everyone is named; the operator is not)."""
        if self.by_name:
            return self.by_name
        return "the command line or first-run setup" if self.action == "added" else "the command line"

    @property
    def summary(self) -> str:
        """The change in a line, e.g. "role: trainee → manager; team: North → South"."""
        fields = sorted(self.changes, key=lambda f: (FIELDS.index(f) if f in FIELDS else len(FIELDS), f))
        if self.action == "added":
            return "added: " + ", ".join(f"{f} {self.changes[f][1]}" for f in fields if self.changes[f][1])
        if self.action == "changed":
            return "; ".join(f"{f}: {_shown(self.changes[f][0])} → {_shown(self.changes[f][1])}" for f in fields)
        if self.action == "password":
            return "password set, any lock lifted"
        return self.action


def _shown(value: str | None) -> str:
    return value if value else "none"
