"""Briff items: either language may be written first

Until now only the Welsh could be out of date (the English changed after it), so an item whose
Welsh was saved after its English was current. From now on that would mean "revisit the English",
so such items are marked current in both languages, as they were.

Revision ID: 5d1c0a7e2b94
Revises: 43f276c43b7b
Create Date: 2026-11-26 02:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '5d1c0a7e2b94'
down_revision = '43f276c43b7b'
branch_labels = None
depends_on = None

item = sa.table('briff_item', sa.column('en_changed_at', sa.DateTime(timezone=True)),
                sa.column('cy_changed_at', sa.DateTime(timezone=True)))


def upgrade():
    op.execute(item.update().where(item.c.cy_changed_at > item.c.en_changed_at)
               .values(en_changed_at=item.c.cy_changed_at))


def downgrade():
    pass  # both languages current reads the same under the earlier rule
