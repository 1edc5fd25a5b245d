"""The public version: one row every process's page cache reads, moved by each public change

Revision ID: c4d8e2f61a73
Revises: b7e4c2d91a05
Create Date: 2026-12-01 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c4d8e2f61a73'
down_revision = 'b7e4c2d91a05'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        'public_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('version', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_public_version')),
    )
    op.bulk_insert(table, [{'id': 1, 'version': 0}])


def downgrade():
    op.drop_table('public_version')
