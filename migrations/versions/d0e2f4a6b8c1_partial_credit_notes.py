"""Partial credit notes: a booking's cancelled places are credited one at a time, so an invoice may
have many partial credit notes and at most one that cancels it as a whole

Revision ID: d0e2f4a6b8c1
Revises: a4d6f8b0c2e5
Create Date: 2026-11-29 23:50:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'd0e2f4a6b8c1'
down_revision = 'a4d6f8b0c2e5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('invoice', schema=None) as batch_op:
        batch_op.add_column(sa.Column('partial', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.drop_constraint(batch_op.f('uq_invoice_credits_id'), type_='unique')
    # Credit notes of a booking's places written before this revision were refused after the first
    # (one per invoice): every existing credit note cancels its invoice as a whole.
    op.create_index('uq_invoice_credits_id_whole', 'invoice', ['credits_id'], unique=True,
                    sqlite_where=sa.text('partial = 0'), postgresql_where=sa.text('NOT partial'))


def downgrade():
    op.drop_index('uq_invoice_credits_id_whole', table_name='invoice')
    # Nothing issued is deleted: partial credit notes stay, no longer naming the invoice they credit.
    op.execute(sa.text("UPDATE invoice SET credits_id = NULL WHERE partial"))
    with op.batch_alter_table('invoice', schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_invoice_credits_id'), ['credits_id'])
        batch_op.drop_column('partial')
