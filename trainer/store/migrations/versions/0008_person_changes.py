"""person changes: the log of changes to people's accounts (who, when, what)

Revision ID: 0008
Revises: 0009
Create Date: 2026-11-23

Self-contained on purpose (no imports from trainer/): history must not change when the models do.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision: str = '0008'
down_revision: Union[str, Sequence[str], None] = '0009'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('person_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('changed_by', sa.Integer(), nullable=True),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('changes', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'),
              nullable=False),
    sa.CheckConstraint("action IN ('added', 'changed', 'deactivated', 'reactivated', 'password')",
                       name=op.f('ck_person_changes_action')),
    sa.ForeignKeyConstraint(['changed_by'], ['users.id'], name=op.f('fk_person_changes_changed_by_users'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_person_changes_user_id_users'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_changes'))
    )
    op.create_index(op.f('ix_person_changes_user_id_id'), 'person_changes', ['user_id', 'id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_person_changes_user_id_id'), table_name='person_changes')
    op.drop_table('person_changes')
