"""One page for the emails a member may turn off, shared by events and the member-voice features,
and the access rule for records an organisation owns."""
import pytest
import sqlalchemy as sa

from factories import csrf_token, log_in, organisation, user
from helpers import language_toggle, toggle_target, visible_text
from wscn_site import access, email_preferences
from wscn_site.extensions import db
from wscn_site.models import AuditEntry, EmailPreference, User

pytestmark = pytest.mark.db

PAGE = {"en": "/en/account/emails", "cy": "/cy/cyfrif/negeseuon-ebost"}


@pytest.fixture
def people(app):
    with app.app_context():
        member = organisation("Example County Council")
        lapsed = organisation("Lapsed Council", status="lapsed")
        user("ann@example.org", org=member)
        user("bob@example.org", org=member)
        user("lee@example.org", org=lapsed)
        user("staff@wlga.example", role="staff")
        db.session.commit()
        return {"member": member.id, "lapsed": lapsed.id}


def _wanting(app, topic):
    with app.app_context():
        return sorted(db.session.execute(sa.select(User.email).where(email_preferences.wanting(topic))).scalars())


def test_everyone_wants_every_topic_until_they_say_otherwise(app, client, people):
    log_in(client, "ann@example.org")
    page = client.get(PAGE["en"])
    assert page.status_code == 200 and "no-store" in page.headers["Cache-Control"]
    assert page.text.count("checked") == 3
    assert "bob@example.org" in _wanting(app, "meeting")


def test_unticking_a_topic_stops_it_for_that_person_only_and_is_audited(app, client, people):
    log_in(client, "ann@example.org")
    token = csrf_token(client.get(PAGE["en"]).text)
    saved = client.post(PAGE["en"], data={"csrf_token": token, "topics": ["events", "consultations"]},
                        follow_redirects=True)
    assert "Your email choices have been saved." in saved.text
    assert saved.text.count("checked") == 2
    assert "ann@example.org" not in _wanting(app, "meeting")
    assert "ann@example.org" in _wanting(app, "events") and "bob@example.org" in _wanting(app, "meeting")
    with app.app_context():
        entry = db.session.execute(sa.select(AuditEntry).where(AuditEntry.action == "email-preferences.save")).scalar_one()
        assert '"meeting": "off"' in entry.details
        ann = db.session.execute(sa.select(User).where(User.email == "ann@example.org")).scalar_one()
        assert email_preferences.wants(ann, "events") and not email_preferences.wants(ann, "meeting")
    token = csrf_token(client.get(PAGE["en"]).text)  # ticking it again turns it back on
    client.post(PAGE["en"], data={"csrf_token": token, "topics": ["events", "meeting", "consultations"]})
    assert "ann@example.org" in _wanting(app, "meeting")


def test_unknown_topics_are_ignored_and_nothing_is_stored_without_a_token(app, client, people):
    log_in(client, "ann@example.org")
    assert client.post(PAGE["en"], data={"topics": []}).status_code in (400, 422)
    token = csrf_token(client.get(PAGE["en"]).text)
    client.post(PAGE["en"], data={"csrf_token": token, "topics": ["events", "meeting", "consultations", "spam"]})
    with app.app_context():
        assert db.session.execute(sa.select(EmailPreference.topic)).scalars().all() == []


def test_the_welsh_page_is_in_welsh_and_pairs_with_the_english_one(client, people):
    log_in(client, "ann@example.org", lang="cy")
    page = client.get(PAGE["cy"])
    text = visible_text(page.text)
    assert page.status_code == 200 and 'lang="cy"' in page.text
    assert "Negeseuon e-bost gan y Rhwydwaith" in text and "Gwahoddiadau cynnar i roi sylwadau ar ymgynghoriadau" in text
    assert "Early invitations" not in text
    assert toggle_target(language_toggle(page.text)) == PAGE["en"]
    assert 'href="/cy/cyfrif/negeseuon-ebost"' in client.get("/cy/cyfrif").text


def test_visitors_log_in_first(client):
    answer = client.get(PAGE["en"])
    assert answer.status_code == 302 and "/en/account/login" in answer.headers["Location"]


def test_owned_records_follow_the_one_access_rule(app, people):
    with app.app_context():
        people_by_email = {u.email: u for u in db.session.execute(sa.select(User)).scalars()}
        ann, lee, staff = (people_by_email[e] for e in ("ann@example.org", "lee@example.org", "staff@wlga.example"))
        assert access.may_see_owned(ann, people["member"]) and not access.may_see_owned(ann, people["lapsed"])
        assert not access.may_see_owned(lee, people["lapsed"])  # a lapsed organisation's people see none of it
        assert access.may_see_owned(staff, people["lapsed"]) and access.may_see_owned(staff, people["member"])
        assert not access.may_see_owned(ann, None)
        owned = sa.select(User.email).where(access.owned_by(ann, User.organisation_id)).order_by(User.email)
        assert db.session.execute(owned).scalars().all() == ["ann@example.org", "bob@example.org"]
        assert db.session.execute(sa.select(User.id).where(access.owned_by(lee, User.organisation_id))).all() == []
        assert len(db.session.execute(sa.select(User.id).where(access.owned_by(staff, User.organisation_id))).all()) == 4
