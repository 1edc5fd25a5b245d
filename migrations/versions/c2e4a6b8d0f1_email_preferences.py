"""Email preferences: the emails each person has turned on or off, by topic

Revision ID: c2e4a6b8d0f1
Revises: b7d9f1a3c5e6
Create Date: 2026-11-29 22:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c2e4a6b8d0f1'
down_revision = 'b7d9f1a3c5e6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'email_preference',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('topic', sa.String(length=30), nullable=False),
        sa.Column('wanted', sa.Boolean(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_email_preference_user_id_user_account'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', 'topic', name=op.f('pk_email_preference')),
    )


def downgrade():
    op.drop_table('email_preference')
