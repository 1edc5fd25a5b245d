"""Consultations and members' comments on the Network's draft responses

Revision ID: a4c6e8f0b2d3
Revises: d0e2f4a6b8c1
Create Date: 2026-11-29 22:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'a4c6e8f0b2d3'
down_revision = 'd0e2f4a6b8c1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'consultation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('title_en', sa.String(length=250), nullable=False),
        sa.Column('title_cy', sa.String(length=250), nullable=False),
        sa.Column('summary_en', sa.Text(), nullable=False),
        sa.Column('summary_cy', sa.Text(), nullable=False),
        sa.Column('link', sa.String(length=500), nullable=False),
        sa.Column('closes_on', sa.Date(), nullable=False),
        sa.Column('comments_close_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('draft_resource_id', sa.Integer(), nullable=True),
        sa.Column('response_resource_id', sa.Integer(), nullable=True),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('responded_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['draft_resource_id'], ['resource.id'],
                                name=op.f('fk_consultation_draft_resource_id_resource'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['response_resource_id'], ['resource.id'],
                                name=op.f('fk_consultation_response_resource_id_resource'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation')),
    )
    op.create_index(op.f('ix_consultation_status'), 'consultation', ['status'], unique=False)
    op.create_table(
        'consultation_comment',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('consultation_id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('show_organisation', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('hidden_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('hidden_by_id', sa.Integer(), nullable=True),
        sa.Column('hidden_reason', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'],
                                name=op.f('fk_consultation_comment_consultation_id_consultation'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['author_id'], ['user_account.id'],
                                name=op.f('fk_consultation_comment_author_id_user_account')),
        sa.ForeignKeyConstraint(['hidden_by_id'], ['user_account.id'],
                                name=op.f('fk_consultation_comment_hidden_by_id_user_account')),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f('fk_consultation_comment_organisation_id_organisation')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_comment')),
    )
    op.create_index(op.f('ix_consultation_comment_consultation_id'), 'consultation_comment', ['consultation_id'],
                    unique=False)
    op.create_index(op.f('ix_consultation_comment_organisation_id'), 'consultation_comment', ['organisation_id'],
                    unique=False)


def downgrade():
    op.drop_index(op.f('ix_consultation_comment_organisation_id'), table_name='consultation_comment')
    op.drop_index(op.f('ix_consultation_comment_consultation_id'), table_name='consultation_comment')
    op.drop_table('consultation_comment')
    op.drop_index(op.f('ix_consultation_status'), table_name='consultation')
    op.drop_table('consultation')
