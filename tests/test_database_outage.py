"""With PostgreSQL unreachable, public pages still serve and the portal answers a bilingual 503;
when the database is back, the same running app recovers without a restart."""
import os
import uuid

import pytest
import sqlalchemy as sa

from factories import build_portal, log_in
from helpers import html_lang, visible_text
from tcp_relay import Relay
from wscn_site.extensions import db

pytestmark = pytest.mark.db
POSTGRES = os.environ.get("WSCN_TEST_DATABASE_URL") or "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@pytest.fixture
def postgres_schema():
    engine = sa.create_engine(POSTGRES)
    try:
        with engine.begin() as conn:
            schema = f"t_{uuid.uuid4().hex[:12]}"
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except sa.exc.OperationalError:
        if os.environ.get("WSCN_REQUIRE_SERVICES"):
            raise
        pytest.skip("no PostgreSQL on 127.0.0.1:5432")
    yield schema
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


def test_public_pages_survive_and_the_portal_recovers(make_app, postgres_schema):
    relay = Relay(sa.engine.make_url(POSTGRES).port or 5432)
    relay.start()
    url = sa.engine.make_url(POSTGRES).set(host="127.0.0.1", port=relay.port)
    url = url.update_query_dict({"options": f"-csearch_path={postgres_schema}"})
    app = make_app(SQLALCHEMY_DATABASE_URI=url.render_as_string(hide_password=False))
    with app.app_context():
        portal = build_portal()
    member = app.test_client()
    assert log_in(member, portal.users["member"].email, lang="cy").status_code == 302
    assert member.get("/cy/aelodau/").status_code == 200

    relay.stop()  # the database goes away
    try:
        for path in ("/cy/", "/en/membership", "/cy/aelodaeth?budget=250"):
            assert app.test_client().get(path).status_code == 200, path
            assert member.get(path).status_code == 200, path
        events = app.test_client().get("/cy/digwyddiadau")  # the introduction, and a word about the list
        assert events.status_code == 200 and "Ni ellir dangos y rhestr o ddigwyddiadau" in visible_text(events.text)
        portal_page = member.get("/cy/aelodau/llyfrgell")
        assert portal_page.status_code == 503
        assert html_lang(portal_page.text) == "cy"
        assert "Mae'n ddrwg gennym, nid yw'r gwasanaeth ar gael" in visible_text(portal_page.text)
        assert "Traceback" not in portal_page.text and "psycopg" not in portal_page.text
        english = log_in(app.test_client(), portal.users["member"].email)
        assert english.status_code == 503 and "Sorry, the service is unavailable" in visible_text(english.text)
    finally:
        relay.start()  # and comes back

    library = member.get("/cy/aelodau/llyfrgell")
    assert library.status_code == 200 and portal.resources["briefing"].title_cy in library.text
    relay.stop()
    with app.app_context():
        db.engine.dispose()
