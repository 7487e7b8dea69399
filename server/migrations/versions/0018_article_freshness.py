"""Article freshness: kb_articles.review_by (a date to check the article again by) and content_updated_at (when
its title, body or short answer last changed, which tells a translation older than its source); and the support
requests an article was drafted from.

Plain ADD COLUMNs: a batch alteration of kb_articles would drop the search triggers of migration 0004.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04 07:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('kb_articles', sa.Column('review_by', sa.Date(), nullable=True))
    op.add_column('kb_articles', sa.Column('content_updated_at', sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE kb_articles SET content_updated_at = updated_at")
    op.create_table(
        'kb_request_articles',
        sa.Column('support_request_id', sa.Integer(), nullable=False),
        sa.Column('article_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['support_request_id'], ['support_requests.id'],
                                name=op.f('fk_kb_request_articles_support_request_id_support_requests'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['article_id'], ['kb_articles.id'],
                                name=op.f('fk_kb_request_articles_article_id_kb_articles'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('support_request_id', name=op.f('pk_kb_request_articles')),
    )
    op.create_index(op.f('ix_kb_request_articles_article_id'), 'kb_request_articles', ['article_id'])


def downgrade():
    op.drop_index(op.f('ix_kb_request_articles_article_id'), table_name='kb_request_articles')
    op.drop_table('kb_request_articles')
    op.drop_column('kb_articles', 'content_updated_at')  # SQLite 3.35+ drops columns in place
    op.drop_column('kb_articles', 'review_by')
