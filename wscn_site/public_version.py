"""What tells every process and server that a public page built from the database has changed.

A feature that changes what anonymous visitors see in such a page (publishing a Briff issue, a
correction, unpublishing, ...) calls ``bump()`` in the transaction of the change, before its
commit: the one row of ``public_version`` moves with the change or not at all. Each process's page
cache reads that number at most every ``PAGE_CACHE_RECHECK_SECONDS`` (``Generations.current``)
and drops those pages when it has moved, so a committed change reaches every server within that
time; the process that made it rechecks at its next request.

Why a row, not Redis or pub/sub: the database is there whenever such a page can be built, the
number moves in the same transaction as the content (no change without it, no window between),
and the UPDATE's row lock orders concurrent changes. Reading it costs one indexed query per
process per interval, not per request.
"""
import threading
import time

import sqlalchemy as sa
from flask import current_app

from .extensions import db
from .models.public_version import ROW_ID, PublicVersion


def move(session, row_id):
    """Add one to the version in row ``row_id``, in ``session``'s transaction."""
    moved = session.execute(
        sa.update(PublicVersion).where(PublicVersion.id == row_id)
        .values(version=PublicVersion.version + 1).execution_options(synchronize_session=False))
    if moved.rowcount == 0:  # a database made without the migration's row
        session.add(PublicVersion(id=row_id, version=1))
        session.flush()


def bump():
    """Move the public version in the current transaction (call before its commit)."""
    move(db.session, ROW_ID)
    cache = current_app.extensions.get("page_cache")
    if cache is not None:
        sa.event.listen(db.session(), "after_commit", lambda session: cache.pages.recheck(), once=True)


def reader(app):
    """A function reading the version on a connection of its own (None when the database cannot say)."""
    query = sa.select(PublicVersion.version).where(PublicVersion.id == ROW_ID)

    def read():
        try:
            with app.app_context(), db.engine.connect() as connection:
                return connection.execute(query).scalar_one_or_none()
        except sa.exc.SQLAlchemyError as error:
            app.logger.warning("page cache: cannot read the public version (%s)", type(error).__name__)
            return None

    return read


class Generations:
    """The cached pages built from the database, valid while the public version stays the same.

    ``current()`` returns the dict of those pages for the version as last read, reading it again
    when ``interval`` seconds have passed; a new version (or one that cannot be read) starts an
    empty dict. A response is stored in the dict current when its request began, never in a later
    one: a page rendered from data older than a change cannot outlive the change.
    """

    def __init__(self, read, interval):
        self.read = read
        self.interval = interval
        self.version = None
        self.entries = {}
        self.due = 0.0  # time.monotonic() of the next read
        self.lock = threading.Lock()

    def recheck(self):
        self.due = 0.0

    def current(self):
        """The pages for the version in force, or None while it is unknown (then nothing is kept)."""
        if time.monotonic() >= self.due and self.lock.acquire(blocking=False):
            try:
                version = self.read()
                self.due = time.monotonic() + self.interval
                if version is None or version != self.version:
                    self.entries = {}
                self.version = version
            finally:
                self.lock.release()
        return self.entries if self.version is not None else None
