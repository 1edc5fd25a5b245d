"""Renewal notices: what `flask membership remind` has sent, one per organisation, year and kind

Revision ID: e8b2d4f6a1c3
Revises: d5a1f3b7c902
Create Date: 2026-11-29 19:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'e8b2d4f6a1c3'
down_revision = 'd5a1f3b7c902'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'renewal_notice',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=12), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('recipients', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ondelete='CASCADE',
                                name=op.f('fk_renewal_notice_organisation_id_organisation')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_renewal_notice')),
        sa.UniqueConstraint('organisation_id', 'year', 'kind',
                            name=op.f('uq_renewal_notice_organisation_id')),
    )


def downgrade():
    op.drop_table('renewal_notice')
