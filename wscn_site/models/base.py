"""Shared column helpers."""
from datetime import datetime, timezone


def utcnow():
    """Timezone-aware now; a callable, so defaults are evaluated per row, not at import."""
    return datetime.now(timezone.utc)
