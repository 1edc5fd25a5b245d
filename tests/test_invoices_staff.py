"""Staff invoice tools: list, detail and PDF download, recording a payment, cancelling with a credit
note, the dashboard's unpaid invoices, and an organisation's purchase-order rule and held invoices."""
from datetime import datetime, time, timedelta, timezone
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from factories import log_in, member_with_fee, resource, user
from helpers import visible_text
from staff_helpers import audit_actions, post_form, staff_client
from test_invoice_pdf import pdf_text
from wscn_site import clock
from wscn_site.extensions import db
from wscn_site.membership.invoicing import AWAITING_PO, invoice_membership
from wscn_site.models import Invoice, Organisation

pytestmark = pytest.mark.db


@pytest.fixture
def billed(app, portal):
    """An organisation with an issued invoice, and one that needs a purchase order (held)."""
    with app.app_context():
        org = member_with_fee(invoice_language="both")
        invoice, _reason = invoice_membership(org.memberships[0])
        held = member_with_fee(name="Cyngor Bwrdeistref Sirol Wrecsam", name_en="Wrexham County Borough Council",
                               po_required=True, invoice_language="en")
        assert invoice_membership(held.memberships[0]) == (None, AWAITING_PO)
        db.session.commit()
        return SimpleNamespace(org=org.id, invoice=invoice.id, number=invoice.number, held=held.id,
                               held_membership=held.memberships[0].id)


def invoice_row(app, invoice_id):
    with app.app_context():
        found = db.session.get(Invoice, invoice_id)
        db.session.expunge(found)
        return found


def test_staff_list_and_detail_show_the_invoice_and_download_its_pdf(app, portal, billed):
    client = staff_client(app, portal)
    listing = client.get("/en/staff/invoices")
    assert listing.status_code == 200 and billed.number in listing.text
    assert "Isle of Anglesey County Council" in listing.text and "£10,000.00" in listing.text
    page = client.get(f"/cy/staff/anfonebau/{billed.invoice}")
    assert page.status_code == 200 and "Heb ei thalu" in page.text and "Lawrlwytho'r PDF" in page.text
    name = f"anfoneb-{billed.number.replace('/', '-')}.pdf"
    assert f"/cy/staff/anfonebau/{billed.invoice}/{name}" in page.text
    pdf = client.get(f"/cy/staff/anfonebau/{billed.invoice}/{name}")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.headers["Content-Disposition"] == f"attachment; filename={name}"
    assert pdf.headers["Cache-Control"] == "private, no-store"
    english = client.get(f"/en/staff/invoices/{billed.invoice}/invoice-{billed.number.replace('/', '-')}.pdf")
    assert english.data == pdf.data  # generated once, the same bytes every time
    assert client.get(f"/en/staff/invoices/{billed.invoice}/{name}").status_code == 404  # the other language's name


def test_recording_a_payment_checks_the_date_in_the_pages_language_and_keeps_what_was_typed(app, portal, billed):
    client = staff_client(app, portal, lang="cy")
    path = f"/cy/staff/anfonebau/{billed.invoice}/taliad"
    tomorrow = clock.today() + timedelta(days=1)
    page = post_form(client, path, {"paid_on": f"{tomorrow.day}/{tomorrow.month}/{tomorrow.year}",
                                    "reference": "BACS 778812"}, token_from=f"/cy/staff/anfonebau/{billed.invoice}")
    assert page.status_code == 200
    assert "<title>Gwall:" in page.text and "Mae problem wedi codi" in page.text
    assert "Ni all y dyddiad talu fod yn y dyfodol" in page.text and 'value="BACS 778812"' in page.text
    assert invoice_row(app, billed.invoice).paid_on is None
    today = clock.today()
    done = post_form(client, path, {"paid_on": today.isoformat(), "reference": "BACS 778812"},
                     token_from=f"/cy/staff/anfonebau/{billed.invoice}")
    assert done.status_code == 302
    paid = invoice_row(app, billed.invoice)
    assert (paid.paid_on, paid.payment_reference) == (today, "BACS 778812")
    shown = client.get(f"/cy/staff/anfonebau/{billed.invoice}").text
    assert "Wedi'i thalu" in shown and "BACS 778812" in shown and "Cofnodi'r taliad" not in shown
    assert "invoice.payment" in audit_actions(app)


def test_cancelling_issues_a_credit_note_that_names_the_invoice_and_lets_the_year_be_invoiced_again(
        app, portal, billed):
    client = staff_client(app, portal)
    path = f"/en/staff/invoices/{billed.invoice}/cancel"
    empty = post_form(client, path, {"reason": "  "})
    assert "Enter why the invoice is being cancelled" in empty.text and "<title>Error:" in empty.text
    done = post_form(client, path, {"reason": "Wrong fee band: the budget was £180 million"})
    assert done.status_code == 302
    with app.app_context():
        credit = db.session.execute(sa.select(Invoice).where(Invoice.kind == "credit")).scalar_one()
        assert credit.credits_id == billed.invoice and credit.amount_pence == -1_000_000
        series, sequence = billed.number.split("/")
        assert credit.number == f"{series}/{int(sequence) + 1:04d}"  # the same series, the next number
        text, _reader = pdf_text(credit)
        credit_id, credit_number = credit.id, credit.number
    assert done.headers["Location"].endswith(f"/en/staff/invoices/{credit_id}")
    assert "NODYN CREDYD / CREDIT NOTE" in text and billed.number in text and "-£10,000.00" in text
    assert "Wrong fee band: the budget was £180 million" in text
    assert "Yn canslo anfoneb / Cancels invoice" in text
    original = client.get(f"/en/staff/invoices/{billed.invoice}").text
    assert "Cancelled by a credit note" in original and credit_number in original
    assert "Record the payment" not in original  # neither paid nor cancelled again
    again = post_form(client, path, {"reason": "twice"}, token_from=f"/en/staff/invoices/{billed.invoice}")
    assert again.status_code == 302
    with app.app_context():
        assert db.session.execute(sa.select(sa.func.count()).where(Invoice.kind == "credit")).scalar_one() == 1
    assert audit_actions(app).count("invoice.cancel") == 1
    # the year has no standing invoice now: staff issue it again from the organisation's page
    invoicing = client.get(f"/en/staff/organisations/{billed.org}/invoicing").text
    assert "Invoices to issue" in invoicing and "Issue the invoice" in invoicing
    reissued = post_form(client, f"/en/staff/organisations/{billed.org}/invoicing/{_membership_of(app, billed.org)}",
                         {f"m{_membership_of(app, billed.org)}-po_reference": ""},
                         token_from=f"/en/staff/organisations/{billed.org}/invoicing")
    assert reissued.status_code == 302
    with app.app_context():
        assert db.session.execute(sa.select(sa.func.count()).where(Invoice.kind == "invoice")).scalar_one() == 2


def _membership_of(app, organisation_id):
    with app.app_context():
        return db.session.get(Organisation, organisation_id).memberships[0].id


def test_dashboard_lists_invoices_unpaid_for_more_than_30_days(app, portal, billed):
    issued = invoice_row(app, billed.invoice).issued_on

    def at_day(days):
        return datetime.combine(issued + timedelta(days=days), time(12), tzinfo=timezone.utc)

    with clock.frozen_at(at_day(30)):
        home = staff_client(app, portal).get("/en/staff/")
        assert "Invoices unpaid for more than 30 days" not in home.text
    with clock.frozen_at(at_day(31)):
        client = staff_client(app, portal)  # logged in that day: a session lasts 12 hours
        home = client.get("/en/staff/").text
        assert "Invoices unpaid for more than 30 days" in home and billed.number in home
        welsh = client.get("/cy/staff/").text
        assert "Anfonebau heb eu talu ers mwy na 30 diwrnod" in welsh
        assert billed.number in client.get("/en/staff/invoices?show=overdue").text
        with app.app_context():
            db.session.execute(sa.update(Invoice).values(paid_on=clock.today()))
            db.session.commit()
        assert "Invoices unpaid for more than 30 days" not in client.get("/en/staff/").text


def test_purchase_order_rule_holds_the_invoice_until_staff_enter_the_number(app, portal, billed):
    client = staff_client(app, portal)
    page_path = f"/en/staff/organisations/{billed.held}/invoicing"
    page = client.get(page_path).text
    assert "The invoice is waiting for a purchase-order number" in page
    field = f"m{billed.held_membership}-po_reference"
    path = f"{page_path}/{billed.held_membership}"
    refused = post_form(client, path, {field: ""}, token_from=page_path)
    assert "Enter the purchase-order number" in refused.text and "<title>Error:" in refused.text
    done = post_form(client, path, {field: "PO/2026/0193"}, token_from=page_path)
    assert done.status_code == 302
    with app.app_context():
        invoice = db.session.execute(sa.select(Invoice).where(Invoice.organisation_id == billed.held)).scalar_one()
        assert invoice.po_reference == "PO/2026/0193" and invoice.language == "en"
        text, _reader = pdf_text(invoice)
    assert "PO/2026/0193" in text and "INVOICE" in text and "ANFONEB" not in text
    assert "membership.invoice" in audit_actions(app)
    assert "No invoice is waiting to be issued." in client.get(page_path).text


def test_staff_set_how_an_organisation_is_invoiced(app, portal, billed):
    client = staff_client(app, portal, lang="cy")
    path = f"/cy/staff/sefydliadau/{billed.org}/anfonebu"
    bad = post_form(client, path, {"invoice_language": "cy", "po_required": "yes", "finance_name": "Siân",
                                   "finance_email": "cyllid@example.org, arall@example.org"})
    assert "<title>Gwall:" in bad.text and 'value="Siân"' in bad.text
    done = post_form(client, path, {"invoice_language": "cy", "po_required": "yes", "finance_name": "Siân Ŵyn",
                                    "finance_email": "cyllid@ynysmon.example"})
    assert done.status_code == 302
    with app.app_context():
        org = db.session.get(Organisation, billed.org)
        assert (org.invoice_language, org.po_required, org.finance_email) == ("cy", True, "cyllid@ynysmon.example")
    assert "organisation.invoicing" in audit_actions(app)
    audit = visible_text(client.get("/cy/staff/archwilio").text)
    assert "Iaith ei anfonebau" in audit


@pytest.mark.parametrize("who", ["member", "lead", None])
def test_people_who_are_not_staff_never_see_the_staff_invoice_pages(app, portal, billed, who, login):
    client = app.test_client()
    if who:
        with app.app_context():
            person = user(f"{who}-x@example.org", role=who, org=db.session.get(Organisation, billed.org))
            db.session.commit()
            assert login(client, person).status_code == 302
    for path in ("/en/staff/invoices", f"/en/staff/invoices/{billed.invoice}",
                 f"/en/staff/organisations/{billed.org}/invoicing",
                 f"/en/staff/invoices/{billed.invoice}/invoice-{billed.number.replace('/', '-')}.pdf"):
        response = client.get(path)
        assert response.status_code == (404 if who else 302), path


def test_an_invoice_unpaid_for_months_never_ends_access_by_itself(app, portal):
    """Overdue is shown to staff; the organisation's people keep the portal (only staff end a
    membership, with a reason)."""
    with clock.frozen_at(datetime(2026, 5, 1, 12, tzinfo=timezone.utc)):
        with app.app_context():
            org = member_with_fee(year=2026)
            invoice, _reason = invoice_membership(org.memberships[0])
            user("reader@ynysmon.example", org=org)
            resource("Briefing for members in May")
            db.session.commit()
            number = invoice.number
    with clock.frozen_at(datetime(2026, 9, 1, 12, tzinfo=timezone.utc)):  # four months unpaid
        assert number in staff_client(app, portal).get("/en/staff/invoices?show=overdue").text
        reader = app.test_client()
        assert log_in(reader, "reader@ynysmon.example").status_code == 302
        library = reader.get("/en/members/library")
        assert library.status_code == 200 and "Briefing for members in May" in library.text
        assert reader.get("/cy/aelodau/llyfrgell").status_code == 200


@pytest.mark.parametrize("moment, series", [
    (datetime(2027, 3, 31, 23, 30, tzinfo=clock.LONDON), "2026-27"),  # 22:30 UTC: still March in London
    (datetime(2027, 4, 1, 0, 30, tzinfo=clock.LONDON), "2027-28"),   # 23:30 UTC on 31 March
])
def test_an_invoice_belongs_to_the_series_of_the_london_day_it_is_issued(app, moment, series):
    with app.app_context():
        with clock.frozen_at(datetime(2027, 3, 1, 12, tzinfo=timezone.utc)):
            earlier, _ = invoice_membership(member_with_fee(year=2026).memberships[0])
        with clock.frozen_at(moment.astimezone(timezone.utc)):
            org = member_with_fee(name="Cyngor Gwynedd", name_en="Gwynedd Council", year=2026)
            invoice, _ = invoice_membership(org.memberships[0])
        db.session.commit()
        assert earlier.number == "2026-27/0001"
        assert invoice.number == f"{series}/{'0002' if series == '2026-27' else '0001'}"
        assert invoice.issued_on == moment.date()
