"""The public application form, in both languages: what is recorded, the emails it causes, bad input,
duplicates, the honeypot and the rate limit."""
import json
from datetime import datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa

from application_steps import APPLY, application_data, apply, rows
from factories import organisation, user
from helpers import find_all, hreflang_links, html_lang, visible_text
from wscn_site import clock
from wscn_site.extensions import db
from wscn_site.models import AuditEntry, MembershipApplication, Organisation, OutboxMessage

pytestmark = pytest.mark.db


@pytest.fixture
def staff(app):
    with app.app_context():
        user("staff@example.org", role="staff", language="en")
        user("staff.cy@example.org", role="staff", language="cy")
        user("gone@example.org", role="staff", active=False)
        db.session.commit()


def test_the_form_exists_in_both_languages_and_each_links_to_the_other(client):
    english, welsh = client.get(APPLY["en"]), client.get(APPLY["cy"])
    assert english.status_code == welsh.status_code == 200
    assert html_lang(english.text) == "en" and html_lang(welsh.text) == "cy"
    assert hreflang_links(english.text)["cy"].endswith("/cy/aelodaeth/ymgeisio")
    assert "Gwneud cais i ymuno â'r Rhwydwaith" in visible_text(welsh.text)
    assert english.headers["Cache-Control"] == "no-store"
    assert find_all(english.text, "a", href="/en/privacy-and-cookies")


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_membership_page_links_to_the_form(client, lang):
    page = client.get("/en/membership" if lang == "en" else "/cy/aelodaeth")
    assert find_all(page.text, "a", href=APPLY[lang])


def test_the_form_shows_the_joining_rule_at_its_boundary(client):
    with clock.frozen_at(datetime(2026, 12, 31, 23, 59, tzinfo=clock.LONDON)):
        before = visible_text(client.get(APPLY["en"]).text)
    with clock.frozen_at(datetime(2027, 1, 1, 0, 0, tzinfo=clock.LONDON)):
        after = visible_text(client.get(APPLY["cy"]).text)
    assert "Applications received on or after 1 January 2027 also cover the whole of the next financial year" in before
    assert "If you apply today, your membership will cover 2026–27, until 31 March 2027." in before
    assert ("Os gwnewch gais heddiw, bydd eich aelodaeth yn cynnwys gweddill 2026–27 a'r cyfan o 2027–28, "
            "hyd at 31 Mawrth 2028.") in after


def test_an_application_is_recorded_with_its_band_and_fee_and_both_sides_are_emailed(app, client, staff):
    response = apply(client, "cy")
    assert response.status_code == 200
    assert "Cais wedi'i anfon" in visible_text(response.text)
    [application] = rows(app, MembershipApplication)
    assert (application.status, application.language, application.kind) == ("pending", "cy", "local-authority")
    assert (application.budget, application.band, application.fee_pence) == (Decimal("250.00"), "medium", 1_000_000)
    assert application.lead_email == "sian.wyn@ynysmon.example" and application.first_year == clock.financial_year()
    assert application.invoice_language == "both" and application.consent_at is not None
    emails = {m.recipient: m for m in rows(app, OutboxMessage)}
    assert set(emails) == {"sian.wyn@ynysmon.example", "staff@example.org", "staff.cy@example.org"}
    received = emails["sian.wyn@ynysmon.example"]
    assert received.language == "cy" and received.subject == "Rydym wedi cael eich cais i ymuno â'r Rhwydwaith"
    assert "Ffi aelodaeth: £10,000 y flwyddyn" in received.text_body
    assert "Cyngor Sir Ynys Môn" in received.text_body
    assert emails["staff@example.org"].subject == "New membership application"
    assert f"/en/staff/applications/{application.id}" in emails["staff@example.org"].text_body
    assert f"/cy/staff/ceisiadau/{application.id}" in emails["staff.cy@example.org"].text_body
    [entry] = rows(app, AuditEntry)
    assert entry.action == "application.submit" and entry.actor_id is None


@pytest.mark.parametrize("kind", ["police", "third-sector"])
def test_policing_and_the_third_sector_go_to_staff_without_a_band(app, client, kind):
    response = apply(client, "en", kind=kind, budget="", name_cy="", name_en="Example Charity", lead_language="en")
    assert response.status_code == 200 and "agree the fee with you" in visible_text(response.text)
    [application] = rows(app, MembershipApplication)
    assert (application.band, application.fee_pence, application.budget) == (None, None, None)
    [email] = rows(app, OutboxMessage)
    assert "Network staff will agree the fee with you." in email.text_body


@pytest.mark.parametrize("lang, typed, message", [
    ("en", "", "Enter your organisation's budget in millions of pounds, for example 250"),
    ("en", "about 250", "Enter the budget as a number of millions of pounds, for example 250 or 87.5"),
    ("en", "60,000", "Enter the budget in millions of pounds, for example 250, or in pounds in full, "
                     "for example 250,000,000"),
    ("cy", "60,000", "Rhowch y gyllideb mewn miliynau o bunnoedd, er enghraifft 250, neu mewn punnoedd yn llawn, "
                     "er enghraifft 250,000,000"),
])
def test_a_budget_that_cannot_be_understood_is_refused_clearly_and_what_was_typed_is_kept(
        app, client, lang, typed, message):
    response = apply(client, lang, budget=typed, lead_name="Rhiannon Ŷr")
    text = visible_text(response.text)
    assert response.status_code == 200 and message in text
    assert response.text.count(message) == 2  # in the summary and beside the field
    assert ("<title>Error:" if lang == "en" else "<title>Gwall:") in response.text
    if typed:
        assert find_all(response.text, "input", name="budget", value=typed)
    assert find_all(response.text, "input", name="lead_name", value="Rhiannon Ŷr")
    assert rows(app, MembershipApplication) == []


def test_every_missing_answer_is_named_in_the_page_language(app, client):
    data = {key: "" for key in application_data()} | {"consent": None, "kind": None, "lead_language": None}
    response = apply(client, "cy", **data)
    text = visible_text(response.text)
    for message in ("Rhowch enw'r sefydliad yn Gymraeg, yn Saesneg neu yn y ddwy iaith",
                    "Dewiswch y math o sefydliad", "Rhowch enw'r prif gyswllt",
                    "Rhowch gyfeiriad e-bost y prif gyswllt", "Dewiswch Gymraeg neu Saesneg",
                    "Cadarnhewch eich bod wedi darllen yr hysbysiad preifatrwydd"):
        assert message in text, message
    assert rows(app, MembershipApplication) == []


def test_a_filled_honeypot_gets_the_same_answer_and_nothing_is_kept(app, client, staff):
    response = apply(client, "en", website="http://spam.example")
    assert response.status_code == 200 and "Application sent" in visible_text(response.text)
    assert rows(app, MembershipApplication) == [] and rows(app, OutboxMessage) == []


def test_applications_from_one_address_are_limited(make_app):
    app = make_app(MEMBERSHIP_APPLY_LIMIT_PER_IP="2 per hour")
    client = app.test_client()
    assert apply(client, "en", budget="nonsense").status_code == 200  # a mistake does not count
    codes = [apply(client, "en", lead_email=f"person{n}@example.org").status_code for n in range(3)]
    assert codes == [200, 200, 429]
    assert len(rows(app, MembershipApplication)) == 2


def test_an_organisation_that_is_a_member_or_has_an_application_pending_is_flagged_not_refused(app, client, staff):
    with app.app_context():
        organisation("Isle of Anglesey County Council")
        db.session.commit()
        member_id = db.session.execute(sa.select(Organisation.id)).scalar_one()
    responses = [apply(client, "en", name_cy=""),  # the member's English name
                 apply(client, "cy", name_en="", name_cy="Cyngor Sir Ynys Môn"),
                 apply(client, "cy", name_en="", name_cy="cyngor sir  Ynys-Môn", lead_email="arall@ynysmon.example")]
    assert [r.status_code for r in responses] == [200, 200, 200]
    applications = rows(app, MembershipApplication)
    assert [a.duplicate_of_id for a in applications] == [member_id, None, None]
    entries = [json.loads(e.details) for e in rows(app, AuditEntry, AuditEntry.action == "application.submit")]
    assert [e["same_name_as"] for e in entries] == [[], [], [applications[1].id]]
    staff_emails = [m.text_body for m in rows(app, OutboxMessage, OutboxMessage.recipient == "staff@example.org")]
    assert "Possible duplicate: Isle of Anglesey County Council is already a member." in staff_emails[0]
    assert "Possible duplicate" not in staff_emails[1]
    assert "Possible duplicate: 1 other open application names the same organisation." in staff_emails[2]
