"""`flask demo load` gives `make run` a working portal and prints logins that work."""
import re

import pytest
import sqlalchemy as sa

from factories import log_in
from wscn_site.extensions import db
from wscn_site.models import Resource, ResourceFile, User

pytestmark = pytest.mark.db


def logins_from(output):
    return {m.group(2): m.group(3) for m in re.finditer(r"^\s+(\w+)\s+(\S+@\S+)\s+(\S+)$", output, re.M)}


def test_demo_load_prints_working_logins_and_is_repeatable(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(args=["demo", "load"])
    logins = logins_from(second.output)
    assert set(logins) == {"staff@safercommunities.example", "aelod@example.org", "member@example.org",
                           "lapsed@example.org"}
    with app.app_context():
        assert db.session.execute(sa.select(sa.func.count(User.id))).scalar_one() == 4
        assert db.session.execute(sa.select(sa.func.count(Resource.id))).scalar_one() == 5
        files = db.session.execute(sa.select(ResourceFile)).scalars().all()
        assert {f.purpose for f in files} == {"document", "video", "captions"}
    client = app.test_client()
    assert log_in(client, "aelod@example.org", logins["aelod@example.org"], lang="cy").status_code == 302
    library = client.get("/cy/aelodau/llyfrgell").text
    assert "Papur briffio IOM Cymru (enghraifft)" in library
    assert "adolygiad staff" not in library  # the staff-only demo resource


def test_demo_data_is_refused_in_production(make_app):
    app = make_app(PRODUCTION=True)
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code != 0 and "never loaded in production" in result.output
