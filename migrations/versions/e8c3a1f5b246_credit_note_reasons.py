"""Credit notes: the reason staff gave for cancelling an invoice, and at most one credit note per invoice

Revision ID: e8c3a1f5b246
Revises: f1c7a9e3b5d2
Create Date: 2026-11-30 09:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'e8c3a1f5b246'
down_revision = 'f1c7a9e3b5d2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('invoice', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reason', sa.Text(), server_default='', nullable=False))
        batch_op.create_unique_constraint(batch_op.f('uq_invoice_credits_id'), ['credits_id'])


def downgrade():
    with op.batch_alter_table('invoice', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_invoice_credits_id'), type_='unique')
        batch_op.drop_column('reason')
