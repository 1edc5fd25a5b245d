"""A member comments on a consultation in a real browser, in Welsh and in English: before the
internal deadline the comment is saved and shown; the deadline then passes (moved in the database
while the page is open) and the next comment is refused, in the page's language, and not saved.
The consultation is written through the model, with the demo's draft response."""
from datetime import timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

WORDS = {
    "en": {"login": "/en/account/login", "email": "Email address", "password": "Password", "log in": "Log in",
           "dashboard link": "Comment on the Network's draft consultation responses, and download its final responses",
           "title": "Youth justice review (journey test)", "comment": "Your comment", "send": "Send your comment",
           "saved": "Thank you: your comment is saved", "draft": "The Network's draft response",
           "refused": "Comments on this consultation closed at its deadline, so your comment was not saved.",
           "first": "We agree with the section on early help.", "late": "One more thought, too late."},
    "cy": {"login": "/cy/cyfrif/mewngofnodi", "email": "Cyfeiriad e-bost", "password": "Cyfrinair",
           "log in": "Mewngofnodi",
           "dashboard link": "Rhoi sylwadau ar ymatebion drafft y Rhwydwaith i ymgynghoriadau, a llwytho ei ymatebion "
                             "terfynol i lawr",
           "title": "Adolygiad cyfiawnder ieuenctid (prawf taith)", "comment": "Eich sylw", "send": "Anfon eich sylw",
           "saved": "Diolch: mae eich sylw wedi'i gadw", "draft": "Ymateb drafft y Rhwydwaith",
           "refused": "Daeth y cyfnod sylwadau ar yr ymgynghoriad hwn i ben ar y dyddiad cau, felly chafodd eich "
                      "sylw mo'i gadw.",
           "first": "Rydym yn cytuno â'r adran ar gymorth cynnar ŵ ŷ.", "late": "Un syniad arall, yn rhy hwyr."},
}


def _consultation(live_site, run):
    from wscn_site import clock
    from wscn_site.extensions import db
    from wscn_site.models import Consultation, Resource

    with live_site.app.app_context():
        draft = db.session.execute(sa.select(Resource.id).where(
            Resource.kind == "consultation-response", Resource.audience == "members")).scalars().first()
        consultation = Consultation(
            title_en=f"{WORDS['en']['title']} {run}", title_cy=f"{WORDS['cy']['title']} {run}", summary_en="A review.",
            summary_cy="Adolygiad.", link="https://www.gov.wales/consultations", status="open",
            closes_on=clock.today() + timedelta(days=30), comments_close_at=clock.now() + timedelta(days=10),
            draft_resource_id=draft, published_at=clock.now())
        db.session.add(consultation)
        db.session.commit()
        return consultation.id


def _move_deadline(live_site, consultation_id, delta):
    from wscn_site import clock
    from wscn_site.extensions import db
    from wscn_site.models import Consultation

    with live_site.app.app_context():
        db.session.get(Consultation, consultation_id).comments_close_at = clock.now() + delta
        db.session.commit()


def _comments(live_site, consultation_id):
    from wscn_site.extensions import db
    from wscn_site.models import ConsultationComment

    with live_site.app.app_context():
        return db.session.execute(sa.select(ConsultationComment.body).where(
            ConsultationComment.consultation_id == consultation_id).order_by(ConsultationComment.id)).scalars().all()


@pytest.mark.parametrize("lang, login", [("cy", "member"), ("en", "lead")])
def test_a_member_comments_before_the_deadline_and_is_refused_after_it(page, live_site, lang, login):
    words = WORDS[lang]
    consultation_id = _consultation(live_site, login)
    title = f"{words['title']} {login}"
    email, password = live_site.logins[login]
    page.goto(words["login"])
    page.get_by_label(words["email"]).fill(email)
    page.get_by_label(words["password"], exact=True).fill(password)
    page.get_by_role("button", name=words["log in"], exact=True).click()
    page.get_by_role("link", name=words["dashboard link"]).click()
    page.get_by_role("link", name=title).click()
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("heading", name=words["draft"])).to_be_visible()

    page.get_by_label(words["comment"]).fill(words["first"])
    page.get_by_role("button", name=words["send"]).click()
    expect(page.get_by_text(words["saved"])).to_be_visible()
    expect(page.locator(".comment").filter(has_text=words["first"])).to_be_visible()

    page.get_by_label(words["comment"]).fill(words["late"])
    _move_deadline(live_site, consultation_id, timedelta(seconds=-1))  # the deadline passes while the page is open
    page.get_by_role("button", name=words["send"]).click()
    expect(page.get_by_role("alert").filter(has_text=words["refused"])).to_be_visible()
    expect(page.get_by_label(words["comment"])).to_have_count(0)  # no form to comment any more
    assert _comments(live_site, consultation_id) == [words["first"]]
