"""Renewing in the portal, the grace period after 31 March and what lapsing takes away (and keeps);
staff ending a membership. Dates are London days, moved with clock.frozen_at."""
import pytest
import sqlalchemy as sa

from factories import log_in, resource, user
from helpers import visible_text
from renewal_helpers import at, member_org, outbox
from staff_helpers import post_form
from wscn_site import clock
from wscn_site.access import is_entitled, standing
from wscn_site.extensions import db
from wscn_site.models import AuditEntry, Invoice, Membership, Organisation, User

pytestmark = pytest.mark.db
LEAD, MEMBER, STAFF = "lead@council.example", "member@council.example", "staff@network.example"
RENEW = {"en": "/en/members/renew", "cy": "/cy/aelodau/adnewyddu"}
LIBRARY = {"en": "/en/members/library", "cy": "/cy/aelodau/llyfrgell"}


@pytest.fixture
def council(app):
    """Example Council, a member in 2026-27 (budget £250m, medium band), with its lead (Welsh),
    a member, Network staff and a members' resource; returns its id."""
    with app.app_context():
        org = member_org("Example Council", lead=LEAD, members=[MEMBER])
        user(STAFF, role="staff")
        resource("IOM Cymru briefing")
        db.session.commit()
        return org.id


def client_of(app, email, lang="en"):
    client = app.test_client()
    assert log_in(client, email, lang=lang).status_code == 302
    return client


def memberships(app, org_id):
    with app.app_context():
        return {m.year: (m.status, m.band, m.fee_pence, str(m.budget) if m.budget is not None else None)
                for m in db.session.get(Organisation, org_id).memberships}


def entitled(app, email):
    with app.app_context():
        return is_entitled(db.session.execute(sa.select(User).where(User.email == email)).scalar_one())


@pytest.mark.parametrize("moment, expected", [
    (at(2027, 3, 31, 23, 59), "member"), (at(2027, 4, 1, 0, 0), "grace"), (at(2027, 4, 30, 23, 59), "grace"),
    (at(2027, 5, 1, 0, 0), "lapsed")])
def test_access_follows_the_year_with_a_grace_period_after_31_march(app, council, moment, expected):
    with clock.frozen_at(moment):
        with app.app_context():
            assert standing(db.session.get(Organisation, council)) == expected
        assert entitled(app, MEMBER) is (expected != "lapsed")
        assert entitled(app, STAFF)


def test_the_grace_period_is_configurable(make_app):
    app = make_app(MEMBERSHIP_GRACE_DAYS=0)
    with app.app_context():
        member_org("Strict Council", members=[MEMBER])
        db.session.commit()
    with clock.frozen_at(at(2027, 4, 1, 0, 0)):
        assert not entitled(app, MEMBER)


def test_in_the_grace_period_every_portal_page_says_renew_in_the_readers_language(app, council):
    with clock.frozen_at(at(2027, 4, 10, 9, 0)):
        member, lead = client_of(app, MEMBER), client_of(app, LEAD, "cy")
        for path in ("/en/members/", LIBRARY["en"]):
            page = visible_text(member.get(path).text)
            assert "Your organisation's membership for 2027–28 has not been renewed." in page
            assert "You keep access to the members' portal until 30 April 2027." in page
            assert "Ask your organisation's lead to renew it" in page
        assert "IOM Cymru briefing" in member.get(LIBRARY["en"]).text  # still there
        page = lead.get("/cy/aelodau/").text
        assert "Nid yw aelodaeth eich sefydliad ar gyfer 2027–28 wedi'i hadnewyddu." in visible_text(page)
        assert "tan 30 Ebrill 2027" in visible_text(page) and 'href="/cy/aelodau/adnewyddu"' in page
        assert "has not been renewed" not in member.get("/en/").text  # public pages: no notice
    with clock.frozen_at(at(2027, 3, 10, 9, 0)):
        assert "has not been renewed" not in client_of(app, MEMBER).get("/en/members/").text


def test_after_the_grace_period_the_library_is_the_renew_page_and_nothing_is_deleted(app, council):
    with clock.frozen_at(at(2027, 5, 2, 9, 0)):
        member, lead = client_of(app, MEMBER), client_of(app, LEAD, "cy")
        response = member.get(LIBRARY["en"])
        assert response.status_code == 200 and "IOM Cymru briefing" not in response.text
        page = visible_text(response.text)
        assert "Example Council has not renewed its membership" in page
        assert "Ask your organisation's lead to renew it in the members' portal:" in page and "Lead of Example Council" in page
        welsh = lead.get(LIBRARY["cy"]).text
        assert '<html lang="cy">' in welsh and "Nid yw Cyngor Example Council wedi adnewyddu ei aelodaeth" in welsh
        assert 'href="/cy/aelodau/adnewyddu"' in welsh and 'hreflang="en" href="https://safercommunities.example/en/members/library"' in welsh
        assert "IOM Cymru briefing" not in lead.get("/cy/aelodau/").text

        response = post_form(lead, RENEW["cy"], {"budget": "£180m", "po_reference": ""})
        assert response.status_code == 302
        assert "IOM Cymru briefing" in lead.get(LIBRARY["cy"]).text  # at once
        assert "IOM Cymru briefing" in member.get(LIBRARY["en"]).text
    assert memberships(app, council)[2027] == ("member", "small", 750_000, "180.00")
    with app.app_context():
        assert db.session.execute(sa.select(sa.func.count()).select_from(User)).scalar_one() == 3


def test_what_an_organisation_owns_is_hidden_while_it_has_lapsed_and_back_when_it_renews(app, council):
    """A request for support of a lapsed organisation is kept, unseen, and shown again to its people
    as soon as the lead renews. Its event bookings stay on its bookings page throughout: events are
    open to organisations that are not members too (at the full price)."""
    from types import SimpleNamespace

    from booking_helpers import event, place_at
    from wscn_site.models import SupportRequest

    with clock.frozen_at(at(2027, 5, 2, 9, 0)):
        with app.app_context():
            lead_id = db.session.execute(sa.select(User.id).where(User.email == LEAD)).scalar_one()
            event_id = event(days=20)
            place_at(event_id, SimpleNamespace(id=council, people=[SimpleNamespace(id=lead_id)]), MEMBER,
                     name="Megan Member")
            support = SupportRequest(organisation_id=council, opened_by_id=lead_id, kind="governance",
                                     description="Help with our terms of reference", language="en", status="new")
            db.session.add(support)
            db.session.commit()
            support_id = support.id
        member, lead = client_of(app, MEMBER), client_of(app, LEAD, "cy")
        assert "Megan Member" in member.get("/en/members/bookings").text
        hidden = member.get(f"/en/members/support/{support_id}")
        assert hidden.status_code == 404 and "Help with our terms of reference" not in hidden.text
        assert post_form(lead, RENEW["cy"], {"budget": "£250m", "po_reference": ""}).status_code == 302
        assert "Megan Member" in member.get("/en/members/bookings").text
        page = member.get(f"/en/members/support/{support_id}")
        assert page.status_code == 200 and "Help with our terms of reference" in page.text


def test_the_lead_renews_for_next_year_from_1_january_and_gets_the_invoice(app, council):
    with clock.frozen_at(at(2026, 12, 31, 12, 0)):
        lead = client_of(app, LEAD)
        page = visible_text(lead.get(RENEW["en"]).text)
        assert "You can renew it for 2027–28 from 1 January 2027." in page and "Renew for" not in page
        post_form(lead, RENEW["en"], {"budget": "250"})
        assert 2027 not in memberships(app, council)
        assert "Your organisation can now renew" not in lead.get("/en/members/").text
    with clock.frozen_at(at(2027, 1, 15, 10, 0)):
        lead = client_of(app, LEAD)
        assert "Your organisation can now renew its membership for 2027–28." in lead.get("/en/members/").text
        page = lead.get(RENEW["en"]).text
        assert 'value="250"' in page and "Renew for 2027–28" in page
        response = post_form(lead, RENEW["en"], {"budget": "£450m", "po_reference": "PO-2027-ŵ"})
        assert response.status_code == 302
        page = visible_text(lead.get(RENEW["en"]).text)
        assert "Your organisation's membership is renewed for 2027–28." in page
        assert "Invoice 2026-27/0001, issued on 15 January 2027" in page and "£12,500" in page
        assert "Over £400 million" in page and "PO-2027-ŵ" in page
        assert post_form(lead, RENEW["en"], {"budget": "100"}).status_code == 302  # twice: refused, nothing added
    assert memberships(app, council)[2027] == ("member", "large", 1_250_000, "450.00")
    with app.app_context():
        invoice = db.session.execute(sa.select(Invoice)).scalar_one()
        assert (invoice.number, invoice.year, invoice.amount_pence, invoice.po_reference) == (
            "2026-27/0001", 2027, 1_250_000, "PO-2027-ŵ")
        entry = db.session.execute(sa.select(AuditEntry).where(AuditEntry.action == "membership.renew")).scalar_one()
        assert '"invoice": "2026-27/0001"' in entry.details
    (recipient, lang, subject, text), = outbox(app)
    assert (recipient, lang, subject) == (LEAD, "cy", "Mae aelodaeth eich sefydliad wedi'i hadnewyddu")
    assert "Mae anfoneb 2026-27/0001 wedi'i chyhoeddi" in text and "£12,500" in text


@pytest.mark.parametrize("lang, typed, message", [
    ("en", "lots", "Enter the budget as a number of millions of pounds"),
    ("cy", "", "Rhowch gyllideb eich sefydliad mewn miliynau o bunnoedd"),
    ("cy", "-5", "Rhaid i'r gyllideb fod yn fwy na £0 miliwn"),
    ("cy", "250000", "neu mewn punnoedd yn llawn")])
def test_a_budget_that_is_not_understood_is_explained_and_kept(app, council, lang, typed, message):
    with clock.frozen_at(at(2027, 2, 1, 10, 0)):
        lead = client_of(app, LEAD, lang)
        response = post_form(lead, RENEW[lang], {"budget": typed, "po_reference": "PO 7"})
    assert response.status_code == 200
    page = response.text
    assert ("Gwall:" if lang == "cy" else "Error:") in page.split("</title>")[0]
    assert ("Mae problem wedi codi" if lang == "cy" else "There is a problem") in page
    assert message in page and f'value="{typed}"' in page.replace('value=""', 'value=""') and 'value="PO 7"' in page
    assert 2027 not in memberships(app, council)


def test_a_budget_in_pounds_is_understood_as_on_the_application_form(app, council):
    with clock.frozen_at(at(2027, 2, 1, 10, 0)):
        lead = client_of(app, LEAD)
        assert post_form(lead, RENEW["en"], {"budget": "£450,000,000", "po_reference": ""}).status_code == 302
    assert memberships(app, council)[2027] == ("member", "large", 1_250_000, "450.00")


def test_a_purchase_order_holds_the_invoice_and_unbanded_kinds_keep_their_agreed_fee(app):
    with app.app_context():
        held = member_org("Held Council", lead="held@council.example", lead_language="en")
        held.po_required = True
        member_org("Third Sector Cymru", lead="lead@third.example", lead_language="en", kind="third-sector",
                   fee_pence=0)
        db.session.commit()
    with clock.frozen_at(at(2027, 2, 1, 10, 0)):
        lead = client_of(app, "held@council.example")
        post_form(lead, RENEW["en"], {"budget": "300"})
        assert "The invoice will be issued when the Network has your purchase-order number." in lead.get(RENEW["en"]).text
        third = client_of(app, "lead@third.example")
        page = third.get(RENEW["en"]).text
        assert 'name="budget"' not in page and "fee stays as agreed" in page
        post_form(third, RENEW["en"], {})
        assert "There is no fee to pay." in third.get(RENEW["en"]).text
    with app.app_context():
        assert db.session.execute(sa.select(Invoice)).first() is None
        rows = db.session.execute(sa.select(Membership).where(Membership.year == 2027)).scalars().all()
        assert {(r.band, r.fee_pence) for r in rows} == {("medium", 1_000_000), (None, 0)}


def test_only_the_lead_may_renew(app, council):
    with app.app_context():
        other = member_org("Other Council", lead="lead@other.example")
        db.session.commit()
        other_id = other.id
    with clock.frozen_at(at(2027, 2, 1, 10, 0)):
        assert app.test_client().get(RENEW["en"]).status_code == 302  # to log in
        assert client_of(app, MEMBER).get(RENEW["en"]).status_code == 404
        assert client_of(app, STAFF).get(RENEW["en"]).status_code == 404
        other_lead = client_of(app, "lead@other.example")
        post_form(other_lead, RENEW["en"], {"budget": "100"})
    assert 2027 not in memberships(app, council) and 2027 in memberships(app, other_id)


def test_staff_end_a_membership_with_a_reason_and_access_ends_at_once(app, council):
    path = f"/en/staff/organisations/{council}/end-membership"
    with clock.frozen_at(at(2026, 12, 1, 10, 0)):
        staff = client_of(app, STAFF)
        assert client_of(app, MEMBER).get(path).status_code == 404
        response = post_form(staff, path, {"reason": ""})
        assert "Enter why the membership ends" in response.text and "Error:" in response.text
        welsh = staff.get(f"/cy/staff/sefydliadau/{council}/dod-ag-aelodaeth-i-ben").text
        assert "Dod ag aelodaeth Cyngor Example Council i ben" in welsh
        assert post_form(staff, path, {"reason": "Left the Network — ŵ"}).status_code == 302
        assert not entitled(app, MEMBER)
        page = staff.get(f"/en/staff/organisations/{council}").text
        assert "Ended on 1 December 2026: Left the Network — ŵ" in page
        lead = client_of(app, LEAD)
        assert "The Network has ended your organisation's membership" in lead.get(LIBRARY["en"]).text
    with clock.frozen_at(at(2027, 2, 1, 10, 0)):
        lead = client_of(app, LEAD)
        post_form(lead, RENEW["en"], {"budget": "100"})
        assert 2027 not in memberships(app, council)  # only staff restore it
    assert memberships(app, council)[2026][0] == "lapsed"
    with app.app_context():
        entry = db.session.execute(sa.select(AuditEntry).where(AuditEntry.action == "membership.end")).scalar_one()
        assert "Left the Network" in entry.details
        audit_page = staff.get("/en/staff/audit").text
    assert "Ended a membership" in audit_page and "Reason" in audit_page


def test_staff_can_end_a_membership_in_its_grace_period(app, council):
    with clock.frozen_at(at(2027, 4, 5, 10, 0)):
        assert entitled(app, MEMBER)
        staff = client_of(app, STAFF)
        post_form(staff, f"/en/staff/organisations/{council}/end-membership", {"reason": "Will not renew"})
        assert not entitled(app, MEMBER)
    assert memberships(app, council)[2027][0] == "lapsed"


def test_renewing_twice_at_once_adds_one_year(app, council):
    from wscn_site.audit import Refused
    from wscn_site.membership.renew_operations import renew
    from decimal import Decimal

    with app.app_context(), clock.frozen_at(at(2027, 2, 1, 10, 0)):
        lead = db.session.execute(sa.select(User).where(User.email == LEAD)).scalar_one()
        org = lead.organisation
        db.session.add(Membership(organisation_id=org.id, year=2027, status="member"))  # "another request"
        with pytest.raises(Refused) as refused:
            renew(org, lead, Decimal(100))
        assert refused.value.reason in ("renewed",)


def test_without_the_invoice_issuers_details_a_renewal_is_refused_whole_in_the_leads_language(
        app, council, tmp_path, monkeypatch, caplog):
    """In production with no issuer details no invoice can be made: the renewal is not kept either,
    the lead is told in Welsh, and the log says why."""
    monkeypatch.setenv("WSCN_INVOICE_ISSUER_FILE", str(tmp_path / "missing.yml"))
    with clock.frozen_at(at(2027, 2, 1, 10, 0)):
        lead = client_of(app, LEAD, "cy")
        app.config["PRODUCTION"] = True  # only the issuer's check reads it after start-up
        response = post_form(lead, RENEW["cy"], {"budget": "250", "po_reference": ""})
        app.config["PRODUCTION"] = False
        page = visible_text(lead.get(response.location).text)
    assert "Does dim modd cwblhau eich adnewyddiad ar-lein ar hyn o bryd" in page
    assert 2027 not in memberships(app, council)
    with app.app_context():
        assert db.session.execute(sa.select(sa.func.count(Invoice.id))).scalar_one() == 0
    assert "invoice issuer's details are not configured" in caplog.text
