"""Staff review of membership applications: the queue, approving (organisation, membership for the
covered years, the lead's invitation and the invoice, all or nothing), asking for more information and
declining, each emailed to the applicant in their language and audited."""
from datetime import datetime

import pytest
import sqlalchemy as sa

from application_steps import apply, rows
from factories import log_in, user
from helpers import visible_text
from staff_helpers import post_form
from wscn_site import clock
from wscn_site.extensions import db
from wscn_site.models import (AuditEntry, Invoice, Membership, MembershipApplication, Organisation, OutboxMessage,
                              User)

pytestmark = pytest.mark.db
JANUARY = datetime(2027, 1, 5, 10, 0, tzinfo=clock.LONDON)  # after 1 January: covers 2026-27 and 2027-28
NOVEMBER = datetime(2026, 11, 5, 10, 0, tzinfo=clock.LONDON)
PAGE = "/en/staff/applications/{}"


@pytest.fixture
def staff_client(app):
    with app.app_context():
        user("staff@example.org", role="staff", language="en")
        db.session.commit()
    return logged_in(app)


def logged_in(app):
    client = app.test_client()
    assert log_in(client, "staff@example.org").status_code == 302
    return client


def applied(app, when=NOVEMBER, **fields):
    with clock.frozen_at(when):
        assert apply(app.test_client(), "cy", **fields).status_code == 200
    return rows(app, MembershipApplication)[-1].id


def outbox(app, recipient):
    return rows(app, OutboxMessage, OutboxMessage.recipient == recipient)


def test_the_queue_shows_each_application_with_its_band_and_fee_in_both_languages(app, staff_client):
    applied(app)
    applied(app, kind="third-sector", budget="", name_en="Example Charity", name_cy="Elusen Enghreifftiol",
            lead_email="elusen@example.org")
    english = visible_text(staff_client.get("/en/staff/applications").text)
    assert "Isle of Anglesey County Council" in english and "£200 million to £400 million" in english
    assert "£10,000" in english and "None: staff set the fee" in english and "Waiting for a decision (2)" in english
    welsh = visible_text(staff_client.get("/cy/staff/ceisiadau").text)
    assert "Cyngor Sir Ynys Môn" in welsh and "Dim: staff sy'n pennu'r ffi" in welsh and "£10,000" in welsh


def test_only_staff_see_the_queue(app, portal):
    assert app.test_client().get("/en/staff/applications").status_code == 302  # to the log-in page
    member = app.test_client()
    log_in(member, portal.users["member"].email)
    assert member.get("/en/staff/applications").status_code == 404
    assert member.get("/cy/staff/ceisiadau/1").status_code == 404


def test_approving_creates_the_organisation_its_years_the_lead_invitation_and_the_invoice(app, staff_client):
    application_id = applied(app, when=JANUARY, po_reference="PO-123")
    with clock.frozen_at(JANUARY.replace(day=6)):
        staff_client = logged_in(app)  # a session started on the day
        response = post_form(staff_client, PAGE.format(application_id) + "/approve",
                             token_from=PAGE.format(application_id))
        page = visible_text(staff_client.get(response.location).text)
    assert "The application is approved: Isle of Anglesey County Council is a member" in page
    assert "Invoice 2026-27/0001 has been issued." in page
    [organisation] = rows(app, Organisation)
    assert (organisation.name_cy, organisation.kind, organisation.budget_band) == (
        "Cyngor Sir Ynys Môn", "local-authority", "medium")
    assert (organisation.invoice_language, organisation.finance_email) == ("both", "cyllid@ynysmon.example")
    years = {m.year: m for m in rows(app, Membership)}
    assert sorted(years) == [2026, 2027] and {m.status for m in years.values()} == {"member"}
    assert (years[2026].fee_pence, years[2027].fee_pence) == (0, 1_000_000)
    assert years[2027].band == "medium" and years[2027].po_reference == "PO-123"
    [lead] = rows(app, User, User.email == "sian.wyn@ynysmon.example")
    assert (lead.role, lead.language, lead.organisation_id, lead.password_hash) == ("lead", "cy", organisation.id, None)
    [invitation] = [m for m in outbox(app, lead.email) if m.kind == "invitation"]
    assert invitation.subject == "Gwahoddiad i borth yr aelodau" and "/cy/" in invitation.text_body
    [invoice] = rows(app, Invoice)
    assert (invoice.number, invoice.year, invoice.amount_pence, invoice.po_reference) == (
        "2026-27/0001", 2027, 1_000_000, "PO-123")
    [application] = rows(app, MembershipApplication)
    assert (application.status, application.organisation_id) == ("approved", organisation.id)
    [entry] = rows(app, AuditEntry, AuditEntry.action == "application.approve")
    assert '"invoice": "2026-27/0001"' in entry.details and '"years": [2026, 2027]' in entry.details
    audit_page = visible_text(staff_client.get("/en/staff/audit").text)
    assert "Approved a membership application" in audit_page and "Membership years: 2026–27, 2027–28" in audit_page


def test_an_unbanded_application_needs_the_fee_and_a_zero_fee_issues_no_invoice(app, staff_client):
    application_id = applied(app, kind="police", budget="", lead_language="en")
    page = PAGE.format(application_id)
    assert "This kind of organisation has no fee band" in visible_text(staff_client.get(page).text)
    refused = post_form(staff_client, page + "/approve", {"fee": ""}, token_from=page)
    assert refused.status_code == 200 and "<title>Error:" in refused.text
    assert "Enter the annual fee in pounds, or 0 for no fee" in visible_text(refused.text)
    assert rows(app, Organisation) == []
    approved = post_form(staff_client, page + "/approve", {"fee": "0"}, token_from=page)
    assert approved.status_code == 302
    [membership] = rows(app, Membership)
    assert membership.fee_pence == 0 and membership.band is None
    assert rows(app, Invoice) == []
    assert '"invoice": "nothing-owed"' in rows(app, AuditEntry, AuditEntry.action == "application.approve")[0].details


def test_an_unbanded_fee_set_by_staff_is_invoiced(app, staff_client):
    application_id = applied(app, kind="third-sector", budget="", lead_language="en")
    page = PAGE.format(application_id)
    post_form(staff_client, page + "/approve", {"fee": "£1,500"}, token_from=page)
    [invoice] = rows(app, Invoice)
    assert invoice.amount_pence == 150_000


def test_purchase_order_required_at_approval_holds_the_invoice_until_the_number_is_given(app, staff_client):
    held_id = applied(app)  # no purchase-order number in the application
    page = PAGE.format(held_id)
    form = visible_text(staff_client.get(page).text)
    assert "Its invoices need a purchase-order number" in form and "the invoice is held until it is entered" in form
    assert "Mae angen rhif archeb brynu ar ei anfonebau" in visible_text(
        staff_client.get(f"/cy/staff/ceisiadau/{held_id}").text)
    response = post_form(staff_client, page + "/approve", {"po_required": "yes"}, token_from=page)
    shown = visible_text(staff_client.get(response.location).text)
    assert "The invoice is held until the purchase-order number is entered" in shown
    assert "has been issued" not in shown
    [organisation] = rows(app, Organisation)
    assert organisation.po_required is True and rows(app, Invoice) == []
    [entry] = rows(app, AuditEntry, AuditEntry.action == "application.approve")
    assert '"po_required": true' in entry.details and '"invoice": "awaiting-po"' in entry.details

    given_id = applied(app, name_en="Example Borough Council", name_cy="Cyngor Bwrdeistref Enghreifftiol",
                       lead_email="lead@example-borough.example", po_reference="PO-77")
    page = PAGE.format(given_id)
    post_form(staff_client, page + "/approve", {"po_required": "yes"}, token_from=page)
    [invoice] = rows(app, Invoice)  # the number came with the application: issued at once
    assert invoice.po_reference == "PO-77"
    assert rows(app, Organisation)[-1].po_required is True


def test_without_the_box_ticked_the_organisation_needs_no_purchase_order(app, staff_client):
    application_id = applied(app)
    page = PAGE.format(application_id)
    post_form(staff_client, page + "/approve", token_from=page)
    assert rows(app, Organisation)[0].po_required is False and len(rows(app, Invoice)) == 1


def test_possible_duplicates_are_flagged_in_the_queue_and_on_the_application(app, staff_client):
    first = applied(app)
    second = applied(app, lead_email="someone.else@ynysmon.example")  # the same council, again
    for application_id in (first, second):
        page = visible_text(staff_client.get(PAGE.format(application_id)).text)
        assert "Possible duplicate: other open applications name the same organisation" in page
    queue = staff_client.get("/en/staff/applications").text
    assert visible_text(queue).count("Possible duplicate") == 2
    post_form(staff_client, PAGE.format(first) + "/approve", token_from=PAGE.format(first))
    third = applied(app, lead_email="third@ynysmon.example")  # now a member by that name
    page = visible_text(staff_client.get(PAGE.format(third)).text)
    assert "Possible duplicate: Isle of Anglesey County Council is already a member." in page
    welsh = visible_text(staff_client.get(f"/cy/staff/ceisiadau/{third}").text)
    assert "Dyblygiad posibl: mae Cyngor Sir Ynys Môn eisoes yn aelod." in welsh


def test_a_lead_whose_address_has_an_account_is_refused_and_nothing_is_created(app, staff_client):
    application_id = applied(app)
    with app.app_context():
        user("sian.wyn@ynysmon.example")
        db.session.commit()
    page = PAGE.format(application_id)
    response = post_form(staff_client, page + "/approve", token_from=page)
    assert "already has an account" in visible_text(staff_client.get(response.location).text)
    assert rows(app, Organisation) == [] and rows(app, Invoice) == []
    assert rows(app, MembershipApplication)[0].status == "pending"


def test_a_database_fault_at_approval_is_not_reported_as_an_existing_account(app, staff_client):
    """Only a clash on the lead's address is a refusal to show staff; any other constraint (here, a
    counter set back under an issued number) is a fault, raised, with nothing of the approval kept."""
    from sqlalchemy.exc import IntegrityError

    from wscn_site.membership import review_operations
    from wscn_site.models import InvoiceCounter

    first = applied(app)
    post_form(staff_client, PAGE.format(first) + "/approve", token_from=PAGE.format(first))
    second = applied(app, name_en="Example Borough Council", name_cy="Cyngor Bwrdeistref Enghreifftiol",
                     lead_email="lead@example-borough.example")
    with app.app_context():
        db.session.execute(sa.update(InvoiceCounter).values(last=0))
        db.session.commit()
    with app.test_request_context("/en/"):
        staff = db.session.execute(sa.select(User).where(User.email == "staff@example.org")).scalar_one()
        with pytest.raises(IntegrityError):
            review_operations.approve(db.session.get(MembershipApplication, second), staff)
    assert len(rows(app, Organisation)) == 1 and len(rows(app, Invoice)) == 1
    assert rows(app, MembershipApplication, MembershipApplication.id == second)[0].status == "pending"
    assert rows(app, User, User.email == "lead@example-borough.example") == []


def test_an_approval_that_fails_part_way_leaves_nothing_behind(app, staff_client):
    """The invoice step fails (its counter table is gone): no organisation, membership, account,
    invitation or audit entry survives, and the application is still open."""
    application_id = applied(app)
    emails_before = len(rows(app, OutboxMessage))
    with app.app_context():
        db.session.execute(sa.text("DROP TABLE invoice_counter"))
        db.session.commit()
    app.config["PROPAGATE_EXCEPTIONS"] = False
    page = PAGE.format(application_id)
    assert post_form(staff_client, page + "/approve", token_from=page).status_code in (500, 503)
    assert rows(app, Organisation) == [] and rows(app, Membership) == []
    assert rows(app, User, User.email == "sian.wyn@ynysmon.example") == []
    assert len(rows(app, OutboxMessage)) == emails_before
    assert rows(app, AuditEntry, AuditEntry.action == "application.approve") == []
    assert rows(app, MembershipApplication)[0].status == "pending"


def test_asking_for_information_and_declining_email_the_applicant_in_their_language(app, staff_client):
    application_id = applied(app)
    page = PAGE.format(application_id)
    empty = post_form(staff_client, page + "/needs-information", {"info-message": ""}, token_from=page)
    assert empty.status_code == 200 and "Enter the message to the applicant" in visible_text(empty.text)
    assert "short introduction in Welsh, their chosen language" in visible_text(empty.text)
    asked = post_form(staff_client, page + "/needs-information",
                      {"info-message": "Beth yw cyllideb y llynedd? <b>Diolch</b>"}, token_from=page)
    assert "Your message has been emailed to sian.wyn@ynysmon.example." in visible_text(
        staff_client.get(asked.location).text)
    question = outbox(app, "sian.wyn@ynysmon.example")[-1]
    assert question.language == "cy" and question.subject == "Mae angen rhagor o wybodaeth arnom am eich cais"
    assert "Beth yw cyllideb y llynedd? <b>Diolch</b>" in question.text_body
    assert "&lt;b&gt;Diolch&lt;/b&gt;" in question.html_body
    assert rows(app, MembershipApplication)[0].status == "needs-info"

    post_form(staff_client, page + "/decline", {"decline-message": "Nid yw'r sefydliad yn gymwys."}, token_from=page)
    declined = outbox(app, "sian.wyn@ynysmon.example")[-1]
    assert declined.subject == "Eich cais i ymuno â'r Rhwydwaith" and "Nid yw'r sefydliad yn gymwys." in declined.text_body
    assert rows(app, MembershipApplication)[0].status == "declined"
    again = post_form(staff_client, page + "/approve", token_from="/en/staff/applications")
    assert "Someone has already decided on this application." in visible_text(staff_client.get(again.location).text)
    assert rows(app, Organisation) == []
    assert [e.action for e in rows(app, AuditEntry)] == [
        "application.submit", "application.needs_info", "application.decline"]


def test_each_status_of_the_queue_lists_its_applications(app, staff_client):
    names = {"needs-info": ("Asked Council", "Cyngor Holi"), "approved": ("Approved Council", "Cyngor Derbyn"),
             "declined": ("Declined Council", "Cyngor Gwrthod"), "pending": ("Waiting Council", "Cyngor Aros")}
    ids = {status: applied(app, name_en=en, name_cy=cy, lead_email=f"{status}@council.example")
           for status, (en, cy) in names.items()}
    page = PAGE.format(ids["needs-info"])
    post_form(staff_client, page + "/needs-information", {"info-message": "Pa gyllideb?"}, token_from=page)
    page = PAGE.format(ids["approved"])
    post_form(staff_client, page + "/approve", token_from=page)
    page = PAGE.format(ids["declined"])
    post_form(staff_client, page + "/decline", {"decline-message": "Nid yw'n gymwys."}, token_from=page)
    for status, (en, cy) in names.items():
        listed = visible_text(staff_client.get(f"/en/staff/applications?status={status}").text)
        assert en in listed and [other for other, _ in names.values() if other != en and other in listed] == []
        assert cy in visible_text(staff_client.get(f"/cy/staff/ceisiadau?status={status}").text)
    counts = visible_text(staff_client.get("/en/staff/applications").text)
    assert "Waiting for a decision (1)" in counts


def test_the_staff_pages_exist_in_welsh(app, staff_client):
    application_id = applied(app)
    page = staff_client.get(f"/cy/staff/ceisiadau/{application_id}")
    assert page.status_code == 200
    text = visible_text(page.text)
    assert "Cais gan Cyngor Sir Ynys Môn" in text and "Cymeradwyo'r cais" in text and "Gwrthod y cais" in text


def test_the_demo_data_has_applications_waiting_for_staff(demo_app):
    client = demo_app.test_client()
    assert log_in(client, *demo_app.logins["staff"]).status_code == 302
    text = visible_text(client.get("/en/staff/applications").text)
    assert "Example North County Council (demo)" in text and "Example Community Safety Charity (demo)" in text
    assert "Waiting for a decision (2)" in text
    assert "Cyngor Sir Enghreifftiol y Gogledd (enghraifft)" in visible_text(client.get("/cy/staff/ceisiadau").text)


def test_without_the_invoice_issuers_details_an_approval_is_refused_whole(app, staff_client, tmp_path, monkeypatch):
    monkeypatch.setenv("WSCN_INVOICE_ISSUER_FILE", str(tmp_path / "missing.yml"))
    application_id = applied(app)
    page = PAGE.format(application_id)
    app.config["PRODUCTION"] = True  # only the issuer's check reads it after start-up
    response = post_form(staff_client, page + "/approve", token_from=page)
    app.config["PRODUCTION"] = False
    assert "invoicing details (address, payment details) have not been set up" in visible_text(
        staff_client.get(response.location).text)
    assert rows(app, Organisation) == [] and rows(app, Invoice) == [] and rows(app, Membership) == []
    assert rows(app, MembershipApplication)[0].status == "pending"
