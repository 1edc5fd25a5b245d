"""Shared column helpers."""
from .. import clock


def utcnow():
    """Timezone-aware now; a callable, so defaults are evaluated per row, not at import."""
    return clock.now()
