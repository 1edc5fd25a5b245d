"""Demo consultation: once, the Network's draft response (a members' resource of the library, with
a PDF in each language) and an open consultation inviting comments on it, with comments from the
demo member organisation (one showing its name, one not, one hidden by staff with a reason).
Written straight to the database: no emails."""
import io
from datetime import time, timedelta

import sqlalchemy as sa

from .. import clock
from ..extensions import db
from ..models import Consultation, ConsultationComment, Resource, ResourceFile, User
from ..storage import StagedFile
from .pdf import make_pdf

TITLES = ("Draft response: Welsh Government consultation on community safety partnerships (demo)",
          "Ymateb drafft: ymgynghoriad Llywodraeth Cymru ar bartneriaethau diogelwch cymunedol (enghraifft)")


def _draft_response():
    resource = Resource(title_en=TITLES[0], title_cy=TITLES[1], kind="consultation-response", audience="members",
                        summary_en="The Network's draft response, for members to comment on and adapt locally.",
                        summary_cy="Ymateb drafft y Rhwydwaith, i aelodau roi sylwadau arno a'i addasu'n lleol.",
                        published_at=clock.now() - timedelta(days=1))
    db.session.add(resource)
    for lang, title, name in (("en", TITLES[0], "draft-response-csp.pdf"), ("cy", TITLES[1], "ymateb-drafft-pdc.pdf")):
        with StagedFile(io.BytesIO(make_pdf(title, ["Rhwydwaith Cymunedau Mwy Diogel Cymru / "
                                                    "Wales Safer Communities Network"], lang))) as staged:
            staged.keep()
            resource.files.append(ResourceFile(language=lang, purpose="document", storage_name=staged.storage_name,
                                               original_name=name, content_type="application/pdf",
                                               size=staged.size, sha256=staged.sha256))
            db.session.flush()
    return resource


def _person(email):
    return db.session.execute(sa.select(User).where(User.email == email)).scalar_one()


def load_consultations():
    if db.session.execute(sa.select(Consultation.id).limit(1)).first() is not None:
        return
    draft = _draft_response()
    today = clock.today()
    now = clock.now()
    consultation = Consultation(
        title_en="Strengthening community safety partnerships (demo)",
        title_cy="Cryfhau partneriaethau diogelwch cymunedol (enghraifft)",
        summary_en="The Welsh Government asks how **Community Safety Partnerships** should work together. "
                   "Read our draft response and tell us what your area would change.",
        summary_cy="Mae Llywodraeth Cymru yn gofyn sut y dylai **Partneriaethau Diogelwch Cymunedol** gydweithio. "
                   "Darllenwch ein hymateb drafft a dywedwch wrthym beth y byddai eich ardal yn ei newid.",
        link="https://www.gov.wales/consultations", closes_on=today + timedelta(days=42),
        comments_close_at=clock.london_moment(today + timedelta(days=28), time(17, 0)),
        draft_resource_id=draft.id, status="open", published_at=now - timedelta(days=2))
    db.session.add(consultation)
    db.session.flush()
    lead, colleague, staff = (_person("member@example.org"), _person("aelod@example.org"),
                              _person("staff@safercommunities.example"))
    for author, body, shown, hidden in (
            (colleague, "Rydym yn cefnogi'r adran ar rannu data. Byddai canllawiau ar ŵyl a digwyddiadau'n help.",
             True, None),
            (lead, "Paragraph 3 should mention the Serious Violence Duty.\nOur partnership would add youth services.",
             False, None),
            (lead, "A comment naming an officer, hidden by staff (demo).", False,
             "It named a member of staff of another organisation.")):
        db.session.add(ConsultationComment(
            consultation_id=consultation.id, author_id=author.id, organisation_id=author.organisation_id, body=body,
            show_organisation=shown, created_at=now - timedelta(days=1),
            hidden_at=now if hidden else None, hidden_by_id=staff.id if hidden else None, hidden_reason=hidden or ""))
    db.session.commit()
