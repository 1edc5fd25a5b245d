"""What every file store reports: an object's size and age, a missing object, an unreachable store."""
from datetime import datetime
from typing import NamedTuple, Optional


class Stat(NamedTuple):
    size: int
    modified: datetime
    etag: Optional[str] = None  # the store's own validator, unquoted (an object store's ETag), if it has one


class StoreUnavailable(Exception):
    """The store cannot be reached or refused the request (the portal answers 503)."""


class ObjectMissing(Exception):
    """The store answers, but holds no object of that name."""
