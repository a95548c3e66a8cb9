"""studio: scenario save log, calibration rounds, items and grades

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

Self-contained on purpose (no imports from trainer/): history must not change when the models do.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = '0003'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('scenario_saves',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('path', sa.String(length=500), nullable=False),
    sa.Column('scenario_id', sa.String(length=200), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('saved_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('before_hash', sa.String(length=64), nullable=True),
    sa.Column('after_hash', sa.String(length=64), nullable=False),
    sa.Column('summary', sa.String(length=500), nullable=False),
    sa.Column('diff', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_scenario_saves_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scenario_saves'))
    )
    op.create_index(op.f('ix_scenario_saves_scenario_id_saved_at'), 'scenario_saves', ['scenario_id', 'saved_at'])
    op.create_table('calibration_rounds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('rubric_id', sa.String(length=200), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('seed', sa.BigInteger(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_calibration_rounds_created_by_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calibration_rounds'))
    )
    op.create_table('calibration_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('reply', sa.Text(), nullable=False),
    sa.Column('customer_line', sa.Text(), nullable=True),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('scenario_id', sa.String(length=200), nullable=True),
    sa.Column('attempt_id', sa.Integer(), nullable=True),
    sa.Column('turn_index', sa.Integer(), nullable=True),
    sa.Column('auto', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempts.id'], name=op.f('fk_calibration_items_attempt_id_attempts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['round_id'], ['calibration_rounds.id'], name=op.f('fk_calibration_items_round_id_calibration_rounds'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calibration_items')),
    sa.UniqueConstraint('round_id', 'position', name=op.f('uq_calibration_items_round_id_position'))
    )
    op.create_table('calibration_grades',
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('grader_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.String(length=100), nullable=False),
    sa.Column('points', sa.Float(), nullable=False),
    sa.Column('graded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['grader_id'], ['users.id'], name=op.f('fk_calibration_grades_grader_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['item_id'], ['calibration_items.id'], name=op.f('fk_calibration_grades_item_id_calibration_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('item_id', 'grader_id', 'criterion_id', name=op.f('pk_calibration_grades'))
    )
    op.create_index(op.f('ix_calibration_grades_grader_id'), 'calibration_grades', ['grader_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_calibration_grades_grader_id'), table_name='calibration_grades')
    op.drop_table('calibration_grades')
    op.drop_table('calibration_items')
    op.drop_table('calibration_rounds')
    op.drop_index(op.f('ix_scenario_saves_scenario_id_saved_at'), table_name='scenario_saves')
    op.drop_table('scenario_saves')
