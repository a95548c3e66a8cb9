"""rescoring: scores of stored replies by later rubric versions, kept beside the earlier ones

Revision ID: 0009
Revises: 0005
Create Date: 2026-12-05

`python -m trainer rescore` re-scores stored replies with the current rubrics. A reply's new score is
kept in `reply_scores` (one row per turn and rubric version, only when it differs), an attempt's earlier
and new totals in `attempt_scores`, and `attempts.rubric_version` says which version gave the attempt's
current score (NULL: as played), so an interrupted run resumes where it stopped.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql


revision: str = '0009'
down_revision: Union[str, Sequence[str], None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _json() -> sa.types.TypeEngine:
    return sa.JSON().with_variant(postgresql.JSONB(), 'postgresql')


def upgrade() -> None:
    with op.batch_alter_table('attempts') as batch:
        batch.add_column(sa.Column('rubric_version', sa.String(length=64), nullable=True))
    op.create_table('reply_scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('turn_id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('rubric_id', sa.String(length=200), nullable=False),
    sa.Column('rubric_version', sa.String(length=64), nullable=False),
    sa.Column('total', sa.Float(), nullable=False),
    sa.Column('criteria', _json(), nullable=False),
    sa.Column('scored_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempts.id'], name=op.f('fk_reply_scores_attempt_id_attempts'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['turn_id'], ['turns.id'], name=op.f('fk_reply_scores_turn_id_turns'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reply_scores')),
    sa.UniqueConstraint('turn_id', 'rubric_version', name=op.f('uq_reply_scores_turn_id_rubric_version'))
    )
    op.create_index(op.f('ix_reply_scores_attempt_id'), 'reply_scores', ['attempt_id'], unique=False)
    op.create_table('attempt_scores',
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('rubric_version', sa.String(length=64), nullable=False),
    sa.Column('rubric_id', sa.String(length=200), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('passed', sa.Boolean(), nullable=True),
    sa.Column('criteria', _json(), nullable=False),
    sa.Column('scored_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempts.id'], name=op.f('fk_attempt_scores_attempt_id_attempts'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('attempt_id', 'rubric_version', name=op.f('pk_attempt_scores'))
    )


def downgrade() -> None:
    op.drop_table('attempt_scores')
    op.drop_index(op.f('ix_reply_scores_attempt_id'), table_name='reply_scores')
    op.drop_table('reply_scores')
    # dropped in place: SQLite's batch copy of `attempts` would take every turn with it (they cascade)
    with op.batch_alter_table('attempts', recreate='never') as batch:
        batch.drop_column('rubric_version')
