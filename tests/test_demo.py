"""`flask demo load` gives `make run` a working portal and prints logins that work."""
import re

import pytest
import sqlalchemy as sa

from factories import log_in
from wscn_site.extensions import db
from wscn_site.models import BriffIssue, Resource, ResourceFile, User

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
        assert db.session.execute(sa.select(sa.func.count(Resource.id))).scalar_one() == 5 + 2  # + last year's meeting minutes, the consultation draft
        files = db.session.execute(sa.select(ResourceFile)).scalars().all()
        assert {f.purpose for f in files} == {"document", "video", "captions"}
        issues = db.session.execute(sa.select(BriffIssue).order_by(BriffIssue.number)).scalars().all()
        assert [(i.number, i.is_published, len(i.items)) for i in issues] == [(1, True, 2), (2, True, 3), (3, False, 1)]
    client = app.test_client()
    briff = client.get("/en/briff/2").text
    assert "Serious Violence Duty: working with partners (demo)" in briff
    assert "IOM Cymru briefing now in the resource library (demo)" in briff  # members-only: title shown
    assert "Prevent Duty" not in briff and "log in to read" in briff  # confidential: title hidden too
    assert client.get("/en/briff/3").status_code == 404  # the draft
    assert log_in(client, "aelod@example.org", logins["aelod@example.org"], lang="cy").status_code == 302
    library = client.get("/cy/aelodau/llyfrgell").text
    assert "Papur briffio IOM Cymru (enghraifft)" in library
    assert "adolygiad staff" not in library  # the staff-only demo resource
    briff = client.get("/cy/briff/2").text
    assert "Dyletswydd Prevent: ymateb drafft y Rhwydwaith" in briff and "mewngofnodwch" not in briff


def test_demo_data_is_refused_in_production(make_app):
    app = make_app(PRODUCTION=True, WORKERS=1)
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code != 0 and "never loaded in production" in result.output


def test_demo_data_has_an_issued_invoice_the_lead_downloads(demo_app):
    from wscn_site.models import Invoice

    with demo_app.app_context():
        invoice = db.session.execute(sa.select(Invoice)).scalar_one()
        number, invoice_id = invoice.number, invoice.id
        assert invoice.kind == "invoice" and invoice.amount_pence == 1_000_000 and invoice.storage_name
    lead = demo_app.test_client()
    assert log_in(lead, "member@example.org", _demo_password(demo_app)).status_code == 302
    page = lead.get("/en/members/invoices").text
    assert number in page
    name = f"invoice-{number.replace('/', '-')}.pdf"
    pdf = lead.get(f"/en/members/invoices/{invoice_id}/{name}")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
    staff = demo_app.test_client()
    assert log_in(staff, *demo_app.logins["staff"]).status_code == 302
    assert number in staff.get("/cy/staff/anfonebau").text


def _demo_password(demo_app):
    """The lead's password: the demo prints it (``flask demo load``); the template kept the logins of
    the first member and staff, so set the lead's here."""
    from factories import PASSWORD
    from wscn_site.models import User

    with demo_app.app_context():
        lead = db.session.execute(sa.select(User).where(User.email == "member@example.org")).scalar_one()
        lead.set_password(PASSWORD)
        db.session.commit()
    return PASSWORD


def test_demo_events_show_upcoming_events_of_several_kinds(app):
    from wscn_site.models.events import Event

    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    assert runner.invoke(args=["demo", "load"]).exit_code == 0  # once, however often it runs
    with app.app_context():
        events = db.session.execute(sa.select(Event)).scalars().all()
    assert len(events) == 10  # demo/events.py, and the full seminar with a waiting list (demo/waitlist.py)
    assert {e.status for e in events} == {"published", "cancelled", "draft"}
    client = app.test_client()
    upcoming = client.get("/en/events").text
    for title in ("Spring network meeting (demo)", "Annual conference (demo)", "Community Safety Awards (demo)",
                  "Seminar: anti-social behaviour powers (demo)", "Workshop: the Home Office consultation (demo)"):
        assert title in upcoming
    assert "Winter network meeting (demo)" not in upcoming and "Data protection training" not in upcoming
    assert "Cyfarfod rhwydwaith y gaeaf (enghraifft)" in client.get("/cy/digwyddiadau/gorffennol").text
