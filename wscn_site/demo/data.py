"""Demo data for ``make run``: a staff account, a member organisation with two people, a lapsed
organisation, resources with small real files (generated PDFs, a short video, WebVTT captions),
three issues of the Briff (demo/briff.py), an issued invoice (demo/invoices.py) and events of several
kinds (demo/events.py)."""
import io
import secrets
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from ..extensions import db
from ..models import Membership, Organisation, Resource, ResourceFile, Topic, User
from .. import clock
from ..clock import financial_year
from ..storage import StagedFile
from .applications import load_applications
from .bookings import load_bookings
from .briff import load_briff
from .consultations import load_consultations
from .events import load_events
from .invoices import load_invoices
from .waitlist import load_waitlist
from .meetings import load_meetings
from .pdf import make_pdf
from .support import load_support

FILES = Path(__file__).resolve().parent / "files"
WORDS = ("afon", "bryn", "castell", "derwen", "eryr", "ffynnon", "glan", "haul", "llyn", "mynydd", "nant",
         "ogof", "pont", "rhaeadr", "seren", "tonnau", "ynys", "coedwig", "barcud", "dolffin")

TOPICS = [
    ("iom-cymru", "IOM Cymru", "IOM Cymru"),
    ("prevent-contest", "Prevent/CONTEST", "Prevent/CONTEST"),
    ("anti-social-behaviour", "Anti-social behaviour", "Ymddygiad gwrthgymdeithasol"),
    ("domestic-abuse", "Domestic abuse", "Cam-drin domestig"),
    ("serious-violence", "Serious Violence Duty", "Y Ddyletswydd Trais Difrifol"),
]
PEOPLE = [
    ("staff@safercommunities.example", "Network staff (demo)", "staff", None, "cy"),
    ("aelod@example.org", "Aelod Enghreifftiol", "member", "current", "cy"),
    ("member@example.org", "Example Member", "lead", "current", "en"),
    ("lapsed@example.org", "Lapsed Member", "member", "lapsed", "en"),
]
CAPTIONS = {
    "cy": "WEBVTT\n\n00:00.000 --> 00:03.000\nCroeso i'r seminar ar ymddygiad gwrthgymdeithasol.\n\n"
          "00:03.000 --> 00:06.000\nDyma ddarn byr o'r recordiad.\n",
    "en": "WEBVTT\n\n00:00.000 --> 00:03.000\nWelcome to the seminar on anti-social behaviour.\n\n"
          "00:03.000 --> 00:06.000\nThis is a short excerpt of the recording.\n",
}


def _password():
    return "-".join(secrets.choice(WORDS) for _ in range(3)) + f"-{secrets.randbelow(90) + 10}"


def _attach(resource, data, name, language, purpose="document", content_type="application/pdf"):
    with StagedFile(io.BytesIO(data)) as staged:
        staged.keep()
        resource.files.append(ResourceFile(
            language=language, purpose=purpose, storage_name=staged.storage_name, original_name=name,
            content_type=content_type, size=staged.size, sha256=staged.sha256))
        db.session.flush()


def _pdf(title, lang):
    note = ("Dogfen enghreifftiol ar gyfer y wefan arddangos yn unig." if lang == "cy"
            else "An example document for the demonstration site only.")
    return make_pdf(title, [note, "", "Rhwydwaith Cymunedau Mwy Diogel Cymru / Wales Safer Communities Network"],
                    lang)


def _resource(topics, kind, titles, summaries, audience="members", days_ago=3):
    item = Resource(title_en=titles[0], title_cy=titles[1], summary_en=summaries[0], summary_cy=summaries[1],
                    kind=kind, audience=audience, topics=topics,
                    published_at=clock.now() - timedelta(days=days_ago))
    db.session.add(item)
    return item


def _resources(topic):
    iom = _resource([topic["iom-cymru"]], "briefing",
                    ("IOM Cymru briefing (demo)", "Papur briffio IOM Cymru (enghraifft)"),
                    ("A confidential briefing from **IOM Cymru** on integrated offender management.",
                     "Papur briffio cyfrinachol gan **IOM Cymru** ar reoli troseddwyr mewn modd integredig."))
    _attach(iom, _pdf("IOM Cymru briefing (demo)", "en"), "iom-cymru-briefing.pdf", "en")
    _attach(iom, _pdf("Papur briffio IOM Cymru (enghraifft)", "cy"), "papur-briffio-iom-cymru.pdf", "cy")
    prevent = _resource([topic["prevent-contest"]], "legislation-briefing",
                        ("Prevent Duty update (demo)", "Diweddariad ar Ddyletswydd Prevent (enghraifft)"),
                        ("What the latest Prevent/CONTEST guidance means for partnerships.",
                         "Beth mae canllawiau diweddaraf Prevent/CONTEST yn ei olygu i bartneriaethau."), days_ago=10)
    _attach(prevent, _pdf("Prevent Duty update / Diweddariad ar Ddyletswydd Prevent", "cy"),
            "prevent-diweddariad-update.pdf", "bilingual")
    seminar = _resource([topic["anti-social-behaviour"]], "recorded-seminar",
                        ("Seminar: tackling anti-social behaviour (demo)",
                         "Seminar: mynd i'r afael ag ymddygiad gwrthgymdeithasol (enghraifft)"),
                        ("A short excerpt of a recorded seminar, with captions in Welsh and English.",
                         "Darn byr o seminar wedi'i recordio, gyda chapsiynau yn Gymraeg ac yn Saesneg."), days_ago=20)
    _attach(seminar, (FILES / "seminar-excerpt.webm").read_bytes(), "seminar-excerpt.webm", "bilingual",
            "video", "video/webm")
    for lang, text in CAPTIONS.items():
        _attach(seminar, text.encode(), f"captions-{lang}.vtt", lang, "captions", "text/vtt")
    template = _resource([topic["serious-violence"]], "template",
                         ("Template terms of reference for a partnership board (demo)",
                          "Cylch gorchwyl templed ar gyfer bwrdd partneriaeth (enghraifft)"),
                         ("Adapt this template for your Community Safety Partnership.",
                          "Addaswch y templed hwn ar gyfer eich Partneriaeth Diogelwch Cymunedol."), days_ago=30)
    _attach(template, _pdf("Template terms of reference (demo)", "en"), "terms-of-reference.pdf", "en")
    _attach(template, _pdf("Cylch gorchwyl templed (enghraifft)", "cy"), "cylch-gorchwyl.pdf", "cy")
    staff_only = _resource([topic["domestic-abuse"]], "consultation-response",
                           ("Draft consultation response, staff review (demo)",
                            "Ymateb drafft i ymgynghoriad, adolygiad staff (enghraifft)"),
                           ("Not yet shared with members.", "Heb ei rannu ag aelodau eto."), audience="staff")
    _attach(staff_only, _pdf("Draft consultation response (demo)", "en"), "draft-response.pdf", "en")


def _organisations():
    year = financial_year()
    current = Organisation(name_en="Example County Borough Council (demo)",
                           name_cy="Cyngor Bwrdeistref Sirol Enghreifftiol (enghraifft)", kind="local-authority",
                           budget_band="medium",
                           memberships=[Membership(year=year, status="member"), Membership(year=year - 1, status="member")])
    lapsed = Organisation(name_en="Example Fire and Rescue Service (demo)",
                          name_cy="Gwasanaeth Tân ac Achub Enghreifftiol (enghraifft)", kind="fire-rescue",
                          budget_band="small", memberships=[Membership(year=year - 1, status="member")])
    db.session.add_all([current, lapsed])
    return {"current": current, "lapsed": lapsed}


def load_demo():
    """Create the demo data once; every run gives the demo accounts fresh passwords and returns them."""
    existing = db.session.execute(sa.select(Topic).where(Topic.slug == "iom-cymru")).scalar_one_or_none()
    if existing is None:
        topic = {slug: Topic(slug=slug, name_en=en, name_cy=cy) for slug, en, cy in TOPICS}
        db.session.add_all(topic.values())
        organisations = _organisations()
        for email, name, role, org, lang in PEOPLE:
            db.session.add(User(email=email, name=name, role=role, language=lang,
                                organisation=organisations.get(org)))
        _resources(topic)
        db.session.flush()
        load_invoices(organisations["current"])
    logins = []
    for email, _name, role, _org, _lang in PEOPLE:
        user = db.session.execute(sa.select(User).where(User.email == email)).scalar_one()
        password = _password()
        user.set_password(password)
        user.active = True
        logins.append((email, password, role))
    db.session.commit()
    staff = db.session.execute(sa.select(User).where(User.role == "staff").order_by(User.id)).scalars().first()
    load_briff(staff)
    load_applications()
    load_events(staff)
    load_bookings()
    load_waitlist()
    load_meetings(staff)
    load_consultations()
    load_support(staff)
    return logins


