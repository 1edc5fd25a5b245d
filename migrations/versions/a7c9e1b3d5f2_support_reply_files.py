"""Files sent with a reply in a support request's conversation, by the member's side or by staff

Revision ID: a7c9e1b3d5f2
Revises: f3b5d7e9a1c4
Create Date: 2026-11-30 06:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'a7c9e1b3d5f2'
down_revision = 'f3b5d7e9a1c4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('support_file', schema=None) as batch_op:
        batch_op.add_column(sa.Column('message_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_support_file_message_id'), ['message_id'], unique=False)
        batch_op.create_foreign_key('fk_support_file_message_id_support_message', 'support_message',
                                    ['message_id'], ['id'])


def downgrade():
    with op.batch_alter_table('support_file', schema=None) as batch_op:
        batch_op.drop_constraint('fk_support_file_message_id_support_message', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_support_file_message_id'))
        batch_op.drop_column('message_id')
