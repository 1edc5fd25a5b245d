"""Events: kind, both languages' title and description, times, venue or online joining link,
capacity, prices and booking windows

Revision ID: f1c7a9e3b5d2
Revises: e8b2d4f6a1c3
Create Date: 2026-11-29 19:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'f1c7a9e3b5d2'
down_revision = 'e8b2d4f6a1c3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'event',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('title_en', sa.String(length=200), nullable=False),
        sa.Column('title_cy', sa.String(length=200), nullable=False),
        sa.Column('description_en', sa.Text(), nullable=False),
        sa.Column('description_cy', sa.Text(), nullable=False),
        sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('online', sa.Boolean(), nullable=False),
        sa.Column('venue_en', sa.String(length=200), nullable=False),
        sa.Column('venue_cy', sa.String(length=200), nullable=False),
        sa.Column('address', sa.Text(), nullable=False),
        sa.Column('joining_link', sa.String(length=500), nullable=False),
        sa.Column('capacity', sa.Integer(), nullable=False),
        sa.Column('full_price_pence', sa.Integer(), nullable=False),
        sa.Column('member_price_pence', sa.Integer(), nullable=False),
        sa.Column('booking_opens_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('booking_closes_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('members_only_until', sa.DateTime(timezone=True), nullable=True),
        sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_event_created_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_event')),
    )
    op.create_index(op.f('ix_event_kind'), 'event', ['kind'])
    op.create_index(op.f('ix_event_starts_at'), 'event', ['starts_at'])


def downgrade():
    op.drop_index(op.f('ix_event_starts_at'), table_name='event')
    op.drop_index(op.f('ix_event_kind'), table_name='event')
    op.drop_table('event')
