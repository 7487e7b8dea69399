"""support_requests.webhook_last_error: errors stored before delivery kept only classes said what the socket
said ("Connection refused", "timed out"), which lets anyone who reads the inbox tell a closed port from a
filtered one; they become the classes stored now ("HTTP 5xx", "delivery failed").

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 11:10:00

"""
import re

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def _class_of(error: str) -> str:
    status = re.fullmatch(r'HTTP ([1-5])(?:\d\d|xx)', error)
    return f'HTTP {status.group(1)}xx' if status else 'delivery failed'


def upgrade():
    requests = sa.table('support_requests', sa.column('webhook_last_error', sa.String))
    conn = op.get_bind()
    errors = conn.execute(sa.select(requests.c.webhook_last_error).distinct()
                          .where(requests.c.webhook_last_error.is_not(None))).scalars().all()
    for error in errors:
        if error != _class_of(error) and not error.startswith(('HTTP 3xx', 'delivery ')):
            conn.execute(requests.update().where(requests.c.webhook_last_error == error)
                         .values(webhook_last_error=_class_of(error)))


def downgrade():
    pass  # what the socket said is gone
