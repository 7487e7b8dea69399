"""companies and company_members: the groups the host app puts end users in (`Waypost('group', …)`), whose traits
audience rules read.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04 07:45:00

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'companies',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('app_id', sa.Integer(), nullable=False),
        sa.Column('external_id', sa.String(length=255), nullable=False),
        sa.Column('traits', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
        sa.Column('first_seen_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['app_id'], ['apps.id'], name=op.f('fk_companies_app_id_apps'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_companies')),
        sa.UniqueConstraint('app_id', 'external_id', name=op.f('uq_companies_app_id_external_id')),
    )
    op.create_table(
        'company_members',
        sa.Column('end_user_id', sa.Integer(), nullable=False),
        sa.Column('company_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['end_user_id'], ['end_users.id'], name=op.f('fk_company_members_end_user_id_end_users'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_company_members_company_id_companies'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('end_user_id', name=op.f('pk_company_members')),
    )
    op.create_index(op.f('ix_company_members_company_id'), 'company_members', ['company_id'])


def downgrade():
    op.drop_index(op.f('ix_company_members_company_id'), table_name='company_members')
    op.drop_table('company_members')
    op.drop_table('companies')
