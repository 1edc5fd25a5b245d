"""The organisation's lead downloads its invoices in the portal and enters a purchase-order number;
nobody else reaches them: another organisation's lead, a member of the same organisation and an
anonymous visitor all get a 404 for an invoice's PDF."""
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from factories import member_with_fee, user
from staff_helpers import audit_actions, post_form
from wscn_site.extensions import db
from wscn_site.membership.invoicing import invoice_membership
from wscn_site.models import Invoice

pytestmark = pytest.mark.db


@pytest.fixture
def leads(app):
    with app.app_context():
        ours = member_with_fee(invoice_language="cy")
        theirs = member_with_fee(name="Cyngor Gwynedd", name_en="Gwynedd Council")
        held = member_with_fee(name="Cyngor Sir Powys", name_en="Powys County Council", po_required=True)
        invoice, _ = invoice_membership(ours.memberships[0])
        other_invoice, _ = invoice_membership(theirs.memberships[0])
        people = {
            "lead": user("arweinydd@ynysmon.example", role="lead", org=ours, language="cy"),
            "member": user("aelod@ynysmon.example", role="member", org=ours),
            "other_lead": user("lead@gwynedd.example", role="lead", org=theirs),
            "held_lead": user("lead@powys.example", role="lead", org=held),
        }
        db.session.commit()
        name = f"anfoneb-{invoice.number.replace('/', '-')}.pdf"
        return SimpleNamespace(invoice=invoice.id, number=invoice.number, other=other_invoice.id,
                               other_number=other_invoice.number, name=name, held=held.id,
                               held_membership=held.memberships[0].id,
                               users={key: person.email for key, person in people.items()})


def client_for(app, leads, who):
    from factories import log_in

    client = app.test_client()
    if who:
        assert log_in(client, leads.users[who]).status_code == 302
    return client


def test_lead_sees_and_downloads_its_organisations_invoices_in_its_language(app, leads):
    client = client_for(app, leads, "lead")
    dashboard = client.get("/cy/aelodau/").text
    assert "/cy/aelodau/anfonebau" in dashboard and "Anfonebau eich sefydliad" in dashboard
    page = client.get("/cy/aelodau/anfonebau")
    assert page.status_code == 200 and leads.number in page.text and leads.other_number not in page.text
    assert f"/cy/aelodau/anfonebau/{leads.invoice}/{leads.name}" in page.text
    pdf = client.get(f"/cy/aelodau/anfonebau/{leads.invoice}/{leads.name}")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
    assert pdf.headers["Content-Disposition"] == f"attachment; filename={leads.name}"
    english = client.get("/en/members/invoices").text
    assert "Your organisation's invoices" in english and f"invoice-{leads.number.replace('/', '-')}.pdf" in english


@pytest.mark.parametrize("who", ["other_lead", "member", None])
def test_nobody_but_the_lead_gets_an_organisations_invoice(app, leads, who):
    client = client_for(app, leads, who)
    assert client.get(f"/cy/aelodau/anfonebau/{leads.invoice}/{leads.name}").status_code == 404
    assert client.get(f"/en/members/invoices/{leads.invoice}/invoice-x.pdf").status_code == 404
    assert client.get(f"/cy/aelodau/anfonebau/999999/{leads.name}").status_code == 404  # the same answer
    listing = client.get("/en/members/invoices")
    if who is None:
        assert listing.status_code == 302 and "/en/account/login" in listing.headers["Location"]
    else:
        assert listing.status_code == 404 if who == "member" else leads.number not in listing.text


def test_lead_enters_the_purchase_order_number_and_the_invoice_is_issued(app, leads):
    client = client_for(app, leads, "held_lead")
    page = client.get("/cy/aelodau/anfonebau").text
    assert "Anfonebau sy'n aros amdanoch chi" in page and "Mae'r anfoneb yn aros am rif archeb brynu" in page
    path = f"/cy/aelodau/anfonebau/archeb-brynu/{leads.held_membership}"
    field = f"m{leads.held_membership}-po_reference"
    refused = post_form(client, path, {field: ""}, token_from="/cy/aelodau/anfonebau")
    assert "<title>Gwall:" in refused.text and "Rhowch rif yr archeb brynu" in refused.text
    done = post_form(client, path, {field: "PO 55/2026"}, token_from="/cy/aelodau/anfonebau")
    assert done.status_code == 302
    with app.app_context():
        invoice = db.session.execute(sa.select(Invoice).where(Invoice.organisation_id == leads.held)).scalar_one()
        assert invoice.po_reference == "PO 55/2026"
    assert "membership.invoice" in audit_actions(app)
    after = client.get("/cy/aelodau/anfonebau").text
    assert "Anfonebau sy'n aros amdanoch chi" not in after and invoice.number in after
    # another organisation's lead cannot enter a number for it
    other = client_for(app, leads, "other_lead")
    assert post_form(other, path, {field: "PO 1"}, token_from="/en/members/invoices").status_code == 404
