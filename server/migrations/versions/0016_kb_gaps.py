"""kb_gaps: content gaps (failed searches of one query, language and page) linked to the article written for them.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04 06:10:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'kb_gaps',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('app_id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('normalized', sa.String(length=500), nullable=False),
        sa.Column('language', sa.String(length=35), nullable=False),
        sa.Column('page', sa.String(length=2048), nullable=False),
        sa.Column('article_id', sa.Integer(), nullable=True),
        sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['app_id'], ['apps.id'], name=op.f('fk_kb_gaps_app_id_apps'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['article_id'], ['kb_articles.id'], name=op.f('fk_kb_gaps_article_id_kb_articles'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_kb_gaps')),
        sa.UniqueConstraint('app_id', 'key', name=op.f('uq_kb_gaps_app_id_key')),
    )


def downgrade():
    op.drop_table('kb_gaps')
