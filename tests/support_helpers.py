"""Support requests in tests: two member organisations and a lapsed one, their people, staff, and a
request opened through the real form (with a file)."""
import io
from types import SimpleNamespace

import sqlalchemy as sa

from factories import PDF, csrf_token, log_in
from wscn_site.extensions import db
from wscn_site.models import SupportRequest

NEW = {"en": "/en/members/support/new", "cy": "/cy/aelodau/cymorth/newydd"}
LIST = {"en": "/en/members/support", "cy": "/cy/aelodau/cymorth"}
PAGE = {"en": "/en/members/support/{}", "cy": "/cy/aelodau/cymorth/{}"}
REPLY = {"en": "/en/members/support/{}/reply", "cy": "/cy/aelodau/cymorth/{}/ateb"}
FILE = {"en": "/en/members/support/files/{}/{}", "cy": "/cy/aelodau/cymorth/ffeiliau/{}/{}"}
QUEUE = {"en": "/en/staff/support", "cy": "/cy/staff/cymorth"}
STAFF_PAGE = {"en": "/en/staff/support/{}", "cy": "/cy/staff/cymorth/{}"}
DESCRIPTION = "Our partnership board needs a peer review of its structure — ŵ ŷ"


def build_people():
    """Ours (a member), theirs (another member), a lapsed organisation, and staff."""
    from factories import organisation, user
    from wscn_site.models.accounts import financial_year

    ours = organisation("Ynys Môn County Council")
    theirs = organisation("Other Borough Council")
    lapsed = organisation("Lapsed Borough Council", status="lapsed", year=financial_year() - 1)
    people = {
        "member": user("member@ynysmon.example", org=ours, name="Llinos Member"),
        "welsh": user("aelod@ynysmon.example", org=ours, language="cy", name="Gwen Aelod"),
        "other": user("member@other.example", org=theirs, name="Olwen Other"),
        "lapsed": user("member@lapsed.example", org=lapsed, name="Lewis Lapsed"),
        "staff": user("staff@network.example", role="staff", name="Siân Staff"),
        "staff2": user("staff2@network.example", role="staff", name="Tomos Staff"),
    }
    db.session.commit()
    return SimpleNamespace(ids={k: v.id for k, v in people.items()}, emails={k: v.email for k, v in people.items()},
                           ours=ours.id, theirs=theirs.id, lapsed=lapsed.id)


def client_for(app, people, who, lang="en"):
    client = app.test_client()
    if who != "anonymous":
        assert log_in(client, people.emails[who], lang=lang).status_code == 302
    return client


def open_request(client, lang="en", kind="peer-review", description=DESCRIPTION, files=(("terms.pdf", PDF),),
                 language="cy"):
    token = csrf_token(client.get(NEW[lang]).text)
    data = {"csrf_token": token, "kind": kind, "description": description, "language": language,
            "attachments": [(io.BytesIO(content), name) for name, content in files]}
    return client.post(NEW[lang], data=data, content_type="multipart/form-data")


def latest_request(app):
    with app.app_context():
        found = db.session.execute(sa.select(SupportRequest).order_by(SupportRequest.id.desc())).scalars().first()
        if found is None:
            return None
        return SimpleNamespace(id=found.id, status=found.status, organisation_id=found.organisation_id,
                               files=[(f.id, f.original_name, f.storage_name) for f in found.files],
                               assigned_to_id=found.assigned_to_id, language=found.language, kind=found.kind)
