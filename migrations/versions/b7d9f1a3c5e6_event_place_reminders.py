"""Event places: when the reminder the day before the event was sent (flask events remind)

Revision ID: b7d9f1a3c5e6
Revises: a4c6e8b0d2f4
Create Date: 2026-12-01 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'b7d9f1a3c5e6'
down_revision = 'a4c6e8b0d2f4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('event_place', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminded_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('needs_forgotten_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('event_place', schema=None) as batch_op:
        batch_op.drop_column('needs_forgotten_at')
        batch_op.drop_column('reminded_at')
