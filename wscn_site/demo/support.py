"""A demo support request: the demo member organisation's lead asks for a peer review, with a small
PDF attached, and the Network's team has replied (once; written through the support operations'
rows directly, so no email is queued)."""
import io

import sqlalchemy as sa

from ..extensions import db
from ..models import SupportFile, SupportMessage, SupportRequest, User
from ..storage import StagedFile
from .pdf import make_pdf

LEAD = "member@example.org"
DESCRIPTION = ("We are reviewing our community safety partnership's governance and would welcome a peer "
               "review of our structure and terms of reference before the board meets in the spring. "
               "The current terms of reference are attached. (demo)")
REPLY = ("Thank you: we can help. One of the team will read the terms of reference this week and suggest "
         "a date for a first conversation. Which days suit you? (demo)")


def load_support(staff):
    if db.session.execute(sa.select(SupportRequest.id).limit(1)).first() is not None:
        return
    lead = db.session.execute(sa.select(User).where(User.email == LEAD)).scalar_one_or_none()
    if lead is None or lead.organisation_id is None:
        return
    support = SupportRequest(organisation_id=lead.organisation_id, opened_by_id=lead.id, kind="peer-review",
                             description=DESCRIPTION, language="en", status="waiting", assigned_to_id=staff.id)
    db.session.add(support)
    db.session.flush()
    data = make_pdf("Community safety partnership: terms of reference (demo)", ["A demo document."])
    with StagedFile(io.BytesIO(data)) as staged:
        staged.keep()
        db.session.add(SupportFile(request_id=support.id, uploaded_by_id=lead.id, storage_name=staged.storage_name,
                                   original_name="terms-of-reference-demo.pdf", content_type="application/pdf",
                                   size=staged.size, sha256=staged.sha256))
        db.session.add(SupportMessage(request_id=support.id, author_id=staff.id, from_staff=True, body=REPLY))
        db.session.commit()
