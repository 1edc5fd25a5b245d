"""One outbox for every email

Every email (resets, invitations, confirmations, the Briff) is written to ``outbox_message`` (with
``outbox_attachment``) and sent by ``flask mail send``. The Briff's per-subscriber rows move from
``briff_delivery`` into the outbox with their state (a claim in progress becomes pending again:
the sender re-sends it with the same Message-ID), and ``briff_delivery`` goes.

Revision ID: 93798ca0ed4c
Revises: b7e3c91d4a20
Create Date: 2026-11-29 15:15:29.406494

"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa

TO_OUTBOX = """
INSERT INTO outbox_message (kind, about_id, recipient_id, recipient, language, subject, text_body, html_body,
                            headers, message_id, status, attempts, last_error, created_at, next_attempt_at, sent_at)
SELECT 'briff_issue', d.issue_id, d.subscriber_id, s.email, s.language,
       CASE WHEN s.language = 'en' THEN 'The Briff, issue ' ELSE 'Y Briff, rhifyn ' END || CAST(i.number AS VARCHAR(12)),
       '', '', '{}', '', CASE WHEN d.status = 'sending' THEN 'pending' ELSE d.status END, d.attempts, d.last_error,
       :now, :now, CASE WHEN d.status = 'sent' THEN d.sent_at END
FROM briff_delivery d JOIN briff_subscriber s ON s.id = d.subscriber_id JOIN briff_issue i ON i.id = d.issue_id
"""
FROM_OUTBOX = """
INSERT INTO briff_delivery (issue_id, subscriber_id, status, attempts, last_error, sent_at)
SELECT about_id, recipient_id, CASE WHEN status IN ('sent', 'failed') THEN status ELSE 'pending' END,
       attempts, last_error, sent_at
FROM outbox_message WHERE kind = 'briff_issue' AND about_id IN (SELECT id FROM briff_issue)
  AND recipient_id IN (SELECT id FROM briff_subscriber)
"""


def _now():
    return sa.bindparam("now", datetime.now(timezone.utc), type_=sa.DateTime(timezone=True))


# revision identifiers, used by Alembic.
revision = '93798ca0ed4c'
down_revision = 'b7e3c91d4a20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('outbox_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('about_id', sa.Integer(), nullable=True),
    sa.Column('recipient_id', sa.Integer(), nullable=True),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('text_body', sa.Text(), nullable=False),
    sa.Column('html_body', sa.Text(), nullable=False),
    sa.Column('headers', sa.Text(), nullable=False),
    sa.Column('message_id', sa.String(length=250), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_message')),
    sa.UniqueConstraint('kind', 'about_id', 'recipient_id', name=op.f('uq_outbox_message_kind'))
    )
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_message_due', ['status', 'next_attempt_at'], unique=False)

    op.create_table('outbox_attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['message_id'], ['outbox_message.id'], name=op.f('fk_outbox_attachment_message_id_outbox_message'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_attachment'))
    )
    with op.batch_alter_table('outbox_attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_attachment_message_id'), ['message_id'], unique=False)

    op.execute(sa.text(TO_OUTBOX).bindparams(_now()))
    with op.batch_alter_table('briff_delivery', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_briff_delivery_issue_id'))
        batch_op.drop_index(batch_op.f('ix_briff_delivery_status'))

    op.drop_table('briff_delivery')


def downgrade():
    op.create_table('briff_delivery',
    sa.Column('id', sa.INTEGER(), nullable=False),
    sa.Column('issue_id', sa.INTEGER(), nullable=False),
    sa.Column('subscriber_id', sa.INTEGER(), nullable=False),
    sa.Column('status', sa.VARCHAR(length=10), nullable=False),
    sa.Column('attempts', sa.INTEGER(), nullable=False),
    sa.Column('last_error', sa.TEXT(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['issue_id'], ['briff_issue.id'], name=op.f('fk_briff_delivery_issue_id_briff_issue'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['subscriber_id'], ['briff_subscriber.id'], name=op.f('fk_briff_delivery_subscriber_id_briff_subscriber'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_briff_delivery')),
    sa.UniqueConstraint('issue_id', 'subscriber_id', name=op.f('uq_briff_delivery_issue_id'))
    )
    with op.batch_alter_table('briff_delivery', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_briff_delivery_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_briff_delivery_issue_id'), ['issue_id'], unique=False)
    op.execute(FROM_OUTBOX)

    with op.batch_alter_table('outbox_attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_attachment_message_id'))

    op.drop_table('outbox_attachment')
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_message_due')

    op.drop_table('outbox_message')
