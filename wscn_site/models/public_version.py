"""Numbers that move whenever cached pages built from the database may have changed.

Row 1 (``ROW_ID``), the public version: every process's page cache reads it (at most every
``PAGE_CACHE_RECHECK_SECONDS``) and drops those pages when it has moved; ``public_version.bump()``
moves it in the transaction of a public change. Row 2 (``PORTAL_ROW_ID``), the portal version:
moved by every transaction that writes anything but a login session's bookkeeping, and read with
each logged-in request's session check (portal_cache.py).
"""
import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db

ROW_ID = 1
PORTAL_ROW_ID = 2


class PublicVersion(db.Model):
    __tablename__ = "public_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(sa.BigInteger, default=0)


@sa.event.listens_for(PublicVersion.__table__, "after_create")
def _first_row(table, connection, **kwargs):
    """The rows, also when the tables are made by ``create_all`` (the migrations insert them too)."""
    connection.execute(table.insert(), [{"id": ROW_ID, "version": 0}, {"id": PORTAL_ROW_ID, "version": 0}])
