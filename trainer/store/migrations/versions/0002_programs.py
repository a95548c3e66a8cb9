"""programs: required scenarios, audience, cycles, assignments and certificates

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

Self-contained on purpose (no imports from trainer/): history must not change when the models do.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")

revision: str = '0002'
down_revision: Union[str, Sequence[str], None] = '0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('programs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('pass_mark', sa.Float(), nullable=False),
    sa.Column('assessment_only', sa.Boolean(), nullable=False),
    sa.Column('recurrence', sa.String(length=16), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('opens_on', sa.String(length=10), nullable=False),
    sa.Column('due_on', sa.String(length=10), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("recurrence IN ('none', 'yearly')", name=op.f('ck_programs_recurrence')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_programs_created_by_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programs')),
    sa.UniqueConstraint('name', name=op.f('uq_programs_name'))
    )
    op.create_table('program_cycles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('program_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=40), nullable=False),
    sa.Column('opens_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closes_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('checked_until', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_program_cycles_program_id_programs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_program_cycles')),
    sa.UniqueConstraint('program_id', 'number', name=op.f('uq_program_cycles_program_id_number'))
    )
    op.create_table('program_roles',
    sa.Column('program_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_program_roles_program_id_programs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('program_id', 'role', name=op.f('pk_program_roles'))
    )
    op.create_table('program_scenarios',
    sa.Column('program_id', sa.Integer(), nullable=False),
    sa.Column('scenario_id', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_program_scenarios_program_id_programs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('program_id', 'scenario_id', name=op.f('pk_program_scenarios'))
    )
    op.create_table('program_teams',
    sa.Column('program_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_program_teams_program_id_programs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_program_teams_team_id_teams'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('program_id', 'team_id', name=op.f('pk_program_teams'))
    )
    op.create_table('assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('program_id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('assigned_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['cycle_id'], ['program_cycles.id'], name=op.f('fk_assignments_cycle_id_program_cycles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_assignments_program_id_programs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_assignments_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignments')),
    sa.UniqueConstraint('cycle_id', 'user_id', name=op.f('uq_assignments_cycle_id_user_id'))
    )
    op.create_index(op.f('ix_assignments_cycle_id_completed_at'), 'assignments', ['cycle_id', 'completed_at'])
    op.create_index(op.f('ix_assignments_user_id_cycle_id'), 'assignments', ['user_id', 'cycle_id'])
    op.create_table('certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('program_id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('scores', JSON_DOC, nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'], name=op.f('fk_certificates_assignment_id_assignments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['cycle_id'], ['program_cycles.id'], name=op.f('fk_certificates_cycle_id_program_cycles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_certificates_program_id_programs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_certificates_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificates')),
    sa.UniqueConstraint('assignment_id', name=op.f('uq_certificates_assignment_id')),
    sa.UniqueConstraint('code', name=op.f('uq_certificates_code'))
    )
    op.create_index(op.f('ix_certificates_user_id_issued_at'), 'certificates', ['user_id', 'issued_at'])


def downgrade() -> None:
    op.drop_index(op.f('ix_certificates_user_id_issued_at'), table_name='certificates')
    op.drop_table('certificates')
    op.drop_index(op.f('ix_assignments_user_id_cycle_id'), table_name='assignments')
    op.drop_index(op.f('ix_assignments_cycle_id_completed_at'), table_name='assignments')
    op.drop_table('assignments')
    op.drop_table('program_teams')
    op.drop_table('program_scenarios')
    op.drop_table('program_roles')
    op.drop_table('program_cycles')
    op.drop_table('programs')
