"""Joining the Network in a real browser: a Welsh-speaking applicant applies in Welsh (from the
membership page, with one mistake on the way), Network staff approve in the English staff tools, and
the lead receives the Welsh invitation from a real SMTP server, sets a password and reaches the portal."""
import re

from playwright.sync_api import expect

from browsing import emails_to
from test_portal_journeys import log_in

LEAD = "gwenno.wyn@sir-benfro.example"
ORGANISATION = ("Cyngor Sir Penfro ŵ ŷ", "Pembrokeshire County Council")
PASSWORD = "dyffryn teifi a'r preseli"


def test_a_welsh_applicant_applies_staff_approve_and_the_lead_reaches_the_portal(page, browser, live_site):
    page.goto("/cy/aelodaeth")
    page.get_by_role("link", name="gwnewch gais i ymuno â'r Rhwydwaith").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gwneud cais i ymuno â'r Rhwydwaith")
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    page.get_by_label("Enw'r sefydliad yn Gymraeg").fill(ORGANISATION[0])
    page.get_by_label("Enw'r sefydliad yn Saesneg").fill(ORGANISATION[1])
    page.get_by_label("Awdurdod lleol").check()
    page.get_by_label("Cyllideb flynyddol, mewn miliynau o bunnoedd").fill("llawer")
    page.get_by_label("Enw llawn").fill("Gwenno Wyn")
    page.get_by_label("Cyfeiriad e-bost", exact=True).fill(LEAD)
    page.get_by_role("group", name="Ym mha iaith y dylem ysgrifennu atynt?").get_by_label("Cymraeg").check()
    page.get_by_role("group", name="Iaith yr anfoneb").get_by_label("Dwyieithog, Cymraeg yn gyntaf").check()
    page.get_by_label(re.compile("^Rwyf wedi darllen yr hysbysiad preifatrwydd")).check()
    page.get_by_role("button", name="Anfon y cais").click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Rhowch y gyllideb fel nifer o filiynau o bunnoedd")
    assert page.title().startswith("Gwall:")
    expect(page.get_by_label("Enw'r sefydliad yn Gymraeg")).to_have_value(ORGANISATION[0])  # nothing typed is lost
    page.get_by_label("Cyllideb flynyddol, mewn miliynau o bunnoedd").fill("250,000,000")
    page.get_by_role("button", name="Anfon y cais").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cais wedi'i anfon")
    [received] = emails_to(live_site, LEAD)
    assert received["Subject"] == "Rydym wedi cael eich cais i ymuno â'r Rhwydwaith"
    assert "Ffi aelodaeth: £10,000 y flwyddyn" in received.get_body(("plain",)).get_content()

    staff = browser.new_context(base_url=live_site.base_url)
    tools = staff.new_page()
    log_in(tools, "en", *live_site.logins["staff"])
    tools.goto("/en/staff/")
    tools.locator("main").get_by_role("link", name=re.compile("^Membership applications")).click()
    tools.get_by_role("link", name=ORGANISATION[1]).click()
    expect(tools.get_by_role("heading", level=1)).to_have_text(f"Application from {ORGANISATION[1]}")
    expect(tools.locator("main")).to_contain_text("£200 million to £400 million")
    tools.get_by_role("button", name="Approve the application").click()
    expect(tools.get_by_role("status").first).to_contain_text("The application is approved")
    expect(tools.get_by_role("status").last).to_contain_text(re.compile(r"Invoice \d{4}-\d\d/\d{4} has been issued"))
    staff.close()

    invitation = emails_to(live_site, LEAD, seen=1)[-1]
    assert invitation["Subject"] == "Gwahoddiad i borth yr aelodau" and invitation["Content-Language"] == "cy"
    text = invitation.get_body(("plain",)).get_content()
    link = re.search(rf"{re.escape(live_site.base_url)}/cy/\S+", text).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Gosod eich cyfrinair")
    page.get_by_label("Cyfrinair newydd", exact=True).fill(PASSWORD)
    page.get_by_label("Cadarnhewch y cyfrinair newydd").fill(PASSWORD)
    page.get_by_role("button", name="Cadw'r cyfrinair").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Porth yr aelodau")
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.locator("main")).to_contain_text(ORGANISATION[0])
