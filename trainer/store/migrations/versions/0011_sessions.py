"""login sessions, failed logins per address, and the server's own secrets

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05

Logins survive a reload: each browser's login is a row in `sessions` (only hashes of its token and its
one-time ticket are stored), so it can be ended from anywhere (log out, a new password, a deactivated
account). `login_failures` counts failed logins per network address. `server_secrets` keeps the key
that signs login cookies when TRAINER_SESSION_SECRET is not set, so every app process on one database
accepts the others' cookies.

Self-contained on purpose (no imports from trainer/): history must not change when the models do.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = '0011'
down_revision: Union[str, Sequence[str], None] = '0010'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

END_REASONS = ('logout', 'everywhere', 'password', 'deactivated', 'idle', 'expired')


def upgrade() -> None:
    reasons = ", ".join(f"'{r}'" for r in END_REASONS)
    op.create_table('sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=True),
    sa.Column('ticket_hash', sa.String(length=64), nullable=True),
    sa.Column('ticket_expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('end_reason', sa.String(length=16), nullable=True),
    sa.CheckConstraint(f"end_reason IS NULL OR end_reason IN ({reasons})", name=op.f('ck_sessions_end_reason')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sessions')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_sessions_token_hash')),
    sa.UniqueConstraint('ticket_hash', name=op.f('uq_sessions_ticket_hash'))
    )
    op.create_index(op.f('ix_sessions_user_id'), 'sessions', ['user_id'])
    op.create_index(op.f('ix_sessions_expires_at'), 'sessions', ['expires_at'])
    op.create_table('login_failures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('failed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_failures'))
    )
    op.create_index(op.f('ix_login_failures_address_failed_at'), 'login_failures', ['address', 'failed_at'])
    op.create_index(op.f('ix_login_failures_failed_at'), 'login_failures', ['failed_at'])
    op.create_table('server_secrets',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('value', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_server_secrets'))
    )


def downgrade() -> None:
    op.drop_table('server_secrets')
    op.drop_index(op.f('ix_login_failures_failed_at'), table_name='login_failures')
    op.drop_index(op.f('ix_login_failures_address_failed_at'), table_name='login_failures')
    op.drop_table('login_failures')
    op.drop_index(op.f('ix_sessions_expires_at'), table_name='sessions')
    op.drop_index(op.f('ix_sessions_user_id'), table_name='sessions')
    op.drop_table('sessions')
