"""The portal version: a second row of public_version, moved by every write, read with each session check

Revision ID: e1f3a5c7b9d2
Revises: d3f5a7c9e1b2
Create Date: 2026-11-30 03:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'e1f3a5c7b9d2'
down_revision = 'd3f5a7c9e1b2'
branch_labels = None
depends_on = None

versions = sa.table('public_version', sa.column('id', sa.Integer), sa.column('version', sa.BigInteger))


def upgrade():
    op.bulk_insert(versions, [{'id': 2, 'version': 0}])


def downgrade():
    op.execute(versions.delete().where(versions.c.id == 2))
