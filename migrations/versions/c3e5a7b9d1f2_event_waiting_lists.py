"""Event waiting lists: entries (an organisation's request for places, in order) and their attendees

Revision ID: c3e5a7b9d1f2
Revises: c2e4a6b8d0f1
Create Date: 2026-11-29 23:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c3e5a7b9d1f2'
down_revision = 'c2e4a6b8d0f1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'event_waitlist_entry',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=False),
        sa.Column('request_key', sa.String(length=64), nullable=False),
        sa.Column('language', sa.String(length=2), nullable=False),
        sa.Column('places', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('offered_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('offer_expires_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('booking_id', sa.Integer(), nullable=True),
        sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_event_waitlist_entry_event_id_event')),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f('fk_event_waitlist_entry_organisation_id_organisation')),
        sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'],
                                name=op.f('fk_event_waitlist_entry_created_by_id_user_account')),
        sa.ForeignKeyConstraint(['booking_id'], ['booking.id'],
                                name=op.f('fk_event_waitlist_entry_booking_id_booking')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_event_waitlist_entry')),
        sa.UniqueConstraint('request_key', name=op.f('uq_event_waitlist_entry_request_key')),
    )
    op.create_index(op.f('ix_event_waitlist_entry_event_id'), 'event_waitlist_entry', ['event_id'])
    op.create_index(op.f('ix_event_waitlist_entry_organisation_id'), 'event_waitlist_entry', ['organisation_id'])
    op.create_index(op.f('ix_event_waitlist_entry_status'), 'event_waitlist_entry', ['status'])
    op.create_table(
        'event_waitlist_attendee',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('entry_id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('language', sa.String(length=2), nullable=False),
        sa.Column('access_needs', sa.Text(), nullable=False),
        sa.Column('dietary_needs', sa.Text(), nullable=False),
        sa.Column('speaks_welsh', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['entry_id'], ['event_waitlist_entry.id'],
                                name=op.f('fk_event_waitlist_attendee_entry_id_event_waitlist_entry')),
        sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_event_waitlist_attendee_event_id_event')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_event_waitlist_attendee')),
    )
    op.create_index(op.f('ix_event_waitlist_attendee_entry_id'), 'event_waitlist_attendee', ['entry_id'])
    op.create_index(op.f('ix_event_waitlist_attendee_event_id'), 'event_waitlist_attendee', ['event_id'])


def downgrade():
    op.drop_index(op.f('ix_event_waitlist_attendee_event_id'), table_name='event_waitlist_attendee')
    op.drop_index(op.f('ix_event_waitlist_attendee_entry_id'), table_name='event_waitlist_attendee')
    op.drop_table('event_waitlist_attendee')
    op.drop_index(op.f('ix_event_waitlist_entry_status'), table_name='event_waitlist_entry')
    op.drop_index(op.f('ix_event_waitlist_entry_organisation_id'), table_name='event_waitlist_entry')
    op.drop_index(op.f('ix_event_waitlist_entry_event_id'), table_name='event_waitlist_entry')
    op.drop_table('event_waitlist_entry')
