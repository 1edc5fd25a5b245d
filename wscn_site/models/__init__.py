"""Database models, one module per feature; importing this package registers them all."""
from .accounts import LoginSession, Organisation, User  # noqa: F401
from .audit import AuditEntry, DownloadRecord  # noqa: F401
from .briff import BriffIssue, BriffItem, BriffRevision, Delivery, Subscriber  # noqa: F401
from .resources import Resource, ResourceFile, Topic  # noqa: F401
