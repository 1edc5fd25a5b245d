"""Writing the Briff: staff draft, preview, publish (now or by cron), unpublish, and restore earlier versions."""
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from factories import csrf_token
from helpers import find_all, visible_text
from staff_helpers import audit_actions, count, member_client, post_form, staff_client
from wscn_site import clock
from wscn_site.extensions import db
from wscn_site.models import AuditEntry, BriffIssue, BriffItem, BriffRevision, OutboxMessage, Subscriber

pytestmark = pytest.mark.db

NEW_ISSUE = "/en/staff/briff/new"
WELSH = {"title_cy": "Cyllid newydd i'r gŵyl a'r ŷd", "body_cy": "Mae **cyllid** newydd ar gael."}
ENGLISH = {"title_en": "New funding for the festival", "body_en": "New **funding** is available."}


def issue_path(issue_id, tail=""):
    return f"/en/staff/briff/{issue_id}{tail}"


def start_issue(client, number=12, day="27/11/2026"):
    response = post_form(client, NEW_ISSUE, {"number": str(number), "issue_date": day})
    assert response.status_code == 302, response.text
    return int(re.search(r"/staff/briff/(\d+)$", response.location).group(1))


def add_item(client, issue_id, **fields):
    data = {**WELSH, **ENGLISH, "visibility": "public", "topic": "0", **fields}
    response = post_form(client, issue_path(issue_id, "/items/new"), {k: v for k, v in data.items() if v is not None})
    assert response.status_code == 302, visible_text(response.text)
    return response


def item_ids(app, issue_id):
    with app.app_context():
        return list(db.session.execute(sa.select(BriffItem.id).where(BriffItem.issue_id == issue_id)
                                       .order_by(BriffItem.position)).scalars())


def issue_with_an_item(app, client, **fields):
    """A new issue with one item (Welsh and English by default): (issue id, item id)."""
    issue_id = start_issue(client)
    add_item(client, issue_id, **fields)
    return issue_id, item_ids(app, issue_id)[0]


def edit_item(client, issue_id, item_id, **fields):
    path = issue_path(issue_id, f"/items/{item_id}")
    form = {**WELSH, **ENGLISH, "visibility": "public", "topic": "0", **fields}
    return post_form(client, path, {k: v for k, v in form.items() if v is not None})


def publish(client, issue_id):
    return post_form(client, issue_path(issue_id, "/publish"), token_from=issue_path(issue_id))


def subscribe(app, *emails):
    with app.app_context():
        for email in emails:
            db.session.add(Subscriber(email=email, language="cy", confirmed_at=clock.now()))
        db.session.add(Subscriber(email="unconfirmed@example.org", language="en"))
        db.session.commit()


def issue_row(app, issue_id):
    with app.app_context():
        issue = db.session.get(BriffIssue, issue_id)
        return issue.published_at, issue.publish_at


# --- who may write the Briff -------------------------------------------------------------------

def staff_briff_paths(issue_id, item_id, revision_id):
    return [
        "/en/staff/briff/", "/cy/staff/briff/", NEW_ISSUE, "/cy/staff/briff/newydd", issue_path(issue_id),
        issue_path(issue_id, "/edit"), issue_path(issue_id, "/items/new"), issue_path(issue_id, f"/items/{item_id}"),
        issue_path(issue_id, "/preview"), f"/cy/staff/briff/{issue_id}/rhagolwg", issue_path(issue_id, "/revisions"),
    ], [
        NEW_ISSUE, issue_path(issue_id, "/publish"), issue_path(issue_id, "/schedule"),
        issue_path(issue_id, "/unpublish"), issue_path(issue_id, f"/items/{item_id}/move"),
        issue_path(issue_id, f"/items/{item_id}/remove"), issue_path(issue_id, f"/revisions/{revision_id}/restore"),
    ]


@pytest.mark.parametrize("who", ["member", "lapsed"])
def test_non_staff_get_404_from_every_staff_briff_url(app, portal, who):
    staff = staff_client(app, portal)
    issue_id = start_issue(staff)
    add_item(staff, issue_id)
    item_id = item_ids(app, issue_id)[0]
    with app.app_context():
        revision_id = db.session.execute(sa.select(sa.func.min(BriffRevision.id))).scalar_one()
    audit_before = count(app, AuditEntry)
    gets, posts = staff_briff_paths(issue_id, item_id, revision_id)
    client = member_client(app, portal, who)
    for path in gets:
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Preview" not in response.text
    token = csrf_token(client.get("/en/briff/").text)  # the log-out form on every page carries one
    for path in posts:
        data = {"csrf_token": token, "number": "99", "issue_date": "1/1/2027", "direction": "down"}
        assert client.post(path, data=data).status_code == 404, path
    assert count(app, AuditEntry) == audit_before
    assert issue_row(app, issue_id) == (None, None)
    anonymous = app.test_client()
    for path in gets:
        response = anonymous.get(path)
        assert response.status_code == 302 and re.search(r"/(account/login|cyfrif/mewngofnodi)\?next=", response.location), path


# --- draft, preview, publish ----------------------------------------------------------------------

def test_draft_preview_both_languages_then_publish_and_read_it_in_the_archive(app, portal):
    subscribe(app, "darllenydd@example.org", "reader@example.org")
    client = staff_client(app, portal)
    issue_id = start_issue(client, number=7, day="26/11/2026")
    add_item(client, issue_id)
    add_item(client, issue_id, title_en="Members' seminar", title_cy="Seminar aelodau",
             body_en="Only for members.", body_cy="I aelodau yn unig.", visibility="members")
    assert "/en/briff/7" not in client.get("/en/briff/").text  # a draft is not in the archive
    assert app.test_client().get("/en/briff/7").status_code == 404

    preview = client.get(issue_path(issue_id, "/preview"))
    assert preview.status_code == 200
    columns = re.findall(r'<section class="briff-preview-column" lang="(cy|en)"(.*?)</section>\s*(?=<section class="briff-preview-column"|</div>)',
                         preview.text, re.S)
    assert [lang for lang, _ in columns] == ["cy", "en"]
    welsh, english = columns[0][1], columns[1][1]
    assert "Cyllid newydd i&#39;r gŵyl a&#39;r ŷd" in welsh and "<strong>cyllid</strong>" in welsh
    assert "26 Tachwedd 2026" in welsh and "Seminar aelodau" in welsh
    assert "New funding for the festival" in english and "26 November 2026" in english
    assert "New funding" not in welsh and "Cyllid newydd" not in english
    as_public = client.get(issue_path(issue_id, "/preview?as=public")).text
    assert "Only for members." not in as_public and "Members-only item" in as_public

    response = publish(client, issue_id)
    assert response.status_code == 302
    published_at, publish_at = issue_row(app, issue_id)
    assert published_at is not None and publish_at is not None
    with app.app_context():  # queue.queue_issue ran: one outbox message per confirmed subscriber
        assert db.session.execute(sa.select(sa.func.count(OutboxMessage.id))
                                  .where(OutboxMessage.about_id == issue_id)).scalar() == 2

    reader = app.test_client()
    archive = reader.get("/en/briff/")
    assert "The Briff, issue 7" in archive.text and 'href="/en/briff/7"' in archive.text
    page = reader.get("/cy/briff/7")
    assert page.status_code == 200 and "26 Tachwedd 2026" in page.text and "gŵyl" in page.text
    assert "I aelodau yn unig." not in page.text
    assert audit_actions(app)[-4:] == ["briff.create", "briff.item.add", "briff.item.add", "briff.publish"]
    again = publish(client, issue_id)  # publishing twice does nothing more
    assert again.status_code == 302 and audit_actions(app).count("briff.publish") == 1


def test_publishing_is_refused_while_an_item_lacks_its_welsh_naming_the_items(app, portal):
    client = staff_client(app, portal)
    issue_id = start_issue(client)
    add_item(client, issue_id)
    add_item(client, issue_id, title_en="Prevent update", title_cy="", body_cy="")
    response = publish(client, issue_id)
    assert response.status_code == 200
    html = response.text
    assert re.search(r"<title>Error: ", html)
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    assert "Item 2, “Prevent update”: no Welsh title, no Welsh text." in visible_text(summary)
    assert "festival" not in summary
    assert issue_row(app, issue_id)[0] is None
    assert "briff.publish" not in audit_actions(app)


def test_publishing_is_refused_when_the_english_changed_after_the_welsh(app, portal):
    client = staff_client(app, portal)
    issue_id, item_id = issue_with_an_item(app, client)
    assert edit_item(client, issue_id, item_id, body_en="New **funding** is available until March.").status_code == 302
    response = publish(client, issue_id)
    summary = visible_text(re.search(r'<div class="error-summary".*?</div>', response.text, re.S).group(0))
    assert ("Item 1, “New funding for the festival” / “Cyllid newydd i'r gŵyl a'r ŷd”: the English was changed "
            "after the Welsh was last saved. Revisit the Welsh.") in summary
    assert issue_row(app, issue_id)[0] is None
    # Re-saving the Welsh unchanged is not enough; marking it as checked is.
    edit_page = client.get(issue_path(issue_id, f"/items/{item_id}")).text
    assert "Revisit the Welsh" in edit_page
    edit_item(client, issue_id, item_id, body_en="New **funding** is available until March.")
    assert publish(client, issue_id).status_code == 200
    edit_item(client, issue_id, item_id, body_en="New **funding** is available until March.", welsh_checked="yes")
    assert publish(client, issue_id).status_code == 302
    assert issue_row(app, issue_id)[0] is not None


def test_an_item_written_in_welsh_first_is_published_once_its_english_is_added(app, portal):
    """Adding the English translation is not a change the Welsh must be checked against; changing
    that English afterwards is."""
    client = staff_client(app, portal)
    issue_id = start_issue(client)
    add_item(client, issue_id, title_en="", body_en="")
    item_id = item_ids(app, issue_id)[0]
    assert "no English title, no English text" in visible_text(publish(client, issue_id).text)
    edit_item(client, issue_id, item_id)  # the English added
    edit_page = client.get(issue_path(issue_id, f"/items/{item_id}")).text
    assert "Revisit the Welsh" not in edit_page
    edit_item(client, issue_id, item_id, body_en="Funding is available until April.")
    assert "Revisit the Welsh" in visible_text(publish(client, issue_id).text)
    edit_item(client, issue_id, item_id, body_en="Funding is available until April.", welsh_checked="yes")
    assert publish(client, issue_id).status_code == 302


def test_publishing_is_refused_when_the_welsh_changed_after_the_english(app, portal):
    """Welsh is no source of lesser standing: a change to it asks for the English to be revisited too."""
    client = staff_client(app, portal)
    issue_id, item_id = issue_with_an_item(app, client)
    edit_item(client, issue_id, item_id, body_cy="Mae cyllid newydd ar gael tan fis **Ebrill**.")
    summary = visible_text(re.search(r'<div class="error-summary".*?</div>', publish(client, issue_id).text,
                                     re.S).group(0))
    assert "the Welsh was changed after the English was last saved. Revisit the English." in summary
    edit_page = client.get(issue_path(issue_id, f"/items/{item_id}")).text
    assert "Revisit the English" in edit_page and "The English still matches the Welsh" in edit_page
    assert "The Welsh still matches the English" not in edit_page
    welsh_page = staff_client(app, portal, lang="cy").get(f"/cy/staff/briff/{issue_id}/eitemau/{item_id}").text
    assert "Ewch yn ôl at y Saesneg" in visible_text(welsh_page)
    edit_item(client, issue_id, item_id, body_cy="Mae cyllid newydd ar gael tan fis **Ebrill**.",
              english_checked="yes")
    assert publish(client, issue_id).status_code == 302


def test_bringing_the_stale_language_up_to_date_flags_nothing_else(app, portal):
    client = staff_client(app, portal)
    issue_id, item_id = issue_with_an_item(app, client)
    edit_item(client, issue_id, item_id, body_cy="Testun newydd.")  # the English is now to revisit
    edit_item(client, issue_id, item_id, body_cy="Testun newydd.", body_en="New text.")  # ...and revisited
    assert publish(client, issue_id).status_code == 302


def test_changing_the_welsh_after_the_english_makes_it_current_again(app, portal):
    client = staff_client(app, portal)
    issue_id, item_id = issue_with_an_item(app, client)
    edit_item(client, issue_id, item_id, title_en="Funding for the festival")
    edit_item(client, issue_id, item_id, title_en="Funding for the festival", title_cy="Cyllid i'r ŵyl")
    assert publish(client, issue_id).status_code == 302


# --- scheduling and the cron command ------------------------------------------------------------

def test_scheduled_issue_is_published_exactly_once_by_publish_due(app, portal, runner):
    subscribe(app, "aelod@example.org")
    client = staff_client(app, portal)
    issue_id = start_issue(client)
    add_item(client, issue_id)
    tomorrow = clock.today() + timedelta(days=1)
    response = post_form(client, issue_path(issue_id, "/schedule"),
                         {"publish_on": tomorrow.strftime("%d/%m/%Y"), "publish_time": "09:30"},
                         token_from=issue_path(issue_id))
    assert response.status_code == 302
    published_at, publish_at = issue_row(app, issue_id)
    assert published_at is None and publish_at is not None
    assert "Scheduled for" in client.get(issue_path(issue_id)).text

    result = runner.invoke(args=["briff", "publish-due"])
    assert result.exit_code == 0 and issue_row(app, issue_id)[0] is None  # not due yet

    with app.app_context():  # the time comes
        db.session.get(BriffIssue, issue_id).publish_at = clock.now() - timedelta(minutes=1)
        db.session.commit()
    first = runner.invoke(args=["briff", "publish-due"])
    second = runner.invoke(args=["briff", "publish-due"])
    assert first.exit_code == 0 and "Issue 12 published." in first.output
    assert second.exit_code == 0 and "published" not in second.output
    assert issue_row(app, issue_id)[0] is not None
    assert audit_actions(app).count("briff.publish_due") == 1
    assert count(app, OutboxMessage, OutboxMessage.about_id == issue_id) == 1
    assert app.test_client().get("/en/briff/12").status_code == 200


def test_publishing_twice_at_once_publishes_once(app, portal):
    """The guarded UPDATE: a second run that read the issue as unpublished changes nothing."""
    from wscn_site.briff import operations

    client = staff_client(app, portal)
    issue_id = start_issue(client)
    add_item(client, issue_id)
    with app.app_context():
        issue = db.session.get(BriffIssue, issue_id)
        issue.publish_at = clock.now() - timedelta(minutes=1)
        db.session.commit()
        moment = clock.now()
        assert operations._mark_published(issue, moment, None, "briff.publish_due") is True
        stale_view = db.session.get(BriffIssue, issue_id)
        assert operations._mark_published(stale_view, moment, None, "briff.publish_due") is False
    assert audit_actions(app).count("briff.publish_due") == 1


def test_scheduling_needs_a_time_in_the_future_and_a_ready_issue(app, portal):
    client = staff_client(app, portal)
    issue_id = start_issue(client)
    past = post_form(client, issue_path(issue_id, "/schedule"), {"publish_on": "1/1/2020", "publish_time": "09:00"},
                     token_from=issue_path(issue_id))
    assert past.status_code == 200 and "Choose a time in the future" in past.text
    tomorrow = (clock.today() + timedelta(days=1)).strftime("%d/%m/%Y")
    empty = post_form(client, issue_path(issue_id, "/schedule"), {"publish_on": tomorrow, "publish_time": "25:00"},
                      token_from=issue_path(issue_id))
    assert "Enter the time on the 24-hour clock" in empty.text
    unready = post_form(client, issue_path(issue_id, "/schedule"), {"publish_on": tomorrow, "publish_time": "09:00"},
                        token_from=issue_path(issue_id))
    assert "Add at least one item." in visible_text(unready.text)
    assert issue_row(app, issue_id) == (None, None)


def test_unpublishing_takes_the_issue_off_the_site_and_the_feed(app, portal, runner):
    subscribe(app, "aelod@example.org")
    client = staff_client(app, portal)
    issue_id = start_issue(client)
    add_item(client, issue_id)
    publish(client, issue_id)
    reader = app.test_client()
    assert reader.get("/en/briff/12").status_code == 200
    response = post_form(client, issue_path(issue_id, "/unpublish"), token_from=issue_path(issue_id))
    assert response.status_code == 302
    assert reader.get("/en/briff/12").status_code == 404
    assert "issue 12" not in reader.get("/en/briff/").text
    assert "festival" not in reader.get("/en/briff/feed.atom").text
    assert count(app, OutboxMessage, OutboxMessage.about_id == issue_id, OutboxMessage.status == "pending") == 0
    runner.invoke(args=["briff", "publish-due"])  # not brought back by the cron job
    assert issue_row(app, issue_id) == (None, None)
    assert "briff.unpublish" in audit_actions(app)


# --- items: order, links, revisions -----------------------------------------------------------------

def test_items_can_be_reordered_and_removed(app, portal):
    client = staff_client(app, portal)
    issue_id = start_issue(client)
    for title in ("First", "Second", "Third"):
        add_item(client, issue_id, title_en=title, title_cy=f"{title} (cy)")
    first, second, third = item_ids(app, issue_id)
    post_form(client, issue_path(issue_id, f"/items/{third}/move"), {"direction": "up"}, token_from=issue_path(issue_id))
    assert item_ids(app, issue_id) == [first, third, second]
    post_form(client, issue_path(issue_id, f"/items/{first}/move"), {"direction": "down"}, token_from=issue_path(issue_id))
    assert item_ids(app, issue_id) == [third, first, second]
    post_form(client, issue_path(issue_id, f"/items/{first}/remove"), token_from=issue_path(issue_id))
    assert item_ids(app, issue_id) == [third, second]
    publish(client, issue_id)
    page = app.test_client().get("/en/briff/12").text
    assert page.index("Third") < page.index("Second") and "First" not in page


def test_an_item_link_must_be_a_web_address(app, portal):
    client = staff_client(app, portal)
    issue_id = start_issue(client)
    for link in ("javascript:alert(1)", "ftp://example.org/x", "data:text/html,hi", "https://"):
        response = post_form(client, issue_path(issue_id, "/items/new"), {**WELSH, **ENGLISH, "visibility": "public",
                                                                         "topic": "0", "link": link})
        assert response.status_code == 200 and "Enter a web address starting with https://" in response.text, link
    assert item_ids(app, issue_id) == []
    add_item(client, issue_id, link="https://www.wlga.gov.uk/safer-communities")
    confidential_public = post_form(client, issue_path(issue_id, "/items/new"),
                                    {**WELSH, **ENGLISH, "visibility": "public", "topic": "0", "confidential": "yes"})
    assert "Only a members-only item can be confidential" in confidential_public.text


def test_issue_numbers_are_unique(app, portal):
    client = staff_client(app, portal)
    start_issue(client, number=5)
    response = post_form(client, NEW_ISSUE, {"number": "5", "issue_date": "1/12/2026"})
    assert response.status_code == 200 and "There is already an issue with this number" in response.text
    assert re.search(r"<title>Error: ", response.text)


def test_every_save_keeps_a_revision_and_an_earlier_one_can_be_restored(app, portal):
    client = staff_client(app, portal)
    issue_id = start_issue(client)                                               # 1
    add_item(client, issue_id)                                                   # 2
    add_item(client, issue_id, title_en="Second item", title_cy="Ail eitem")     # 3
    first, second = item_ids(app, issue_id)
    edit_item(client, issue_id, first, title_en="Changed title")                 # 4
    post_form(client, issue_path(issue_id, f"/items/{second}/remove"), token_from=issue_path(issue_id))  # 5
    with app.app_context():
        revisions = db.session.execute(sa.select(BriffRevision).where(BriffRevision.issue_id == issue_id)
                                       .order_by(BriffRevision.id)).scalars().all()
        assert len(revisions) == 5
        assert all(r.saved_by_id == portal.users["staff"].id for r in revisions)
        before_edit = revisions[2].id
    page = client.get(issue_path(issue_id, "/revisions")).text
    text = visible_text(page)
    assert "Edited the item “Changed title”: English title" in text
    assert "Removed the item “Second item”" in text and "Added the item “Second item”" in text
    response = post_form(client, issue_path(issue_id, f"/revisions/{before_edit}/restore"),
                         token_from=issue_path(issue_id, "/revisions"))
    assert response.status_code == 302
    with app.app_context():
        items = db.session.execute(sa.select(BriffItem).where(BriffItem.issue_id == issue_id)
                                   .order_by(BriffItem.position)).scalars().all()
        assert [i.title_en for i in items] == ["New funding for the festival", "Second item"]
        assert count(app, BriffRevision, BriffRevision.issue_id == issue_id) == 6
    assert "Restored an earlier version" in visible_text(client.get(issue_path(issue_id, "/revisions")).text)
    assert audit_actions(app)[-1] == "briff.restore"
    assert publish(client, issue_id).status_code == 302  # the restored Welsh is current


def test_welsh_staff_pages_use_welsh_addresses_and_dates(app, portal):
    client = staff_client(app, portal, lang="cy")
    response = post_form(client, "/cy/staff/briff/newydd", {"number": "3", "issue_date": "6/11/2026"})
    assert response.status_code == 302 and response.location.startswith("/cy/staff/briff/")
    page = client.get(response.location).text
    assert '<html lang="cy">' in page and "6 Tachwedd 2026" in page
    assert find_all(page, "a", href=response.location + "/eitemau/newydd")
