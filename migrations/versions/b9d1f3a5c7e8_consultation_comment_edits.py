"""Members edit or withdraw their own consultation comments until the deadline

Revision ID: b9d1f3a5c7e8
Revises: a7c9e1b3d5f2
Create Date: 2026-11-30 06:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'b9d1f3a5c7e8'
down_revision = 'a7c9e1b3d5f2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('consultation_comment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('edited_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('consultation_comment', schema=None) as batch_op:
        batch_op.drop_column('withdrawn_at')
        batch_op.drop_column('edited_at')
