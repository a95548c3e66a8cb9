"""Who may do what: the four roles, and the groups of them that each kind of permission names, in one place.

The store enforces these groups in its queries and writes (`trainer/store/access.py`: what a viewer may
read is a SQL condition, what they may change is checked inside the write's transaction); pages and the
CLI read the same groups only to decide what to offer. A role is a `StrEnum`, so a role read from the
database as text compares equal to it.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Role(StrEnum):
    TRAINEE = "trainee"  # practises; sees their own attempts
    MANAGER = "manager"  # also sees the people of the teams they manage and their direct reports
    TRAINER = "trainer"  # also writes scenarios, rubrics and programs; sees every attempt
    ADMIN = "admin"  # also manages people, teams and settings


ROLES: tuple[str, ...] = tuple(r.value for r in Role)
"""Every role, least to most (the order forms and messages list them in)."""

SEE_EVERYONE: tuple[Role, ...] = (Role.TRAINER, Role.ADMIN)
"""See every person's attempts and every team's dashboards."""

LEAD: tuple[Role, ...] = (Role.MANAGER, Role.TRAINER, Role.ADMIN)
"""Open the team dashboards, program compliance and the programs page (a manager: their teams only)."""

AUTHOR: tuple[Role, ...] = (Role.TRAINER, Role.ADMIN)
"""Write scenarios, rubrics and programs; play-test, calibrate, read scenario analytics."""

ADMINISTER: tuple[Role, ...] = (Role.ADMIN,)
"""Add, change and deactivate people and teams; set other people's passwords; change settings."""

MAY_MANAGE: tuple[Role, ...] = (Role.MANAGER, Role.TRAINER, Role.ADMIN)
"""May be named as someone's manager or a team's manager (anyone but a trainee)."""


def describe(roles: Iterable[str], *, joiner: str = "or") -> str:
    """'trainer or admin' ('trainer and admin' with `joiner="and"`): the roles in their usual order."""
    wanted = set(roles)
    return f" {joiner} ".join(r for r in ROLES if r in wanted)
