"""Test data for consultations: organisations and people, a draft response published for members,
and consultations in each state, built through the operations."""
from datetime import timedelta
from types import SimpleNamespace

from factories import organisation, resource, user
from wscn_site import clock
from wscn_site.consultations import operations
from wscn_site.extensions import db
from wscn_site.models import Consultation, EmailPreference

EN = {"en": "/en/members/consultations", "cy": "/cy/aelodau/ymgynghoriadau"}
STAFF = {"en": "/en/staff/consultations", "cy": "/cy/staff/ymgynghoriadau"}


def values(draft_id, **changes):
    closes = clock.today() + timedelta(days=30)
    base = {"title_en": "Anti-social behaviour powers review", "title_cy": "Adolygiad o bwerau ymddygiad gwrthgymdeithasol",
            "summary_en": "The Home Office asks about **powers**.", "summary_cy": "Mae'r Swyddfa Gartref yn gofyn am **bwerau**.",
            "link": "https://www.gov.uk/government/consultations/asb-powers", "closes_on": closes,
            "comments_close_at": clock.london_moment(closes - timedelta(days=10)), "draft_resource_id": draft_id}
    return base | changes


def build():
    """Two current organisations, a lapsed one, staff; a published draft response and a final one;
    returns ids and emails, safe outside the session."""
    council = organisation("Example County Council")
    other = organisation("Other Borough Council")
    lapsed = organisation("Lapsed Borough Council", status="lapsed")
    people = {
        "member": user("member@example.org", org=council, name="Mair Member"),
        "welsh": user("aelod@example.org", org=council, language="cy", name="Aled Aelod"),
        "other": user("other@example.org", org=other, name="Owen Other"),
        "quiet": user("quiet@example.org", org=other, name="Quiet Person"),
        "lapsed": user("lapsed@example.org", org=lapsed, name="Lapsed Person"),
        "inactive": user("gone@example.org", org=council, active=False),
        "staff": user("staff@example.org", role="staff", name="Network Staff"),
    }
    draft = resource("Draft response to the ASB review", kind="consultation-response")
    final = resource("Final response to the ASB review", kind="consultation-response")
    hidden = resource("Staff-only draft", kind="consultation-response", audience="staff")
    db.session.flush()
    db.session.add(EmailPreference(user_id=people["quiet"].id, topic="consultations", wanted=False))
    db.session.commit()
    return SimpleNamespace(
        users={k: SimpleNamespace(id=v.id, email=v.email, name=v.name) for k, v in people.items()},
        resources={"draft": draft.id, "final": final.id, "hidden": hidden.id},
        organisations={"council": council.id, "other": other.id, "lapsed": lapsed.id})


def staff_user(data):
    from wscn_site.models import User
    return db.session.get(User, data.users["staff"].id)


def open_consultation(data, **changes):
    """A published consultation (the emails queued); returns its id."""
    created = operations.create(values(data.resources["draft"], **changes), staff_user(data))
    assert operations.publish(created, staff_user(data))
    return created.id


def consultation(consultation_id):
    return db.session.get(Consultation, consultation_id)
