"""Membership per organisation per financial year; corrections to published Briff issues

Each organisation's membership is recorded per financial year (a ``membership`` row, unique per
organisation and year) instead of one status and year on the organisation, so renewing early for
next year keeps this year's access. Existing data becomes one row per organisation that had a
status of member or lapsed with a year; "prospective" is having no row. ``briff_issue.corrected_at``
records the last correction made after publishing.

Revision ID: b7e3c91d4a20
Revises: 5d1c0a7e2b94
Create Date: 2026-11-27 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'b7e3c91d4a20'
down_revision = '5d1c0a7e2b94'
branch_labels = None
depends_on = None

organisation = sa.table('organisation', sa.column('id', sa.Integer), sa.column('membership_status', sa.String),
                        sa.column('membership_year', sa.Integer), sa.column('created_at', sa.DateTime(timezone=True)))
membership = sa.table('membership', sa.column('organisation_id', sa.Integer), sa.column('year', sa.Integer),
                      sa.column('status', sa.String), sa.column('created_at', sa.DateTime(timezone=True)))


def upgrade():
    op.create_table(
        'membership',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f('fk_membership_organisation_id_organisation'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_membership')),
        sa.UniqueConstraint('organisation_id', 'year', name=op.f('uq_membership_organisation_id')),
    )
    op.execute(membership.insert().from_select(
        ['organisation_id', 'year', 'status', 'created_at'],
        sa.select(organisation.c.id, organisation.c.membership_year, organisation.c.membership_status,
                  organisation.c.created_at)
        .where(organisation.c.membership_status.in_(('member', 'lapsed')),
               organisation.c.membership_year.is_not(None))))
    with op.batch_alter_table('organisation') as batch:
        batch.drop_column('membership_year')
        batch.drop_column('membership_status')
    with op.batch_alter_table('briff_issue') as batch:
        batch.add_column(sa.Column('corrected_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('briff_issue') as batch:
        batch.drop_column('corrected_at')
    with op.batch_alter_table('organisation') as batch:
        batch.add_column(sa.Column('membership_status', sa.String(length=20), nullable=False,
                                   server_default='prospective'))
        batch.add_column(sa.Column('membership_year', sa.Integer(), nullable=True))
    latest = (sa.select(sa.func.max(membership.c.year)).where(membership.c.organisation_id == organisation.c.id)
              .scalar_subquery())
    op.execute(organisation.update().values(membership_year=latest))
    op.execute(organisation.update().where(organisation.c.membership_year.is_not(None)).values(
        membership_status=sa.select(membership.c.status).where(
            membership.c.organisation_id == organisation.c.id,
            membership.c.year == organisation.c.membership_year).scalar_subquery()))
    op.drop_table('membership')
