"""team criterion weeks: a weekly per-team rollup of results for the team dashboards

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22

A team's trend and weakest criteria read this rollup (per team, ISO week and criterion: the sum of
score/max and the count) instead of every result of every person, so they stay flat as attempts grow.
The upgrade fills it from the existing results with one INSERT ... SELECT ... GROUP BY (the same
statement as `trainer.store.rollup.backfill_sql`, copied so that history does not change with the code).
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


revision: str = '0005'
down_revision: Union[str, Sequence[str], None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def backfill_sql(dialect: str) -> str:
    week = ("CAST(date_trunc('week', timezone('UTC', ac.ended_at)) AS DATE)" if dialect == "postgresql"
            else "date(ac.ended_at, 'weekday 0', '-6 days')")
    return ("INSERT INTO team_criterion_weeks (team_id, week, criterion_id, ratio_sum, results) "
            f"SELECT u.team_id, {week}, ac.criterion_id, SUM(ac.score * 1.0 / ac.max), COUNT(*) "
            "FROM attempt_criteria ac JOIN users u ON u.id = ac.user_id WHERE u.team_id IS NOT NULL "
            f"GROUP BY u.team_id, {week}, ac.criterion_id")


def upgrade() -> None:
    op.create_table('team_criterion_weeks',
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('week', sa.Date(), nullable=False),
    sa.Column('criterion_id', sa.String(length=100), nullable=False),
    sa.Column('ratio_sum', sa.Float(), nullable=False),
    sa.Column('results', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_team_criterion_weeks_team_id_teams'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('team_id', 'week', 'criterion_id', name=op.f('pk_team_criterion_weeks'))
    )
    op.execute(backfill_sql(op.get_bind().dialect.name))


def downgrade() -> None:
    op.drop_table('team_criterion_weeks')
