"""A lead renews in a real browser: in Welsh after the grace period (the library is the "renew" page,
a budget that is not understood is explained, renewing brings the library back at once), and in
English during the grace period (the notice on every portal page goes once renewed).

The live server runs in this process, so clock.frozen_at moves its clock too; each journey uses an
organisation of its own, made here, so no other test sees its renewal.
"""
import io
import re
from decimal import Decimal
from pathlib import Path

from playwright.sync_api import expect
from pypdf import PdfReader

from page_checks import axe_violations
from renewal_helpers import at
from wscn_site import clock

PASSWORD = "cennin pedr a chregyn 2027"


def lead_of_new_member(live_site, name, email, lang):
    """An organisation that was a member last financial year (2026-27) only, and its lead."""
    from wscn_site.extensions import db
    from wscn_site.models import Membership, Organisation, User

    with live_site.app.app_context():
        org = Organisation(name_en=name, name_cy=f"Cyngor {name}", kind="local-authority", budget_band="medium",
                           memberships=[Membership(year=2026, status="member", budget=Decimal(250), band="medium",
                                                   fee_pence=1_000_000)])
        lead = User(email=email, name="Gwenllïan Ŷ", role="lead", language=lang, organisation=org)
        lead.set_password(PASSWORD)
        db.session.add_all([org, lead])
        db.session.commit()


def log_in(page, lang, email):
    page.goto("/cy/cyfrif/mewngofnodi" if lang == "cy" else "/en/account/login")
    page.get_by_label("Cyfeiriad e-bost" if lang == "cy" else "Email address").fill(email)
    page.get_by_label("Cyfrinair" if lang == "cy" else "Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Mewngofnodi" if lang == "cy" else "Log in", exact=True).click()


def test_a_welsh_lead_renews_after_the_grace_period_and_the_library_comes_back(page, live_site):
    lead_of_new_member(live_site, "Renewing Council", "arweinydd@renewing.example", "cy")
    with clock.frozen_at(at(2027, 5, 10, 9, 30)):
        log_in(page, "cy", "arweinydd@renewing.example")
        expect(page.get_by_role("heading", level=1)).to_have_text("Porth yr aelodau")
        page.goto("/cy/aelodau/llyfrgell")
        expect(page.get_by_role("heading", level=1)).to_have_text("Adnewyddu aelodaeth eich sefydliad")
        expect(page.locator("main")).to_contain_text("Nid yw Cyngor Renewing Council wedi adnewyddu ei aelodaeth")
        expect(page.locator("main")).not_to_contain_text("IOM Cymru")
        page.locator("main").get_by_role("link", name="Adnewyddu aelodaeth eich sefydliad").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Adnewyddwch aelodaeth eich sefydliad ar gyfer 2027–28")
        budget = page.get_by_label("Cyllideb flynyddol eich sefydliad, mewn miliynau o bunnoedd")
        expect(budget).to_have_value("250")
        assert axe_violations(page, "renew (cy)") == []
        budget.fill("llawer iawn")
        page.get_by_role("button", name="Adnewyddu ar gyfer 2027–28").click()
        summary = page.locator(".error-summary")
        expect(summary).to_be_focused()
        expect(summary).to_contain_text("Mae problem wedi codi")
        assert page.title().startswith("Gwall:")
        expect(budget).to_have_value("llawer iawn")

        budget.fill("£450m")
        page.get_by_label("Rhif yr archeb brynu (dewisol)").fill("AB-2027-ŵŷ")
        page.get_by_role("button", name="Adnewyddu ar gyfer 2027–28").click()
        expect(page.get_by_role("status").first).to_contain_text(
            "Mae aelodaeth eich sefydliad wedi'i hadnewyddu ar gyfer 2027–28.")
        main = page.locator("main")
        expect(main).to_contain_text("£12,500")
        expect(main).to_contain_text("AB-2027-ŵŷ")
        assert re.search(r"Anfoneb 2027-28/\d{4}, a gyhoeddwyd ar 10 Mai 2027", main.inner_text())

        page.goto("/cy/aelodau/llyfrgell")
        expect(page.get_by_role("heading", level=1)).to_have_text("Llyfrgell adnoddau")
        expect(page.locator("main")).to_contain_text("Papur briffio IOM Cymru (enghraifft)")


def test_an_english_lead_renews_in_the_grace_period_and_the_notice_goes(page, live_site):
    lead_of_new_member(live_site, "Graceful Council", "lead@graceful.example", "en")
    notice = "Your organisation's membership for 2027–28 has not been renewed."
    with clock.frozen_at(at(2027, 4, 20, 14, 0)):
        log_in(page, "en", "lead@graceful.example")
        for path in ("/en/members/", "/en/members/library"):
            page.goto(path)
            expect(page.locator("main")).to_contain_text(notice)
            expect(page.locator("main")).to_contain_text("You keep access to the members' portal until 30 April 2027.")
        expect(page.locator("main")).to_contain_text("IOM Cymru briefing (demo)")
        page.locator("main").get_by_role("link", name="Renew your organisation's membership").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Renew your organisation's membership for 2027–28")
        page.get_by_role("button", name="Renew for 2027–28").click()
        expect(page.get_by_role("status").first).to_contain_text("Your organisation's membership is renewed for 2027–28.")
        expect(page.locator("main")).to_contain_text("£10,000")
        with page.expect_download() as download:
            page.locator("main").get_by_role("link", name="Download the invoice (PDF)").click()
        pdf = Path(download.value.path()).read_bytes()
        assert pdf.startswith(b"%PDF") and download.value.suggested_filename.startswith("invoice-")
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        assert "Graceful Council" in text and "£10,000" in text
        page.goto("/en/members/library")
        expect(page.locator("main")).not_to_contain_text(notice)
        expect(page.locator("main")).to_contain_text("IOM Cymru briefing (demo)")
