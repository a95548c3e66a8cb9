"""voice calls: each spoken reply's timing with its turn, and the recordings

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-06

A voice call keeps, with each trainee turn, how the reply went in time (`turns.voice`: when speech
started and ended, its pauses, the wait before it, the customer line's length; a hold), which the
voice criteria and rescoring read; and the recording itself in `recordings`, one row per spoken
reply, with the attempt's owner copied in so that access is decided in the query, and an index on
`created_at` for the retention purge.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql


revision: str = '0013'
down_revision: Union[str, Sequence[str], None] = '0011'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _json() -> sa.types.TypeEngine:
    return sa.JSON().with_variant(postgresql.JSONB(), 'postgresql')


def upgrade() -> None:
    with op.batch_alter_table('turns') as batch:
        batch.add_column(sa.Column('voice', _json(), nullable=True))
    op.create_table('recordings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('turn_index', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('mime', sa.String(length=40), nullable=False),
    sa.Column('seconds', sa.Float(), nullable=True),
    sa.Column('audio', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempts.id'], name=op.f('fk_recordings_attempt_id_attempts'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_recordings_user_id_users'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recordings')),
    sa.UniqueConstraint('attempt_id', 'turn_index', name=op.f('uq_recordings_attempt_id_turn_index'))
    )
    op.create_index(op.f('ix_recordings_created_at'), 'recordings', ['created_at'], unique=False)
    op.create_index(op.f('ix_recordings_user_id'), 'recordings', ['user_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_recordings_user_id'), table_name='recordings')
    op.drop_index(op.f('ix_recordings_created_at'), table_name='recordings')
    op.drop_table('recordings')
    # dropped in place: SQLite's batch copy of `turns` would take its `reply_scores` rows with it
    with op.batch_alter_table('turns', recreate='never') as batch:
        batch.drop_column('voice')
