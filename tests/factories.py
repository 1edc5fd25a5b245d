"""Test data built through the models, and a login that goes through the real form."""
import io
import re
from datetime import timedelta
from types import SimpleNamespace

from werkzeug.security import generate_password_hash

from wscn_site import clock
from wscn_site.extensions import db
from wscn_site.models import Membership, Organisation, Resource, ResourceFile, Topic, User
from wscn_site.models.accounts import financial_year
from wscn_site.storage import StagedFile

PASSWORD = "correct horse battery staple"
#: The same scrypt, with a cost small enough for hundreds of test users (production uses Werkzeug's default).
_FAST_HASH = generate_password_hash(PASSWORD, method="scrypt:1024:8:1")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
VTT = "WEBVTT\n\n00:00.000 --> 00:02.000\nCroeso i'r seminar — ŵ ŷ\n".encode()


def organisation(name="Example County Council", status="member", year=None, kind="local-authority"):
    """An organisation with ``status`` ("member", "lapsed", or "prospective": no row) recorded for
    financial year ``year`` (default: this one)."""
    org = Organisation(name_en=name, name_cy=f"Cyngor {name}", kind=kind, budget_band="medium")
    if status != "prospective":
        org.memberships.append(Membership(year=financial_year() if year is None else year, status=status))
    db.session.add(org)
    return org


def user(email, role="member", org=None, active=True, language="en", password=PASSWORD, name=None):
    person = User(email=email, name=name or email.split("@")[0].title(), role=role, organisation=org,
                  active=active, language=language)
    if password == PASSWORD:
        person.password_hash = _FAST_HASH
    elif password:
        person.set_password(password)
    db.session.add(person)
    return person


def topic(slug, en, cy):
    item = Topic(slug=slug, name_en=en, name_cy=cy)
    db.session.add(item)
    return item


def resource(title, audience="members", published=True, expires_on=None, kind="briefing", topics=(),
             summary=None):
    item = Resource(
        title_en=title, title_cy=f"{title} (cy)", summary_en=summary or f"Summary of {title}.",
        summary_cy=f"Crynodeb o {title}.", kind=kind, audience=audience, topics=list(topics),
        published_at=clock.now() - timedelta(days=1) if published else None,
        expires_on=expires_on,
    )
    db.session.add(item)
    return item


def attach(item, content, name, language="en", purpose="document", content_type="application/pdf"):
    with StagedFile(io.BytesIO(content)) as staged:
        staged.keep()
        stored = ResourceFile(resource=item, language=language, purpose=purpose,
                              storage_name=staged.storage_name, original_name=name,
                              content_type=content_type, size=staged.size, sha256=staged.sha256)
        db.session.add(stored)
        db.session.flush()
    return stored


def build_portal():
    """A realistic small portal; returns plain records (ids, emails, names), safe outside the session."""
    current = organisation("Example County Council")
    lapsed = organisation("Lapsed Borough Council", status="lapsed", year=financial_year() - 1)
    iom = topic("iom-cymru", "IOM Cymru", "IOM Cymru")
    prevent = topic("prevent-contest", "Prevent/CONTEST", "Prevent/CONTEST")
    people = {
        "member": user("member@example.org", org=current),
        "welsh_member": user("aelod@example.org", org=current, language="cy"),
        "lapsed": user("lapsed@example.org", org=lapsed),
        "inactive": user("gone@example.org", org=current, active=False),
        "staff": user("staff@example.org", role="staff"),
    }
    items = {
        "briefing": resource("IOM Cymru briefing", topics=[iom]),
        "staff_only": resource("Prevent staff note", audience="staff", topics=[prevent]),
        "draft": resource("Unpublished draft response", published=False, kind="consultation-response"),
        "expired": resource("Expired funding briefing", expires_on=clock.today() - timedelta(days=1),
                            kind="funding-briefing"),
        "seminar": resource("Recorded seminar on ASB", kind="recorded-seminar"),
    }
    db.session.flush()
    files = {name: attach(item, PDF, f"{name}-en.pdf") for name, item in items.items()}
    files["seminar_cy_captions"] = attach(items["seminar"], VTT, "captions-cy.vtt", "cy", "captions", "text/vtt")
    db.session.commit()
    return SimpleNamespace(
        users={k: SimpleNamespace(id=v.id, email=v.email, name=v.name) for k, v in people.items()},
        resources={k: SimpleNamespace(id=v.id, title=v.title_en, title_cy=v.title_cy) for k, v in items.items()},
        files={k: SimpleNamespace(id=v.id, name=v.original_name, storage_name=v.storage_name)
               for k, v in files.items()},
        organisations={"current": current.id, "lapsed": lapsed.id},
    )


def csrf_token(html):
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def log_in(client, email, password=PASSWORD, lang="en"):
    path = "/en/account/login" if lang == "en" else "/cy/cyfrif/mewngofnodi"
    token = csrf_token(client.get(path).text)
    return client.post(path, data={"email": email, "password": password, "csrf_token": token})


def member_with_fee(name="Cyngor Sir Ynys Môn", name_en="Isle of Anglesey County Council", fee_pence=1_000_000,
                    invoice_language="both", po_required=False, year=None, po_reference=""):
    """An organisation that is a member this financial year (or ``year``), with a fee to invoice."""
    org = Organisation(name_en=name_en, name_cy=name, kind="local-authority", budget_band="medium",
                       invoice_language=invoice_language, po_required=po_required,
                       finance_name="Siân Ŵyn", finance_email="cyllid@example.org")
    org.memberships.append(Membership(year=financial_year() if year is None else year, status="member",
                                      budget=250, band="medium", fee_pence=fee_pence, po_reference=po_reference))
    db.session.add(org)
    db.session.flush()
    return org
