"""Database models, one module per feature; importing this package registers them all."""
from .accounts import LoginSession, Membership, Organisation, User  # noqa: F401
from .audit import AuditEntry, DownloadRecord  # noqa: F401
from .briff import BriffIssue, BriffItem, BriffRevision, Subscriber  # noqa: F401
from .bookings import AllowanceAdjustment, Booking, Place, SeminarIndividual  # noqa: F401
from .events import Event  # noqa: F401
from .membership import Invoice, InvoiceCounter, InvoiceLine, MembershipApplication  # noqa: F401
from .nonmember_bookings import NonMemberBooking  # noqa: F401
from .outbox import OutboxAttachment, OutboxMessage  # noqa: F401
from .preferences import EmailPreference  # noqa: F401
from .public_version import PublicVersion  # noqa: F401
from .renewals import RenewalNotice  # noqa: F401
from .waitlist import WaitlistAttendee, WaitlistEntry  # noqa: F401
from .resources import Resource, ResourceFile, Topic  # noqa: F401
from .consultations import Consultation, ConsultationComment  # noqa: F401
from .meetings import Meeting, MeetingQuestion  # noqa: F401
from .support import SupportFile, SupportMessage, SupportRequest  # noqa: F401


#: Every column that names an object in the file store: ``flask storage sweep`` removes only objects
#: that none of them names, and backups carry them all.
STORED_OBJECT_COLUMNS = (ResourceFile.storage_name, Invoice.storage_name)
STORED_OBJECT_COLUMNS += (SupportFile.storage_name,)
