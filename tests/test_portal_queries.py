"""Each logged-in portal page costs at most four SQL statements, the session check included: the
user, their login session, organisation and memberships in one query, and the page's resources with
their topics (and files) loaded together rather than one lazy load per row. Counted with SQLAlchemy's
``before_cursor_execute`` event on the app's engine, around a real request through the test client."""
import pytest
from sqlalchemy import event

from wscn_site.extensions import db

pytestmark = pytest.mark.db
MAX_QUERIES = 4


@pytest.fixture
def counted(app, portal, login):
    """A member's logged-in client and ``count(path) -> (response, statements)``."""
    client = app.test_client()
    login(client, portal.users["member"])
    statements = []
    with app.app_context():
        engine = db.engine

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)

    def count(path):
        client.get(path)  # the first visit may move the session's idle clock; the next is the usual one
        statements.clear()
        response = client.get(path)
        return response, list(statements)

    yield count
    event.remove(engine, "before_cursor_execute", record)


def test_the_dashboard_library_and_a_resource_page_take_at_most_four_queries(counted, portal):
    briefing, seminar = portal.resources["briefing"], portal.resources["seminar"]
    for path, shows in [("/en/members/", [briefing.title, seminar.title]),
                        ("/en/members/library", [briefing.title, seminar.title, "2 resources found", "IOM Cymru"]),
                        ("/cy/aelodau/llyfrgell", [briefing.title_cy, "IOM Cymru"]),
                        (f"/en/members/resources/{briefing.id}", [briefing.title, "IOM Cymru", "briefing-en.pdf"])]:
        response, statements = counted(path)
        assert response.status_code == 200, path
        for text in shows:
            assert text in response.text, (path, text)
        assert len(statements) <= MAX_QUERIES, (path, statements)


def test_a_library_page_past_the_end_still_counts_the_matches(counted):
    response, statements = counted("/en/members/library?page=9")
    assert response.status_code == 200
    assert "2 resources found" in response.text
    assert len(statements) <= MAX_QUERIES + 1
