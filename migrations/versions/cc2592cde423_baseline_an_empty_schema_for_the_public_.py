"""baseline: an empty schema for the public site

Revision ID: cc2592cde423
Revises: 
Create Date: 2026-11-25 21:48:06.445170

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'cc2592cde423'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
