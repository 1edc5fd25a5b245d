"""Membership applications, invoices and credit notes with their per-year numbering, and each
organisation's invoicing preferences and each year's budget, band and fee

Revision ID: d5a1f3b7c902
Revises: c4d8e2f61a73
Create Date: 2026-11-29 18:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'd5a1f3b7c902'
down_revision = 'c4d8e2f61a73'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('invoice_language', sa.String(length=4), server_default='cy', nullable=False))
        batch_op.add_column(sa.Column('po_required', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('finance_name', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('finance_email', sa.String(length=254), server_default='', nullable=False))
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.add_column(sa.Column('budget', sa.Numeric(precision=12, scale=2), nullable=True))
        batch_op.add_column(sa.Column('band', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('fee_pence', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('po_reference', sa.String(length=100), server_default='', nullable=False))
        batch_op.add_column(sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('end_reason', sa.Text(), server_default='', nullable=False))

    op.create_table(
        'membership_application',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('language', sa.String(length=2), nullable=False),
        sa.Column('name_en', sa.String(length=200), nullable=False),
        sa.Column('name_cy', sa.String(length=200), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('budget', sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column('band', sa.String(length=10), nullable=True),
        sa.Column('fee_pence', sa.Integer(), nullable=True),
        sa.Column('lead_name', sa.String(length=200), nullable=False),
        sa.Column('lead_role', sa.String(length=200), nullable=False),
        sa.Column('lead_email', sa.String(length=254), nullable=False),
        sa.Column('lead_language', sa.String(length=2), nullable=False),
        sa.Column('finance_name', sa.String(length=200), nullable=False),
        sa.Column('finance_email', sa.String(length=254), nullable=False),
        sa.Column('po_reference', sa.String(length=100), nullable=False),
        sa.Column('invoice_language', sa.String(length=4), nullable=False),
        sa.Column('consent_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('first_year', sa.Integer(), nullable=False),
        sa.Column('duplicate_of_id', sa.Integer(), nullable=True),
        sa.Column('organisation_id', sa.Integer(), nullable=True),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('staff_message', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'],
                                name=op.f('fk_membership_application_decided_by_id_user_account')),
        sa.ForeignKeyConstraint(['duplicate_of_id'], ['organisation.id'],
                                name=op.f('fk_membership_application_duplicate_of_id_organisation')),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f('fk_membership_application_organisation_id_organisation')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_membership_application')),
    )
    op.create_index(op.f('ix_membership_application_status'), 'membership_application', ['status'])

    op.create_table(
        'invoice_counter',
        sa.Column('series', sa.String(length=10), nullable=False),
        sa.Column('last', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('series', name=op.f('pk_invoice_counter')),
    )
    op.create_table(
        'invoice',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('number', sa.String(length=20), nullable=False),
        sa.Column('series', sa.String(length=10), nullable=False),
        sa.Column('sequence', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('membership_id', sa.Integer(), nullable=True),
        sa.Column('credits_id', sa.Integer(), nullable=True),
        sa.Column('year', sa.Integer(), nullable=True),
        sa.Column('band', sa.String(length=10), nullable=True),
        sa.Column('amount_pence', sa.Integer(), nullable=False),
        sa.Column('po_reference', sa.String(length=100), nullable=False),
        sa.Column('language', sa.String(length=4), nullable=False),
        sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('issued_on', sa.Date(), nullable=False),
        sa.Column('issued_by_id', sa.Integer(), nullable=True),
        sa.Column('storage_name', sa.String(length=32), nullable=True),
        sa.Column('sha256', sa.String(length=64), nullable=True),
        sa.Column('paid_on', sa.Date(), nullable=True),
        sa.Column('payment_reference', sa.String(length=100), nullable=False),
        sa.Column('payment_recorded_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['credits_id'], ['invoice.id'], name=op.f('fk_invoice_credits_id_invoice')),
        sa.ForeignKeyConstraint(['issued_by_id'], ['user_account.id'], name=op.f('fk_invoice_issued_by_id_user_account')),
        sa.ForeignKeyConstraint(['membership_id'], ['membership.id'], name=op.f('fk_invoice_membership_id_membership')),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f('fk_invoice_organisation_id_organisation')),
        sa.ForeignKeyConstraint(['payment_recorded_by_id'], ['user_account.id'],
                                name=op.f('fk_invoice_payment_recorded_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_invoice')),
        sa.UniqueConstraint('number', name=op.f('uq_invoice_number')),
        sa.UniqueConstraint('series', 'sequence', name=op.f('uq_invoice_series')),
        sa.UniqueConstraint('storage_name', name=op.f('uq_invoice_storage_name')),
    )
    op.create_index(op.f('ix_invoice_organisation_id'), 'invoice', ['organisation_id'])
    op.create_table(
        'invoice_line',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('invoice_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('description_en', sa.String(length=300), nullable=False),
        sa.Column('description_cy', sa.String(length=300), nullable=False),
        sa.Column('quantity', sa.Integer(), nullable=False),
        sa.Column('unit_pence', sa.Integer(), nullable=False),
        sa.Column('amount_pence', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['invoice_id'], ['invoice.id'], name=op.f('fk_invoice_line_invoice_id_invoice'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_invoice_line')),
    )
    op.create_index(op.f('ix_invoice_line_invoice_id'), 'invoice_line', ['invoice_id'])


def downgrade():
    op.drop_index(op.f('ix_invoice_line_invoice_id'), table_name='invoice_line')
    op.drop_table('invoice_line')
    op.drop_index(op.f('ix_invoice_organisation_id'), table_name='invoice')
    op.drop_table('invoice')
    op.drop_table('invoice_counter')
    op.drop_index(op.f('ix_membership_application_status'), table_name='membership_application')
    op.drop_table('membership_application')
    with op.batch_alter_table('membership', schema=None) as batch_op:
        for column in ('end_reason', 'ended_at', 'po_reference', 'fee_pence', 'band', 'budget'):
            batch_op.drop_column(column)
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        for column in ('finance_email', 'finance_name', 'po_required', 'invoice_language'):
            batch_op.drop_column(column)
