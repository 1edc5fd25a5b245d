"""Non-member bookings: the booker, their organisation and billing address, the hold until they
confirm by email; a booking may have no account behind it

Revision ID: c3e5a7f9b1d4
Revises: c3e5a7b9d1f2
Create Date: 2026-12-02 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c3e5a7f9b1d4'
down_revision = 'c3e5a7b9d1f2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.alter_column('booked_by_id', existing_type=sa.Integer(), nullable=True)
    op.create_table(
        'nonmember_booking',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('booking_id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('language', sa.String(length=2), nullable=False),
        sa.Column('organisation_name', sa.String(length=200), nullable=False),
        sa.Column('billing_address', sa.Text(), nullable=False),
        sa.Column('secret', sa.String(length=43), nullable=False),
        sa.Column('held_until', sa.DateTime(timezone=True), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('released_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['booking_id'], ['booking.id'], name=op.f('fk_nonmember_booking_booking_id_booking')),
        sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_nonmember_booking_event_id_event')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_nonmember_booking')),
        sa.UniqueConstraint('booking_id', name=op.f('uq_nonmember_booking_booking_id')),
    )
    op.create_index(op.f('ix_nonmember_booking_event_id'), 'nonmember_booking', ['event_id'])
    op.create_index(op.f('ix_nonmember_booking_status'), 'nonmember_booking', ['status'])
    op.create_index(op.f('ix_nonmember_booking_email'), 'nonmember_booking', ['email'])


def downgrade():
    # Bookings with no account behind them cannot exist in the older schema: their places and
    # bookings go with the table that explains them (their invoices stay, as issued).
    op.execute("DELETE FROM event_place WHERE booking_id IN (SELECT booking_id FROM nonmember_booking)")
    op.drop_index(op.f('ix_nonmember_booking_email'), table_name='nonmember_booking')
    op.drop_index(op.f('ix_nonmember_booking_status'), table_name='nonmember_booking')
    op.drop_index(op.f('ix_nonmember_booking_event_id'), table_name='nonmember_booking')
    op.drop_table('nonmember_booking')
    op.execute("DELETE FROM booking WHERE booked_by_id IS NULL")
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.alter_column('booked_by_id', existing_type=sa.Integer(), nullable=False)
