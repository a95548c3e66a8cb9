"""create every table

Revision ID: 0001
Revises:
Create Date: 2026-11-22

Self-contained on purpose (no imports from trainer/): history must not change when the models do.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")

# revision identifiers, used by Alembic.
revision: str = '0001'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('teams',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_teams')),
    sa.UniqueConstraint('name', name=op.f('uq_teams_name'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('manager_id', sa.Integer(), nullable=True),
    sa.Column('password_hash', sa.String(length=512), nullable=True),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role IN ('trainee', 'manager', 'trainer', 'admin')", name=op.f('ck_users_role')),
    sa.ForeignKeyConstraint(['manager_id'], ['users.id'], name=op.f('fk_users_manager_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_users_team_id_teams'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    op.create_index(op.f('ix_users_manager_id'), 'users', ['manager_id'])
    op.create_index(op.f('ix_users_team_id'), 'users', ['team_id'])
    op.create_table('attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('scenario_id', sa.String(length=200), nullable=False),
    sa.Column('scenario_version', sa.String(length=64), nullable=False),
    sa.Column('seed', sa.BigInteger(), nullable=False),
    sa.Column('mode', sa.String(length=16), nullable=False),
    sa.Column('customer_kind', sa.String(length=16), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('end_state', sa.String(length=32), nullable=True),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('passed', sa.Boolean(), nullable=True),
    sa.Column('turn_count', sa.Integer(), nullable=False),
    sa.Column('session_state', JSON_DOC, nullable=True),
    sa.CheckConstraint("customer_kind IN ('scripted', 'generated')", name=op.f('ck_attempts_customer_kind')),
    sa.CheckConstraint("mode IN ('practice', 'assessment')", name=op.f('ck_attempts_mode')),
    sa.CheckConstraint("state IN ('in_progress', 'finished', 'abandoned')", name=op.f('ck_attempts_state')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_attempts_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attempts'))
    )
    op.create_index(op.f('ix_attempts_ended_at'), 'attempts', ['ended_at'])
    op.create_index(op.f('ix_attempts_scenario_id_started_at'), 'attempts', ['scenario_id', 'started_at'])
    op.create_index(op.f('ix_attempts_started_at'), 'attempts', ['started_at'])
    op.create_index(op.f('ix_attempts_user_id_started_at'), 'attempts', ['user_id', 'started_at'])
    op.create_index(op.f('ix_attempts_user_id_state'), 'attempts', ['user_id', 'state'])
    op.create_table('team_managers',
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_team_managers_team_id_teams'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_team_managers_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('team_id', 'user_id', name=op.f('pk_team_managers'))
    )
    op.create_index(op.f('ix_team_managers_user_id'), 'team_managers', ['user_id'])
    op.create_table('attempt_criteria',
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.String(length=100), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('scenario_id', sa.String(length=200), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('max', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempts.id'], name=op.f('fk_attempt_criteria_attempt_id_attempts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_attempt_criteria_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('attempt_id', 'criterion_id', name=op.f('pk_attempt_criteria'))
    )
    op.create_index(op.f('ix_attempt_criteria_ended_at'), 'attempt_criteria', ['ended_at'])
    op.create_index(op.f('ix_attempt_criteria_scenario_id_criterion_id'), 'attempt_criteria', ['scenario_id', 'criterion_id'])
    op.create_index(op.f('ix_attempt_criteria_user_id_criterion_id_ended_at'), 'attempt_criteria', ['user_id', 'criterion_id', 'ended_at'])
    op.create_table('turns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('index', sa.Integer(), nullable=False),
    sa.Column('speaker', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('response_seconds', sa.Float(), nullable=True),
    sa.Column('criteria', JSON_DOC, nullable=True),
    sa.Column('mood_after', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("speaker IN ('customer', 'trainee')", name=op.f('ck_turns_speaker')),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempts.id'], name=op.f('fk_turns_attempt_id_attempts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_turns')),
    sa.UniqueConstraint('attempt_id', 'index', name=op.f('uq_turns_attempt_id_index'))
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('turns')
    op.drop_index(op.f('ix_attempt_criteria_user_id_criterion_id_ended_at'), table_name='attempt_criteria')
    op.drop_index(op.f('ix_attempt_criteria_scenario_id_criterion_id'), table_name='attempt_criteria')
    op.drop_index(op.f('ix_attempt_criteria_ended_at'), table_name='attempt_criteria')
    op.drop_table('attempt_criteria')
    op.drop_index(op.f('ix_team_managers_user_id'), table_name='team_managers')
    op.drop_table('team_managers')
    op.drop_index(op.f('ix_attempts_user_id_state'), table_name='attempts')
    op.drop_index(op.f('ix_attempts_user_id_started_at'), table_name='attempts')
    op.drop_index(op.f('ix_attempts_started_at'), table_name='attempts')
    op.drop_index(op.f('ix_attempts_scenario_id_started_at'), table_name='attempts')
    op.drop_index(op.f('ix_attempts_ended_at'), table_name='attempts')
    op.drop_table('attempts')
    op.drop_index(op.f('ix_users_team_id'), table_name='users')
    op.drop_index(op.f('ix_users_manager_id'), table_name='users')
    op.drop_table('users')
    op.drop_table('teams')
