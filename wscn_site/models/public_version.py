"""One row whose number moves whenever a page built from the database changes for anonymous visitors.

Every process's page cache reads it (at most every ``PAGE_CACHE_RECHECK_SECONDS``) and drops
those pages when it has moved; ``public_version.bump()`` moves it in the transaction of the change.
"""
import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db

ROW_ID = 1


class PublicVersion(db.Model):
    __tablename__ = "public_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(sa.BigInteger, default=0)


@sa.event.listens_for(PublicVersion.__table__, "after_create")
def _first_row(table, connection, **kwargs):
    """The one row, also when the tables are made by ``create_all`` (the migration inserts it too)."""
    connection.execute(table.insert().values(id=ROW_ID, version=0))
