"""Asking the Network for help in a real browser, in Welsh and in English: a member opens a peer-review
request with a file from the portal, Network staff reply in the staff tools, the member is emailed
a link (never the reply's text) by a real SMTP server, follows it and reads the reply."""
import re

import pytest
from playwright.sync_api import expect

from browsing import delivered_to, emails_to
from test_portal_journeys import log_in

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
WORDS = {
    "en": {"portal": "/en/members/", "link": "Ask the Network's team for help, and read your organisation's requests",
           "ask": "Ask for support", "kind": "Peer review of governance or community safety team structures",
           "describe": "Describe what you need", "language": "Which language would you like our help in?",
           "welsh": "Welsh", "files": "Files (optional)", "send": "Send the request", "sent": "Your request has been sent",
           "heading": r"Request (\d+): Peer review", "reply": "Your reply", "send reply": "Send the reply"},
    "cy": {"portal": "/cy/aelodau/", "link": "Gofyn i dîm y Rhwydwaith am help, a darllen ceisiadau eich sefydliad",
           "ask": "Gofyn am gymorth",
           "kind": "Adolygiad gan gymheiriaid o strwythurau llywodraethu neu dimau diogelwch cymunedol",
           "describe": "Disgrifiwch yr hyn sydd ei angen arnoch", "language": "Ym mha iaith yr hoffech gael ein help?",
           "welsh": "Cymraeg", "files": "Ffeiliau (dewisol)", "send": "Anfon y cais",
           "sent": "Mae eich cais wedi'i anfon", "heading": r"Cais (\d+): Adolygiad gan gymheiriaid",
           "reply": "Eich ateb", "send reply": "Anfon yr ateb"},
}


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_a_member_asks_for_a_peer_review_staff_reply_and_the_member_reads_it(page, browser, live_site, lang):
    words = WORDS[lang]
    email, password = live_site.logins["member"]
    log_in(page, lang, email, password)
    page.goto(words["portal"])
    page.get_by_role("link", name=words["link"]).click()
    page.get_by_role("link", name=words["ask"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["ask"])
    expect(page.locator("html")).to_have_attribute("lang", lang)
    page.get_by_label(words["kind"]).check()
    page.get_by_label(words["describe"]).fill(f"Adolygiad o'n strwythur — ŵ ŷ ({lang})")
    page.get_by_role("group", name=words["language"]).get_by_label(words["welsh"]).check()
    page.get_by_label(words["files"]).set_input_files(
        [{"name": f"cylch-gorchwyl-{lang}.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.get_by_role("button", name=words["send"]).click()
    expect(page.get_by_role("status").first).to_contain_text(words["sent"])
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile(words["heading"]))
    number = re.match(words["heading"], heading.inner_text()).group(1)
    with page.expect_download() as info:
        page.get_by_role("link", name=f"cylch-gorchwyl-{lang}.pdf").click()
    assert info.value.suggested_filename == f"cylch-gorchwyl-{lang}.pdf"
    assert open(info.value.path(), "rb").read() == PDF
    seen = delivered_to(live_site, email)

    staff = browser.new_context(base_url=live_site.base_url)
    tools = staff.new_page()
    log_in(tools, "en", *live_site.logins["staff"])
    tools.goto("/en/staff/")
    tools.locator("main").get_by_role("link", name=re.compile("^Support requests")).click()
    tools.get_by_role("link", name=re.compile(rf"^Request {number}: ")).click()
    expect(tools.get_by_role("heading", level=1)).to_have_text(re.compile(rf"^Request {number}: Peer review"))
    answer = f"We can do the review in March: which week suits you? ({lang})"
    tools.get_by_label("Reply to the member").fill(answer)
    tools.get_by_role("button", name="Send the reply").click()
    expect(tools.get_by_role("status").first).to_contain_text("Your reply is in the portal")
    staff.close()

    [message] = emails_to(live_site, email, seen=seen)
    assert message["Content-Language"] == "cy"  # the member's own language, whatever page they used
    assert message["Subject"] == "Mae'r Rhwydwaith wedi ateb eich cais am gymorth"
    text = message.get_body(("plain",)).get_content()
    assert answer not in text
    link = re.search(rf"{re.escape(live_site.base_url)}/cy/aelodau/cymorth/{number}\b", text).group(0)
    page.goto(link)
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.locator("main")).to_contain_text(answer)
    expect(page.locator("main")).to_contain_text("Yn aros am yr aelod")
    page.get_by_label("Eich ateb").fill("Diolch! Mae'r ail wythnos yn addas.")
    page.get_by_role("button", name="Anfon yr ateb").click()
    expect(page.get_by_role("status").first).to_contain_text("Mae eich ateb wedi'i anfon")
    expect(page.locator("main")).to_contain_text("Ar y gweill")
