"""criterion results of a set of scenarios over a period, from the index

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-05

The team dashboards show one comparable set of criteria at a time; a rubric's set is its criteria in
the calls of its scenarios over the period. The weekly team rollup does not know scenarios, so those
are read from `attempt_criteria` by scenario, criterion and time: the per-scenario index gains
`ended_at`, so the period is a range in the index rather than a filter over every result of the
scenario (an admin's trend for one scenario at a million attempts, SQLite: 0.7 s before). Scenario
analytics (one scenario, by criterion, since a date) reads the same index.
"""
from typing import Sequence, Union

from alembic import op

revision: str = '0010'
down_revision: Union[str, Sequence[str], None] = '0008'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_index('ix_attempt_criteria_scenario_time', 'attempt_criteria',
                    ['scenario_id', 'criterion_id', 'ended_at', 'score', 'max'])
    op.drop_index('ix_attempt_criteria_scenario_id_criterion_id', table_name='attempt_criteria')


def downgrade() -> None:
    op.create_index('ix_attempt_criteria_scenario_id_criterion_id', 'attempt_criteria', ['scenario_id', 'criterion_id'])
    op.drop_index('ix_attempt_criteria_scenario_time', table_name='attempt_criteria')
