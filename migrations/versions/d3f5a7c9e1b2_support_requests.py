"""Support requests: members ask the Network for help; the conversation and the files sent with it

Revision ID: d3f5a7c9e1b2
Revises: a4c6e8f0b2d3
Create Date: 2026-11-29 23:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'd3f5a7c9e1b2'
down_revision = 'a4c6e8f0b2d3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'support_request',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('opened_by_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('language', sa.String(length=2), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('assigned_to_id', sa.Integer(), nullable=True),
        sa.Column('declined_reason', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['assigned_to_id'], ['user_account.id'],
                                name=op.f('fk_support_request_assigned_to_id_user_account')),
        sa.ForeignKeyConstraint(['opened_by_id'], ['user_account.id'],
                                name=op.f('fk_support_request_opened_by_id_user_account')),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f('fk_support_request_organisation_id_organisation')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_support_request')),
    )
    op.create_index(op.f('ix_support_request_organisation_id'), 'support_request', ['organisation_id'])
    op.create_index(op.f('ix_support_request_status'), 'support_request', ['status'])
    op.create_table(
        'support_message',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('request_id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=False),
        sa.Column('from_staff', sa.Boolean(), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['author_id'], ['user_account.id'],
                                name=op.f('fk_support_message_author_id_user_account')),
        sa.ForeignKeyConstraint(['request_id'], ['support_request.id'],
                                name=op.f('fk_support_message_request_id_support_request')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_support_message')),
    )
    op.create_index(op.f('ix_support_message_request_id'), 'support_message', ['request_id'])
    op.create_table(
        'support_file',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('request_id', sa.Integer(), nullable=False),
        sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
        sa.Column('storage_name', sa.String(length=32), nullable=False),
        sa.Column('original_name', sa.String(length=255), nullable=False),
        sa.Column('content_type', sa.String(length=100), nullable=False),
        sa.Column('size', sa.BigInteger(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['request_id'], ['support_request.id'],
                                name=op.f('fk_support_file_request_id_support_request')),
        sa.ForeignKeyConstraint(['uploaded_by_id'], ['user_account.id'],
                                name=op.f('fk_support_file_uploaded_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_support_file')),
        sa.UniqueConstraint('storage_name', name=op.f('uq_support_file_storage_name')),
    )
    op.create_index(op.f('ix_support_file_request_id'), 'support_file', ['request_id'])


def downgrade():
    op.drop_index(op.f('ix_support_file_request_id'), table_name='support_file')
    op.drop_table('support_file')
    op.drop_index(op.f('ix_support_message_request_id'), table_name='support_message')
    op.drop_table('support_message')
    op.drop_index(op.f('ix_support_request_status'), table_name='support_request')
    op.drop_index(op.f('ix_support_request_organisation_id'), table_name='support_request')
    op.drop_table('support_request')
