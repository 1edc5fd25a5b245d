"""Event bookings: bookings, their places (one named attendee each), the named virtual-seminar
individuals per organisation and year, and staff adjustments of free allowances

Revision ID: a4c6e8b0d2f4
Revises: e8c3a1f5b246
Create Date: 2026-11-30 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'a4c6e8b0d2f4'
down_revision = 'e8c3a1f5b246'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'booking',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('booked_by_id', sa.Integer(), nullable=False),
        sa.Column('request_key', sa.String(length=64), nullable=False),
        sa.Column('member_terms', sa.Boolean(), nullable=False),
        sa.Column('total_pence', sa.Integer(), nullable=False),
        sa.Column('invoice_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_booking_event_id_event')),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f('fk_booking_organisation_id_organisation')),
        sa.ForeignKeyConstraint(['booked_by_id'], ['user_account.id'],
                                name=op.f('fk_booking_booked_by_id_user_account')),
        sa.ForeignKeyConstraint(['invoice_id'], ['invoice.id'], name=op.f('fk_booking_invoice_id_invoice')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_booking')),
        sa.UniqueConstraint('request_key', name=op.f('uq_booking_request_key')),
    )
    op.create_index(op.f('ix_booking_event_id'), 'booking', ['event_id'])
    op.create_index(op.f('ix_booking_organisation_id'), 'booking', ['organisation_id'])
    op.create_table(
        'event_place',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('booking_id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('language', sa.String(length=2), nullable=False),
        sa.Column('access_needs', sa.Text(), nullable=False),
        sa.Column('dietary_needs', sa.Text(), nullable=False),
        sa.Column('speaks_welsh', sa.Boolean(), nullable=False),
        sa.Column('price_reason', sa.String(length=10), nullable=False),
        sa.Column('price_pence', sa.Integer(), nullable=False),
        sa.Column('attended', sa.Boolean(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('cancelled_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['booking_id'], ['booking.id'], name=op.f('fk_event_place_booking_id_booking')),
        sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_event_place_event_id_event')),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f('fk_event_place_organisation_id_organisation')),
        sa.ForeignKeyConstraint(['cancelled_by_id'], ['user_account.id'],
                                name=op.f('fk_event_place_cancelled_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_event_place')),
    )
    op.create_index(op.f('ix_event_place_booking_id'), 'event_place', ['booking_id'])
    op.create_index(op.f('ix_event_place_event_id'), 'event_place', ['event_id'])
    op.create_index(op.f('ix_event_place_organisation_id'), 'event_place', ['organisation_id'])
    op.create_index('uq_event_place_booked_email', 'event_place', ['event_id', 'email'], unique=True,
                    sqlite_where=sa.text("status = 'booked'"), postgresql_where=sa.text("status = 'booked'"))
    op.create_table(
        'seminar_individual',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f('fk_seminar_individual_organisation_id_organisation')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_seminar_individual')),
        sa.UniqueConstraint('organisation_id', 'year', 'email', name=op.f('uq_seminar_individual_organisation_id')),
    )
    op.create_index(op.f('ix_seminar_individual_organisation_id'), 'seminar_individual', ['organisation_id'])
    op.create_table(
        'allowance_adjustment',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=True),
        sa.Column('year', sa.Integer(), nullable=True),
        sa.Column('change', sa.Integer(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f('fk_allowance_adjustment_organisation_id_organisation')),
        sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_allowance_adjustment_event_id_event')),
        sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'],
                                name=op.f('fk_allowance_adjustment_actor_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_allowance_adjustment')),
    )
    op.create_index(op.f('ix_allowance_adjustment_organisation_id'), 'allowance_adjustment', ['organisation_id'])


def downgrade():
    op.drop_index(op.f('ix_allowance_adjustment_organisation_id'), table_name='allowance_adjustment')
    op.drop_table('allowance_adjustment')
    op.drop_index(op.f('ix_seminar_individual_organisation_id'), table_name='seminar_individual')
    op.drop_table('seminar_individual')
    op.drop_index('uq_event_place_booked_email', table_name='event_place')
    op.drop_index(op.f('ix_event_place_organisation_id'), table_name='event_place')
    op.drop_index(op.f('ix_event_place_event_id'), table_name='event_place')
    op.drop_index(op.f('ix_event_place_booking_id'), table_name='event_place')
    op.drop_table('event_place')
    op.drop_index(op.f('ix_booking_organisation_id'), table_name='booking')
    op.drop_index(op.f('ix_booking_event_id'), table_name='booking')
    op.drop_table('booking')
