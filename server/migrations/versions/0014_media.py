"""media: images, video and audio uploaded for an app's articles, stored by content (sha256).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 02:25:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'media',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('app_id', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('extension', sa.String(length=8), nullable=False),
        sa.Column('mime', sa.String(length=40), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['app_id'], ['apps.id'], name=op.f('fk_media_app_id_apps'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_media')),
        sa.UniqueConstraint('app_id', 'sha256', name=op.f('uq_media_app_id_sha256')),
    )
    op.create_index(op.f('ix_media_app_id'), 'media', ['app_id'])
    op.create_index(op.f('ix_media_sha256'), 'media', ['sha256'])


def downgrade():
    op.drop_index(op.f('ix_media_sha256'), table_name='media')
    op.drop_index(op.f('ix_media_app_id'), table_name='media')
    op.drop_table('media')
