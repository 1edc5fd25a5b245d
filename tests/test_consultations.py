"""Consultations: staff publish the Network's draft response, members comment until the internal
deadline (refused after it, in the page's language), staff hide a comment with a reason, export
every comment and mark the consultation responded; the early invitation goes through the outbox."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from consultation_helpers import EN, STAFF, build, consultation, open_consultation, staff_user, values
from factories import csrf_token, log_in
from helpers import visible_text
from wscn_site import clock
from wscn_site.audit import Refused
from wscn_site.consultations import operations
from wscn_site.extensions import db
from wscn_site.models import AuditEntry, Consultation, ConsultationComment, OutboxMessage, User

pytestmark = pytest.mark.db


@pytest.fixture
def data(app):
    with app.app_context():
        return build()


@pytest.fixture
def opened(app, data):
    with app.app_context():
        return open_consultation(data)


def _client(app, who, data, lang="en"):
    client = app.test_client()
    if who:
        assert log_in(client, data.users[who].email, lang=lang).status_code == 302
    return client


def _comment(client, consultation_id, body, show=False, lang="en"):
    path = f"{EN[lang]}/{consultation_id}"
    form = {"csrf_token": csrf_token(client.get(path).text), "body": body}
    if show:
        form["show_organisation"] = "y"
    return client.post(path, data=form)


def _staff_form(client, path, **fields):
    return client.post(path, data={"csrf_token": csrf_token(client.get(path).text), **fields})


def _form_fields(data, **changes):
    closes = clock.today() + timedelta(days=30)
    return {"title_en": "Serious violence duty guidance", "title_cy": "Canllawiau'r ddyletswydd trais difrifol",
            "summary_en": "Guidance.", "summary_cy": "Canllawiau.", "link": "https://gov.wales/consultation",
            "closes_on": f"{closes:%d/%m/%Y}", "deadline_on": f"{closes - timedelta(days=7):%d/%m/%Y}",
            "deadline_time": "17:00", "draft_resource_id": str(data.resources["draft"])} | changes


def test_staff_add_a_consultation_and_publish_it_emailing_members_in_their_language(app, data):
    staff = _client(app, "staff", data)
    saved = _staff_form(staff, STAFF["en"] + "/new", **_form_fields(data))
    assert saved.status_code == 302
    page = staff.get(saved.headers["Location"])
    assert "Serious violence duty guidance" in page.text and "Publish and invite comments" in page.text
    with app.app_context():
        consultation_id = db.session.execute(sa.select(Consultation.id)).scalar_one()
    publish_path = f"{STAFF['en']}/{consultation_id}/publish"
    published = staff.post(publish_path, data={"csrf_token": csrf_token(page.text)}, follow_redirects=True)
    assert "The consultation is open for comments" in published.text
    with app.app_context():
        messages = {m.recipient: m for m in db.session.execute(sa.select(OutboxMessage)).scalars()}
        # Current organisations' active people who want early invitations; never the lapsed, the
        # inactive, staff or someone who turned the topic off.
        assert sorted(messages) == ["aelod@example.org", "member@example.org", "other@example.org"]
        welsh, english = messages["aelod@example.org"], messages["member@example.org"]
        assert welsh.language == "cy" and "Ymgynghoriad" in welsh.subject
        assert "/cy/aelodau/ymgynghoriadau/" in welsh.text_body and "/cy/cyfrif/negeseuon-ebost" in welsh.text_body
        assert "Serious violence duty guidance" in english.subject and "/en/members/consultations/" in english.text_body
        assert db.session.execute(sa.select(AuditEntry).where(AuditEntry.action == "consultation.publish")).scalar_one()
    again = staff.post(publish_path, data={"csrf_token": csrf_token(page.text)})
    assert again.status_code == 302
    with app.app_context():  # publishing twice emails nobody twice
        assert db.session.execute(sa.select(sa.func.count(OutboxMessage.id))).scalar_one() == 3


@pytest.mark.parametrize("fields, message", [
    ({"link": "javascript:alert(1)"}, "Enter a full web address starting with https:// or http://"),
    ({"link": "ftp://example.org/x"}, "Enter a full web address starting with https:// or http://"),
    ({"deadline_on": "01/01/2099"}, "Members' comments must close before the consultation itself closes"),
    ({"closes_on": "31/02/2027"}, "Enter a real date"),
    ({"title_en": "x" * 251}, "Enter a title of 250 characters or fewer"),
])
def test_the_consultation_form_refuses_bad_links_and_a_deadline_after_the_closing_date(app, data, fields, message):
    staff = _client(app, "staff", data)
    refused = _staff_form(staff, STAFF["en"] + "/new", **_form_fields(data, **fields))
    assert refused.status_code == 422 and message in visible_text(refused.text) and "There is a problem" in refused.text
    with app.app_context():
        assert db.session.execute(sa.select(sa.func.count(Consultation.id))).scalar_one() == 0


def test_publishing_needs_both_languages_and_a_draft_members_can_open(app, data):
    with app.app_context():
        staff = staff_user(data)
        no_welsh = operations.create(values(data.resources["draft"], title_cy=""), staff)
        no_welsh_id = no_welsh.id
        with pytest.raises(Refused):
            operations.publish(no_welsh, staff)
        hidden_draft = operations.create(values(data.resources["hidden"]), staff)
        assert "draft" in operations.problems(hidden_draft)
        with pytest.raises(Refused):
            operations.publish(hidden_draft, staff)
        assert db.session.execute(sa.select(sa.func.count(OutboxMessage.id))).scalar_one() == 0
    page = _client(app, "staff", data, "cy").get(f"{STAFF['cy']}/{no_welsh_id}")
    assert "Ychwanegwch y teitl yn Gymraeg" in page.text


def test_a_member_comments_and_every_member_reads_it_with_the_organisation_only_when_chosen(app, data, opened):
    member = _client(app, "member", data)
    sent = _comment(member, opened, "We support paragraph 4. <script>alert(1)</script>")
    assert sent.status_code == 302
    shown = _comment(member, opened, "Our area would add youth services.", show=True)
    assert shown.status_code == 302
    other = _client(app, "other", data).get(f"{EN['en']}/{opened}")
    text = visible_text(other.text)
    assert "We support paragraph 4." in text and "<script>alert(1)</script>" not in other.text
    assert "&lt;script&gt;" in other.text
    assert text.count("From a member organisation") == 1
    assert "From Example County Council" in text  # where its author chose to show it
    staff = _client(app, "staff", data).get(f"{STAFF['en']}/{opened}")
    assert staff.text.count("Example County Council") >= 2 and "Mair Member" in staff.text


def _move_deadline(app, consultation_id, moment):
    with app.app_context():
        consultation(consultation_id).comments_close_at = moment
        db.session.commit()


def test_a_comment_after_the_internal_deadline_is_refused_in_the_pages_language(app, data, opened):
    for lang, words in (("en", "Comments on this consultation closed at its deadline"),
                        ("cy", "Daeth y cyfnod sylwadau ar yr ymgynghoriad hwn i ben")):
        _move_deadline(app, opened, clock.now() + timedelta(hours=1))
        client = _client(app, "welsh" if lang == "cy" else "member", data, lang)
        path = f"{EN[lang]}/{opened}"
        token = csrf_token(client.get(path).text)  # the form was shown while comments were open
        _move_deadline(app, opened, clock.now() - timedelta(seconds=1))
        refused = client.post(path, data={"csrf_token": token, "body": "Too late"})
        assert refused.status_code == 409 and words in visible_text(refused.text)
        assert "Too late" in visible_text(refused.text)  # shown back, to keep
        assert "<form" not in refused.text.split("<h1")[1]  # no form to comment any more
    _move_deadline(app, opened, clock.now() + timedelta(minutes=1))
    with clock.frozen_at(clock.now() + timedelta(seconds=30)):
        assert _comment(_client(app, "member", data), opened, "Just in time").status_code == 302
    with app.app_context():
        assert [c.body for c in db.session.execute(sa.select(ConsultationComment)).scalars()] == ["Just in time"]
    with clock.frozen_at(clock.now() + timedelta(minutes=2)), app.app_context():  # the operation checks it too
        with pytest.raises(Refused) as refusal:
            operations.add_comment(consultation(opened), db.session.get(User, data.users["member"].id), "x", False)
        assert refusal.value.reason == "closed"


def test_staff_hide_a_comment_with_a_reason_that_its_author_sees(app, data, opened):
    _comment(_client(app, "member", data), opened, "Something unkind about another council")
    with app.app_context():
        comment_id = db.session.execute(sa.select(ConsultationComment.id)).scalar_one()
    staff = _client(app, "staff", data)
    path = f"{STAFF['en']}/{opened}/comments/{comment_id}/hide"
    empty = _staff_form(staff, path, reason="")
    assert empty.status_code == 422 and "Enter the reason for hiding the comment" in empty.text
    assert _staff_form(staff, path, reason="It names a person.").status_code == 302
    other = _client(app, "other", data).get(f"{EN['en']}/{opened}")
    assert "Something unkind" not in other.text
    author = _client(app, "member", data).get(f"{EN['en']}/{opened}")
    assert "Something unkind" in author.text and "It names a person." in author.text
    assert "Network staff have hidden this comment" in author.text
    colleague = _client(app, "welsh", data, "cy").get(f"{EN['cy']}/{opened}")
    assert "Something unkind" not in colleague.text
    with app.app_context():
        entry = db.session.execute(sa.select(AuditEntry).where(AuditEntry.action == "consultation.comment.hide")).scalar_one()
        assert "It names a person." in entry.details and entry.target_id == comment_id
    audit_page = visible_text(_client(app, "staff", data, "cy").get("/cy/staff/archwilio").text)
    assert "Wedi cuddio sylw ar ymgynghoriad" in audit_page and "It names a person." in audit_page


def test_staff_export_every_comment_as_csv_safe_for_spreadsheets(app, data, opened):
    _comment(_client(app, "member", data), opened, "=HYPERLINK(\"http://evil\")")
    _comment(_client(app, "other", data), opened, "Plain comment, with a comma", show=True)
    staff = _client(app, "staff", data)
    english = staff.get(f"{STAFF['en']}/{opened}/comments.csv")
    assert english.status_code == 200 and english.mimetype == "text/csv"
    assert 'filename="consultation-comments-' in english.headers["Content-Disposition"]
    lines = english.text.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Date,Organisation,Name,Email address")
    assert "'=HYPERLINK" in english.text and "Example County Council" in english.text
    assert "member@example.org" in english.text and '"Plain comment, with a comma"' in english.text
    welsh = staff.get(f"{STAFF['cy']}/{opened}/sylwadau.csv")
    assert welsh.text.lstrip("\ufeff").startswith("Dyddiad,Sefydliad") and "sylwadau-ymgynghoriad" in \
        welsh.headers["Content-Disposition"]


def test_staff_mark_the_consultation_responded_and_members_download_the_final_response(app, data, opened):
    staff = _client(app, "staff", data)
    path = f"{STAFF['en']}/{opened}/respond"
    unchosen = _staff_form(staff, path, response_resource_id="0")
    assert unchosen.status_code == 422
    hidden = _staff_form(staff, path, response_resource_id=str(data.resources["hidden"]))
    assert hidden.status_code == 422 and "publish it for members first" in hidden.text
    assert _staff_form(staff, path, response_resource_id=str(data.resources["final"])).status_code == 302
    page = _client(app, "welsh", data, "cy").get(f"{EN['cy']}/{opened}")
    assert f'/cy/aelodau/adnoddau/{data.resources["final"]}"' in page.text
    assert "Ymateb terfynol y Rhwydwaith" in page.text
    assert "Ychwanegwch eich sylw" not in page.text  # no comments once responded
    refused = _comment(_client(app, "member", data), opened, "Late")
    assert refused.status_code == 409 and "not open for comments" in refused.text


def test_the_draft_is_linked_only_while_the_member_may_open_it_in_the_library(app, data, opened):
    member = _client(app, "member", data)
    assert f'/en/members/resources/{data.resources["draft"]}"' in member.get(f"{EN['en']}/{opened}").text
    with app.app_context():
        from wscn_site.models import Resource
        db.session.get(Resource, data.resources["draft"]).audience = "staff"
        db.session.commit()
    page = member.get(f"{EN['en']}/{opened}")
    assert f'/members/resources/{data.resources["draft"]}"' not in page.text
    assert "The draft response is not available to you in the library." in page.text


def test_nobody_outside_a_current_member_organisation_sees_consultations_or_comments(app, data, opened):
    _comment(_client(app, "member", data), opened, "Confidential view of the council")
    with app.app_context():
        comment_id = db.session.execute(sa.select(ConsultationComment.id)).scalar_one()
        draft_id = operations.create(values(data.resources["draft"], title_en="Unpublished draft"), staff_user(data)).id
    pages = [EN["en"], f"{EN['en']}/{opened}", f"{EN['cy']}/{opened}"]
    staff_pages = [STAFF["en"], f"{STAFF['en']}/{opened}", f"{STAFF['en']}/{opened}/comments.csv",
                   f"{STAFF['cy']}/{opened}/sylwadau.csv", f"{STAFF['en']}/{opened}/comments/{comment_id}/hide",
                   f"{STAFF['en']}/{opened}/respond", f"{STAFF['en']}/{opened}/edit", STAFF["en"] + "/new"]
    visitor = app.test_client()
    for path in pages + staff_pages:
        answer = visitor.get(path)
        assert answer.status_code == 302 and ("/account/login" in answer.headers["Location"]
                                             or "/cyfrif/mewngofnodi" in answer.headers["Location"]), path
    lapsed = _client(app, "lapsed", data)
    for path in pages + staff_pages:
        assert lapsed.get(path).status_code == 404, path
    member = _client(app, "member", data)
    for path in staff_pages:
        assert member.get(path).status_code == 404, path
    assert member.get(f"{EN['en']}/{draft_id}").status_code == 404  # a draft is staff's only
    assert "Unpublished draft" not in member.get(EN["en"]).text
    sitemap = app.test_client().get("/sitemap.xml").text
    assert "consultation" not in sitemap and "ymgynghoriad" not in sitemap


def test_a_lapsed_organisations_person_cannot_comment_even_by_the_operation(app, data, opened):
    with app.app_context():
        lapsed = db.session.get(User, data.users["lapsed"].id)
        with pytest.raises(Refused) as refusal:
            operations.add_comment(consultation(opened), lapsed, "Hello", False)
        assert refusal.value.reason == "not-member"
        with pytest.raises(Refused) as refusal:
            operations.add_comment(consultation(opened), staff_user(data), "Hello", False)
        assert refusal.value.reason == "not-member"


def test_comments_are_length_limited_and_rate_limited(make_app):
    app = make_app(CONSULTATION_COMMENT_LIMIT="2 per hour")
    with app.app_context():
        data = build()
        opened = open_consultation(data)
    member = _client(app, "member", data)
    too_long = _comment(member, opened, "a" * 4001)
    assert too_long.status_code == 422 and "Enter a comment of 4,000 characters or fewer" in too_long.text
    assert _comment(member, opened, "One").status_code == 302
    assert _comment(member, opened, "Two").status_code == 429
    other = _client(app, "other", data)  # counted per person
    assert _comment(other, opened, "Mine").status_code == 302


def test_pages_are_in_both_languages_with_their_counterparts(app, data, opened):
    welsh = _client(app, "welsh", data, "cy")
    listing = welsh.get(EN["cy"])
    assert listing.status_code == 200 and "Ymgynghoriadau" in listing.text
    assert "Adolygiad o bwerau ymddygiad gwrthgymdeithasol" in listing.text
    page = welsh.get(f"{EN['cy']}/{opened}")
    assert 'lang="cy"' in page.text and f"/en/members/consultations/{opened}" in page.text
    assert "<strong>bwerau</strong>" in page.text
    staff = _client(app, "staff", data, "cy")
    for path in (STAFF["cy"], f"{STAFF['cy']}/{opened}", STAFF["cy"] + "/newydd", f"{STAFF['cy']}/{opened}/golygu",
                 f"{STAFF['cy']}/{opened}/ymateb"):
        answer = staff.get(path)
        assert answer.status_code == 200 and 'lang="cy"' in answer.text, path
    assert "Ymgynghoriadau" in staff.get("/cy/staff/").text
    assert "/cy/aelodau/ymgynghoriadau" in welsh.get("/cy/aelodau/").text
    assert "/members/consultations" not in _client(app, "lapsed", data).get("/en/members/").text


def test_editing_keeps_the_deadline_before_the_closing_date(app, data, opened):
    with app.app_context():
        staff = staff_user(data)
        found = consultation(opened)
        bad = values(data.resources["draft"], comments_close_at=clock.london_moment(found.closes_on + timedelta(days=1)))
        with pytest.raises(Refused):
            operations.update(found, bad, staff)
        with pytest.raises(Refused):
            operations.update(consultation(opened), values(data.resources["draft"], title_cy=""), staff)
        assert consultation(opened).title_cy


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_the_opening_email_matches_its_snapshot(app, lang):
    """The text of the early invitation, in each language (WSCN_UPDATE_SNAPSHOTS=1 rewrites it)."""
    import os
    from datetime import date, time
    from pathlib import Path
    from types import SimpleNamespace

    from flask_babel import lazy_gettext

    from wscn_site.mail import build_message
    from wscn_site.models import Consultation

    found = Consultation(id=7, title_en="Youth justice review", title_cy="Adolygiad cyfiawnder ieuenctid",
                         closes_on=date(2027, 3, 31), comments_close_at=clock.london_moment(date(2027, 3, 17), time(17)))
    person = SimpleNamespace(name="Siân Ŵyn", email="sian@example.org", language=lang)
    link = "https://safercommunities.example/LINK"
    with app.test_request_context(f"/{lang}/"):
        message = build_message(person.email, lazy_gettext("Consultation open for comments: %(title)s",
                                                           title=found.title(lang)),
                                "consultation_opened", lang, person=person, consultation=found, link=link,
                                preferences="https://safercommunities.example/PREFERENCES")
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert link in text and f'href="{link}"' in html and "PREFERENCES" in html
    assert ("17 Mawrth 2027" if lang == "cy" else "17 March 2027") in text and "17:00" in text
    snapshot = Path(__file__).resolve().parent / "emails" / f"consultation_opened.{lang}.txt"
    if os.environ.get("WSCN_UPDATE_SNAPSHOTS"):
        snapshot.write_text(text, encoding="utf-8")
    assert text == snapshot.read_text(encoding="utf-8")


def test_staff_cannot_empty_a_published_consultations_welsh(app, data, opened):
    staff = _client(app, "staff", data, "cy")
    path = f"{STAFF['cy']}/{opened}/golygu"
    refused = _staff_form(staff, path, **_form_fields(data, title_cy=""))
    assert refused.status_code == 422 and "chafodd y newidiadau mo" in visible_text(refused.text)
    with app.app_context():
        assert consultation(opened).title_cy == "Adolygiad o bwerau ymddygiad gwrthgymdeithasol"
    saved = _staff_form(staff, path, **_form_fields(data, title_en="Serious violence duty guidance, revised"))
    assert saved.status_code == 302
    with app.app_context():
        assert consultation(opened).title_en == "Serious violence duty guidance, revised"


def test_publishing_and_its_emails_commit_together_or_not_at_all(app, data, monkeypatch):
    from wscn_site.consultations import notices

    def broken(consultation):
        db.session.add(OutboxMessage(kind="consultation_opened", recipient="member@example.org", language="en",
                                     subject="x", text_body="x", html_body="x", headers="{}",
                                     message_id="<x@example.org>"))  # one written, then a failure
        db.session.flush()
        raise RuntimeError("the outbox failed")

    with app.app_context():
        created = operations.create(values(data.resources["draft"]), staff_user(data))
        monkeypatch.setattr(notices, "queue_opened", broken)
        with pytest.raises(RuntimeError):
            operations.publish(created, staff_user(data))
        db.session.rollback()
        assert consultation(created.id).status == "draft"
        assert db.session.execute(sa.select(sa.func.count(OutboxMessage.id))).scalar_one() == 0


def _own_comment(app, who, data, opened, body, lang="en"):
    client = _client(app, who, data, lang)
    assert _comment(client, opened, body, lang=lang).status_code == 302
    with app.app_context():
        comment_id = db.session.execute(sa.select(ConsultationComment.id).order_by(
            ConsultationComment.id.desc())).scalars().first()
    return client, comment_id


def _edit_path(opened, comment_id, lang="en"):
    return f"{EN[lang]}/{opened}/" + (f"comments/{comment_id}/edit" if lang == "en" else f"sylwadau/{comment_id}/golygu")


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_author_changes_their_comment_before_the_deadline_and_others_see_it_marked(app, data, opened, lang):
    author, comment_id = _own_comment(app, "welsh" if lang == "cy" else "member", data, opened, "First thoughts", lang)
    page = author.get(f"{EN[lang]}/{opened}").text
    assert _edit_path(opened, comment_id, lang) in page
    assert _edit_path(opened, comment_id, "en") not in _client(app, "other", data).get(f"{EN['en']}/{opened}").text
    form = author.get(_edit_path(opened, comment_id, lang))
    assert form.status_code == 200 and "First thoughts" in form.text and f'<html lang="{lang}">' in form.text
    empty = author.post(_edit_path(opened, comment_id, lang), data={"csrf_token": csrf_token(form.text), "body": ""})
    assert empty.status_code == 422 and ("Enter your comment" if lang == "en" else "Rhowch eich sylw") in empty.text
    changed = author.post(_edit_path(opened, comment_id, lang), data={
        "csrf_token": csrf_token(form.text), "body": "Second thoughts", "show_organisation": "y"})
    assert changed.status_code == 302
    other = visible_text(_client(app, "other", data).get(f"{EN['en']}/{opened}").text)
    assert "Second thoughts" in other and "First thoughts" not in other
    assert "Edited on" in other and "From Example County Council" in other
    with app.app_context():
        comment = db.session.get(ConsultationComment, comment_id)
        assert (comment.body, comment.show_organisation, comment.edited_at is not None) == ("Second thoughts", True, True)
        entry = db.session.execute(sa.select(AuditEntry).where(
            AuditEntry.action == "consultation.comment.edit")).scalar_one()
        assert '"before": "First thoughts"' in entry.details


def test_the_author_withdraws_their_comment_and_only_staff_still_see_it(app, data, opened):
    author, comment_id = _own_comment(app, "member", data, opened, "Please ignore this")
    page = author.get(_edit_path(opened, comment_id)).text
    path = f"{EN['en']}/{opened}/comments/{comment_id}/withdraw"
    assert author.post(path, data={"csrf_token": csrf_token(page)}).status_code == 302
    for who in ("member", "welsh", "other"):  # the author and colleagues too
        assert "Please ignore this" not in _client(app, who, data).get(f"{EN['en']}/{opened}").text
    staff = _client(app, "staff", data)
    staff_page = visible_text(staff.get(f"{STAFF['en']}/{opened}").text)
    assert "Please ignore this" in staff_page and "Withdrawn by its author on" in staff_page
    csv = staff.get(f"{STAFF['en']}/{opened}/comments.csv").text
    assert "Withdrawn by its author" in csv.splitlines()[0] and "Please ignore this" in csv
    assert author.get(_edit_path(opened, comment_id)).status_code == 404  # gone from its author's pages too
    assert author.post(path, data={"csrf_token": csrf_token(page)}).status_code == 404
    with app.app_context():
        assert [e.action for e in db.session.execute(sa.select(AuditEntry).where(
            AuditEntry.target_type == "consultation_comment")).scalars()] == ["consultation.comment.withdraw"]


def test_nobody_else_may_change_a_comment_and_nobody_after_the_deadline_or_once_hidden(app, data, opened):
    author, comment_id = _own_comment(app, "member", data, opened, "Mine")
    colleague = _client(app, "welsh", data)
    assert colleague.get(_edit_path(opened, comment_id)).status_code == 404
    token = csrf_token(author.get(_edit_path(opened, comment_id)).text)
    assert colleague.post(f"{EN['en']}/{opened}/comments/{comment_id}/withdraw",
                          data={"csrf_token": csrf_token(colleague.get(f"{EN['en']}/{opened}").text)}).status_code == 404
    assert _client(app, "staff", data).get(_edit_path(opened, comment_id)).status_code == 404
    assert _client(app, None, data).get(_edit_path(opened, comment_id)).status_code == 302  # log in first

    _move_deadline(app, opened, clock.now() - timedelta(seconds=1))
    late = author.post(_edit_path(opened, comment_id), data={"csrf_token": token, "body": "Changed too late"})
    assert late.status_code == 409 and "closed at its deadline" in visible_text(late.text)
    assert "Changed too late" in visible_text(late.text)  # shown back, to keep
    assert "Comments can be changed or withdrawn only while" in author.get(_edit_path(opened, comment_id)).text

    _move_deadline(app, opened, clock.now() + timedelta(days=1))
    with app.app_context():
        operations.hide_comment(db.session.get(ConsultationComment, comment_id), "Names a person",
                                db.session.get(User, data.users["staff"].id))
    hidden = author.post(_edit_path(opened, comment_id), data={"csrf_token": token, "body": "Now without the name"})
    assert hidden.status_code == 409 and "Network staff have hidden it" in visible_text(hidden.text)
    with app.app_context():
        assert db.session.get(ConsultationComment, comment_id).body == "Mine"
