"""A published Briff issue stays the record that was published (item 14 of the security issue):
changes are corrections that keep both languages complete, keep a revision, show "Updated on" and
move the feed's <updated>; its number never changes; cancelling a schedule cannot undo a publication.
Also the schedule across the clocks changing (item 16)."""
import re
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from helpers import visible_text
from staff_helpers import audit_actions, post_form, staff_client
from test_briff_editor import ENGLISH, WELSH, add_item, edit_item, issue_path, issue_row, publish, start_issue
from wscn_site import clock
from wscn_site.extensions import db
from wscn_site.models import AuditEntry, BriffIssue, BriffItem, BriffRevision, User

pytestmark = pytest.mark.db
PUBLISHED = datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc)
CORRECTED = datetime(2026, 12, 3, 23, 30, tzinfo=timezone.utc)  # 3 December in London too (GMT)


def published_issue(app, portal):
    client = staff_client(app, portal)
    issue_id = start_issue(client)
    add_item(client, issue_id)
    with clock.frozen_at(PUBLISHED):
        assert publish(client, issue_id).status_code == 302
    item_id = app_item(app, issue_id)
    return client, issue_id, item_id


def app_item(app, issue_id):
    with app.app_context():
        return db.session.execute(sa.select(BriffItem.id).where(BriffItem.issue_id == issue_id)).scalar_one()


def feed_updated(app):
    feed = app.test_client().get("/en/briff/feed.atom").text
    return re.search(r"<entry>.*?<updated>(.*?)</updated>", feed, re.S).group(1)


def test_a_correction_keeps_both_languages_shows_updated_on_and_moves_the_feed(app, portal):
    client, issue_id, item_id = published_issue(app, portal)
    assert feed_updated(app) == "2026-11-27T09:00:00Z"
    assert "Updated on" not in app.test_client().get("/en/briff/12").text
    with clock.frozen_at(CORRECTED):
        client = staff_client(app, portal)  # a week later: a new login session
        response = edit_item(client, issue_id, item_id, body_en="New **funding** is available from April.",
                             welsh_checked="yes")
    assert response.status_code == 302
    assert "Updated on 3 December 2026" in visible_text(app.test_client().get("/en/briff/12").text)
    assert "Diweddarwyd ar 3 Rhagfyr 2026" in visible_text(app.test_client().get("/cy/briff/12").text)
    assert feed_updated(app) == "2026-12-03T23:30:00Z"
    assert "from April" in app.test_client().get("/en/briff/12").text
    with app.app_context():
        assert db.session.get(BriffIssue, issue_id).published_at is not None
        assert db.session.execute(sa.select(sa.func.count(BriffRevision.id))
                                  .where(BriffRevision.issue_id == issue_id)).scalar() == 3
        entry = db.session.execute(sa.select(AuditEntry).order_by(AuditEntry.id.desc())).scalars().first()
        assert entry.action == "briff.item.update" and '"correction": true' in entry.details


@pytest.mark.parametrize("change, line", [
    ({"title_cy": "", "body_cy": ""}, "no Welsh title, no Welsh text"),
    ({"body_en": "Only the English changed."}, "the English was changed after the Welsh was last saved"),
])
def test_a_correction_that_would_leave_a_language_incomplete_is_refused_with_the_problems_shown(
        app, portal, change, line):
    client, issue_id, item_id = published_issue(app, portal)
    response = edit_item(client, issue_id, item_id, **change)
    assert response.status_code == 200
    text = visible_text(response.text)
    assert text.startswith("Error:") or "<title>Error:" in response.text
    assert "Your change has not been saved: a published issue must stay complete in both languages." in text
    assert line in text
    with app.app_context():
        item = db.session.get(BriffItem, item_id)
        assert (item.title_cy, item.body_cy, item.body_en) == (WELSH["title_cy"], WELSH["body_cy"], ENGLISH["body_en"])
        assert db.session.get(BriffIssue, issue_id).corrected_at is None
    assert audit_actions(app) == ["briff.create", "briff.item.add", "briff.publish"]


def test_removing_the_last_item_of_a_published_issue_is_refused(app, portal):
    client, issue_id, item_id = published_issue(app, portal)
    response = post_form(client, issue_path(issue_id, f"/items/{item_id}/remove"), token_from=issue_path(issue_id))
    assert response.status_code == 200 and "Add at least one item." in visible_text(response.text)
    assert app_item(app, issue_id) == item_id
    assert app.test_client().get("/en/briff/12").status_code == 200


def test_a_published_issue_cannot_be_renumbered(app, portal):
    """Renumbering would move /en/briff/12 to a 404 and break every emailed link."""
    from wscn_site.audit import Refused
    from wscn_site.briff import operations

    client, issue_id, _item_id = published_issue(app, portal)
    response = post_form(client, issue_path(issue_id, "/edit"), {"number": "13", "issue_date": "27/11/2026"})
    assert response.status_code == 200 and "A published issue keeps its number" in visible_text(response.text)
    welsh = staff_client(app, portal, lang="cy")
    response = post_form(welsh, f"/cy/staff/briff/{issue_id}/golygu", {"number": "13", "issue_date": "27/11/2026"})
    assert "Mae rhifyn cyhoeddedig yn cadw ei rif" in visible_text(response.text)
    with app.app_context():
        issue = db.session.get(BriffIssue, issue_id)
        with pytest.raises(Refused) as refused:
            operations.update_issue(issue, 13, issue.issue_date, db.session.get(User, 5))
        assert refused.value.reason == "published-number"
    assert app.test_client().get("/en/briff/12").status_code == 200
    assert app.test_client().get("/en/briff/13").status_code == 404


def test_cancelling_a_schedule_cannot_undo_a_publication_made_meanwhile(app, portal):
    """The race: publish-due publishes (and queues the emails) between loading the issue and cancelling."""
    from wscn_site.briff import operations

    client = staff_client(app, portal)
    issue_id = start_issue(client)
    add_item(client, issue_id)
    with app.app_context():
        db.session.get(BriffIssue, issue_id).publish_at = clock.now() - timedelta(minutes=1)
        db.session.commit()
    with app.app_context():
        issue = db.session.get(BriffIssue, issue_id)  # the editor's request loads the scheduled issue...
        staff = db.session.get(User, issue.revisions[0].saved_by_id)
        assert issue.is_scheduled
        with app.app_context():  # ...cron publishes it in another process (its own session)...
            assert operations.publish_due() == [(12, "published")]
        assert operations.cancel_schedule(issue, staff) is False  # ...then the editor cancels
    published_at, publish_at = issue_row(app, issue_id)
    assert published_at is not None and publish_at is not None
    assert "briff.unschedule" not in audit_actions(app)
    assert app.test_client().get("/en/briff/12").status_code == 200


def test_cancelling_a_schedule_makes_the_issue_a_draft_again(app, portal):
    client = staff_client(app, portal)
    issue_id = start_issue(client)
    add_item(client, issue_id)
    post_form(client, issue_path(issue_id, "/schedule"), {"publish_on": "1/1/2099", "publish_time": "09:00"},
              token_from=issue_path(issue_id))
    assert issue_row(app, issue_id)[1] is not None
    response = post_form(client, issue_path(issue_id, "/unschedule"), token_from=issue_path(issue_id))
    assert "it is a draft again" in client.get(response.location).text
    assert issue_row(app, issue_id) == (None, None) and audit_actions(app)[-1] == "briff.unschedule"


def test_a_briff_scheduled_across_the_clocks_changing_goes_at_london_nine(app, portal):
    """Item 16: chosen on 27 March 2027 (GMT) for 09:00 on 29 March 2027 (BST): 08:00 UTC, not before."""
    from wscn_site.briff import operations

    client = staff_client(app, portal)
    issue_id = start_issue(client)
    add_item(client, issue_id)
    with clock.frozen_at(datetime(2027, 3, 27, 10, 0, tzinfo=timezone.utc)):
        client = staff_client(app, portal)  # months later: a new login session
        response = post_form(client, issue_path(issue_id, "/schedule"),
                             {"publish_on": "29/03/2027", "publish_time": "09:00"}, token_from=issue_path(issue_id))
    assert response.status_code == 302
    assert clock.as_utc(issue_row(app, issue_id)[1]) == datetime(2027, 3, 29, 8, 0, tzinfo=timezone.utc)
    with app.app_context():
        with clock.frozen_at(datetime(2027, 3, 29, 7, 59, tzinfo=timezone.utc)):
            assert operations.publish_due() == []
        with clock.frozen_at(datetime(2027, 3, 29, 8, 0, tzinfo=timezone.utc)):
            assert operations.publish_due() == [(12, "published")]
