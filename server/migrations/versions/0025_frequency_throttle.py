"""Frequency and throttle: how many times each user was shown an experience and when last (tour_progress.shows,
last_shown_at), and the app's throttle (apps.throttle: per session, per day, quiet hours after a dismissal).

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-04 09:30:00

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('tour_progress') as batch:
        batch.add_column(sa.Column('shows', sa.Integer(), server_default='0', nullable=False))
        batch.add_column(sa.Column('last_shown_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('apps') as batch:
        batch.add_column(sa.Column('throttle', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()),
                                                                      'postgresql'), server_default='{}',
                                   nullable=False))


def downgrade():
    # ALTER TABLE … DROP COLUMN (SQLite 3.35+): apps is not rebuilt, so nothing that reads it blocks the downgrade
    op.drop_column('apps', 'throttle')
    with op.batch_alter_table('tour_progress') as batch:
        batch.drop_column('last_shown_at')
        batch.drop_column('shows')
