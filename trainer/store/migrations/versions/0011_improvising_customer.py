"""improvising customer: attempts may be played by the improvising AI customer

Revision ID: 0011
Revises: 0005
Create Date: 2026-12-05

`attempts.customer_kind` allows 'improvised' beside 'scripted' and 'generated'. SQLite cannot alter a
CHECK constraint in place, so there the table is copied (Alembic's batch mode); PostgreSQL swaps the
constraint.
"""
from typing import Sequence, Union

from alembic import op


revision: str = '0011'
down_revision: Union[str, Sequence[str], None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

BEFORE = "customer_kind IN ('scripted', 'generated')"
AFTER = "customer_kind IN ('scripted', 'generated', 'improvised')"


def _swap(condition: str) -> None:
    with op.batch_alter_table("attempts") as batch:
        batch.drop_constraint(op.f("ck_attempts_customer_kind"), type_="check")
        batch.create_check_constraint(op.f("ck_attempts_customer_kind"), condition)


def upgrade() -> None:
    _swap(AFTER)


def downgrade() -> None:
    op.execute("UPDATE attempts SET customer_kind = 'generated' WHERE customer_kind = 'improvised'")
    _swap(BEFORE)
