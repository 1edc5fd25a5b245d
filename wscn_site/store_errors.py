"""What every file store reports: an object's size and age, a missing object, an unreachable store."""
from datetime import datetime
from typing import NamedTuple


class Stat(NamedTuple):
    size: int
    modified: datetime


class StoreUnavailable(Exception):
    """The store cannot be reached or refused the request (the portal answers 503)."""


class ObjectMissing(Exception):
    """The store answers, but holds no object of that name."""
