"""The annual meeting of members: the meeting and members' questions to it

Revision ID: a4d6f8b0c2e5
Revises: c3e5a7f9b1d4
Create Date: 2026-11-29 22:50:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'a4d6f8b0c2e5'
down_revision = 'c3e5a7f9b1d4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'meeting',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('online', sa.Boolean(), nullable=False),
        sa.Column('venue_en', sa.String(length=200), nullable=False),
        sa.Column('venue_cy', sa.String(length=200), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=True),
        sa.Column('agenda_en', sa.Text(), nullable=False),
        sa.Column('agenda_cy', sa.Text(), nullable=False),
        sa.Column('questions_close_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('agenda_published_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('reminder_sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('questions_published_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('answers_published_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('minutes_resource_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_meeting_event_id_event'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['minutes_resource_id'], ['resource.id'],
                                name=op.f('fk_meeting_minutes_resource_id_resource'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting')),
    )
    op.create_index(op.f('ix_meeting_starts_at'), 'meeting', ['starts_at'], unique=False)
    op.create_table(
        'meeting_question',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('meeting_id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('addressed_to', sa.String(length=10), nullable=False),
        sa.Column('language', sa.String(length=2), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('merged_into_id', sa.Integer(), nullable=True),
        sa.Column('decline_reason_en', sa.Text(), nullable=False),
        sa.Column('decline_reason_cy', sa.Text(), nullable=False),
        sa.Column('answer_en', sa.Text(), nullable=False),
        sa.Column('answer_cy', sa.Text(), nullable=False),
        sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['author_id'], ['user_account.id'],
                                name=op.f('fk_meeting_question_author_id_user_account'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_question_meeting_id_meeting'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['merged_into_id'], ['meeting_question.id'],
                                name=op.f('fk_meeting_question_merged_into_id_meeting_question'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f('fk_meeting_question_organisation_id_organisation'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_question')),
    )
    op.create_index(op.f('ix_meeting_question_meeting_id'), 'meeting_question', ['meeting_id'], unique=False)
    op.create_index(op.f('ix_meeting_question_organisation_id'), 'meeting_question', ['organisation_id'],
                    unique=False)
    op.create_index(op.f('ix_meeting_question_status'), 'meeting_question', ['status'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_meeting_question_status'), table_name='meeting_question')
    op.drop_index(op.f('ix_meeting_question_organisation_id'), table_name='meeting_question')
    op.drop_index(op.f('ix_meeting_question_meeting_id'), table_name='meeting_question')
    op.drop_table('meeting_question')
    op.drop_index(op.f('ix_meeting_starts_at'), table_name='meeting')
    op.drop_table('meeting')
