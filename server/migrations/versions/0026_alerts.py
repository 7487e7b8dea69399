"""Alerts: a published tour step whose target many users could not find in an hour, with its webhook delivery.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-04 13:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'alerts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('app_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('tour_id', sa.String(length=100), nullable=False),
        sa.Column('tour_version', sa.Integer(), nullable=False),
        sa.Column('step_id', sa.String(length=100), nullable=True),
        sa.Column('selector', sa.String(length=1000), nullable=True),
        sa.Column('users', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('webhook_attempts', sa.Integer(), nullable=False),
        sa.Column('webhook_delivered_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('webhook_next_attempt_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('webhook_last_error', sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(['app_id'], ['apps.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_alerts_app_step', 'alerts', ['app_id', 'tour_id', 'step_id', 'created_at'])


def downgrade():
    op.drop_index('ix_alerts_app_step', table_name='alerts')
    op.drop_table('alerts')
