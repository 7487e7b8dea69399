"""Outbound webhooks: an app's subscriptions to event types (with the cursor of the last event batched, and the
format: Waypost's own, or Segment's HTTP tracking API with its write key) and the batches sent, each with its
delivery.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-04 14:00:00

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0027'
down_revision = '0026'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')
BIG = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade():
    op.create_table(
        'webhook_subscriptions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('app_id', sa.Integer(), nullable=False),
        sa.Column('url', sa.String(length=2048), nullable=False),
        sa.Column('events', JSON, nullable=False),
        sa.Column('format', sa.String(length=20), server_default='waypost', nullable=False),
        sa.Column('write_key', sa.String(length=200), nullable=True),
        sa.Column('cursor', BIG, nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('created_by', sa.String(length=254), nullable=True),
        sa.ForeignKeyConstraint(['app_id'], ['apps.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_webhook_subscriptions_app_id', 'webhook_subscriptions', ['app_id'])
    op.create_table(
        'webhook_batches',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('app_id', sa.Integer(), nullable=False),
        sa.Column('subscription_id', sa.Integer(), nullable=False),
        sa.Column('first_event_id', BIG, nullable=False),
        sa.Column('last_event_id', BIG, nullable=False),
        sa.Column('events', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('webhook_attempts', sa.Integer(), nullable=False),
        sa.Column('webhook_delivered_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('webhook_next_attempt_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('webhook_last_error', sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(['app_id'], ['apps.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['subscription_id'], ['webhook_subscriptions.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_webhook_batches_subscription', 'webhook_batches', ['subscription_id', 'id'])


def downgrade():
    op.drop_index('ix_webhook_batches_subscription', table_name='webhook_batches')
    op.drop_table('webhook_batches')
    op.drop_index('ix_webhook_subscriptions_app_id', table_name='webhook_subscriptions')
    op.drop_table('webhook_subscriptions')
