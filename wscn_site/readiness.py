"""Whether a bilingual record may be published: every text it shows is filled in, in Welsh and in
English (the Welsh Language Standards: a Welsh page is never a half page). Events and the annual
meeting ask it before publishing and again when a published one is edited."""
from dataclasses import dataclass, field


@dataclass
class Readiness:
    """The fields to fill in before the record can be published (empty: ready)."""

    missing: list = field(default_factory=list)

    def __bool__(self):
        return not self.missing


class NotReady(Exception):
    def __init__(self, readiness):
        super().__init__("not ready")
        self.readiness = readiness


def blank_fields(record, names):
    """The Readiness of ``record``: which of the text fields ``names`` are empty or only spaces."""
    return Readiness([name for name in names if not (getattr(record, name) or "").strip()])
