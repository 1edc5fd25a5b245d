"""The placeholder organisation of non-members' bookings is marked by a flag (one at most), not found by its name

Revision ID: f3b5d7e9a1c4
Revises: e1f3a5c7b9d2
Create Date: 2026-11-30 06:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'f3b5d7e9a1c4'
down_revision = 'e1f3a5c7b9d2'
branch_labels = None
depends_on = None

INDEX = 'uq_organisation_nonmember_placeholder'


def upgrade():
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('holds_nonmember_bookings', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    # The one made so far was found by its English name and kind: the first such organisation is it.
    op.execute("UPDATE organisation SET holds_nonmember_bookings = true WHERE id = (SELECT min(id) FROM organisation "
               "WHERE name_en = 'Non-member bookings' AND kind = 'other')")
    op.create_index(INDEX, 'organisation', ['holds_nonmember_bookings'], unique=True,
                    sqlite_where=sa.text('holds_nonmember_bookings'),
                    postgresql_where=sa.text('holds_nonmember_bookings'))


def downgrade():
    op.drop_index(INDEX, table_name='organisation', sqlite_where=sa.text('holds_nonmember_bookings'),
                  postgresql_where=sa.text('holds_nonmember_bookings'))
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_column('holds_nonmember_bookings')
