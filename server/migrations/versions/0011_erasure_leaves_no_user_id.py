"""suppressions.scheme: new suppression records hold an HMAC of the user id keyed with the server's secret key;
the older ones hold a plain SHA-256 that cannot be recomputed without the id, so they are marked "sha256" and
keep being checked that way (and rehashed when their user comes back). Audit entries of past erasures lose the
erased user's id.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 11:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

ERASED = '[erased]'


def upgrade():
    with op.batch_alter_table('suppressions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scheme', sa.String(length=16), server_default='sha256', nullable=False))
    with op.batch_alter_table('suppressions', schema=None) as batch_op:
        batch_op.alter_column('scheme', existing_type=sa.String(length=16), server_default='hmac-sha256')

    # every successful erasure was logged with the id of a user who no longer exists
    audit_log = sa.table('audit_log', sa.column('id', sa.Integer), sa.column('path', sa.String),
                         sa.column('target', sa.JSON))
    conn = op.get_bind()
    erasures = conn.execute(sa.select(audit_log.c.id, audit_log.c.path, audit_log.c.target)
                            .where(sa.text("action = 'admin_privacy.erase'"))).all()
    for entry_id, path, target in erasures:
        user_id = (target or {}).get('user_id')
        if user_id is None or user_id == ERASED:
            continue
        conn.execute(audit_log.update().where(audit_log.c.id == entry_id).values(
            path=path.replace(f'/end-users/{user_id}', f'/end-users/{ERASED}', 1),
            target={**target, 'user_id': ERASED}))


def downgrade():
    # the scrubbed ids are gone for good; keyed records cannot be turned back into plain hashes
    op.execute(sa.text("DELETE FROM suppressions WHERE scheme <> 'sha256'"))
    with op.batch_alter_table('suppressions', schema=None) as batch_op:
        batch_op.drop_column('scheme')
