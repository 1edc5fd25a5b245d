"""Journeys through the members' portal in a real browser, in Welsh and in English, on the demo data.

Logging in and downloading a document, a failed log-in, a password reset by the emailed link (the
live server queues its email; `flask mail send` delivers it to a real SMTP server in this process),
the recorded seminar, and reading the Briff: public items for everyone, members-only items once logged in.
"""
import hashlib
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from browsing import delivered_to, emails_to


WORDS = {  # what a visitor reads and types, per language
    "en": {"login": "/en/account/login", "email": "Email address", "password": "Password", "log in": "Log in",
           "portal": "Members' portal", "problem": "There is a problem", "error": "Error:",
           "wrong": "The email address or password is not correct", "library": "Resource library",
           "type": "Type", "seminar": "Recorded seminar", "show": "Show resources",
           "briefing": "IOM Cymru briefing (demo)", "document": "iom-cymru-briefing.pdf"},
    "cy": {"login": "/cy/cyfrif/mewngofnodi", "email": "Cyfeiriad e-bost", "password": "Cyfrinair",
           "log in": "Mewngofnodi", "portal": "Porth yr aelodau", "problem": "Mae problem wedi codi",
           "error": "Gwall:", "wrong": "Mae'r cyfeiriad e-bost neu'r cyfrinair yn anghywir",
           "library": "Llyfrgell adnoddau", "type": "Math", "seminar": "Seminar wedi'i recordio",
           "show": "Dangos adnoddau", "briefing": "Papur briffio IOM Cymru (enghraifft)",
           "document": "papur-briffio-iom-cymru.pdf"},
}
NEW_PASSWORD = "barcud dros y bryn 2026"


def log_in(page, lang, email, password):
    words = WORDS[lang]
    page.goto(words["login"])
    page.get_by_label(words["email"]).fill(email)
    page.get_by_label(words["password"], exact=True).fill(password)
    page.get_by_role("button", name=words["log in"], exact=True).click()


def stored_file(live_site, name):
    from wscn_site.extensions import db
    from wscn_site.models import ResourceFile

    with live_site.app.app_context():
        return db.session.execute(sa.select(ResourceFile).where(ResourceFile.original_name == name)).scalar_one()


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_a_member_logs_in_and_downloads_a_document(page, live_site, lang):
    words = WORDS[lang]
    log_in(page, lang, *live_site.logins["member"])
    expect(page.get_by_role("heading", level=1)).to_have_text(words["portal"])
    expect(page.locator("html")).to_have_attribute("lang", lang)
    page.get_by_role("link", name=words["briefing"]).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["briefing"])
    with page.expect_download() as info:
        page.get_by_role("link", name=words["document"]).click()
    download = info.value
    assert download.suggested_filename == words["document"]
    body = open(download.path(), "rb").read()
    stored = stored_file(live_site, words["document"])
    assert body.startswith(b"%PDF-") and len(body) == stored.size
    assert hashlib.sha256(body).hexdigest() == stored.sha256


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_a_wrong_password_is_explained_and_the_summary_takes_the_focus(page, live_site, lang):
    words = WORDS[lang]
    email = live_site.logins["member"][0]
    log_in(page, lang, email, "not the password at all")
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text(words["problem"])
    expect(summary).to_contain_text(words["wrong"])
    expect(summary).to_be_focused()
    assert page.title().startswith(words["error"])
    expect(page.get_by_label(words["password"], exact=True)).to_have_value("")
    summary.get_by_role("link").first.click()
    expect(page.get_by_label(words["email"])).to_be_focused()
    expect(page.get_by_label(words["email"])).to_have_value(email)


def test_a_forgotten_password_is_reset_by_the_emailed_link(page, live_site):
    """The account used by no other browser test: its sessions end when the password changes."""
    email = "member@example.org"
    before = delivered_to(live_site, email)
    page.goto(WORDS["en"]["login"])
    page.get_by_role("link", name="Forgotten your password?").click()
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    [message] = emails_to(live_site, email, before)
    text = message.get_body(("plain",)).get_content()
    link = re.search(rf"{re.escape(live_site.base_url)}/\S+", text).group(0)

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm the new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save the password").click()
    expect(page.get_by_role("status")).to_contain_text("Your password has been changed")

    log_in(page, "en", email, NEW_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Members' portal")
    assert page.goto(link).status == 400  # the link worked once


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_recorded_seminar_plays_with_captions_in_both_languages(page, live_site, lang):
    words = WORDS[lang]
    log_in(page, lang, *live_site.logins["member"])
    page.goto(f"/{lang}/")  # then find the seminar as a member would: the portal, the library, a filter
    page.get_by_role("link", name=words["portal"]).click()
    page.locator("main").get_by_role("link", name=re.compile(words["library"], re.I)).first.click()
    page.get_by_label(words["type"], exact=True).select_option(label=words["seminar"])
    page.get_by_role("button", name=words["show"]).click()
    page.locator(".resource-list").get_by_role("link").first.click()

    video = page.locator("video")
    expect(video).to_be_visible()
    tracks = video.locator('track[kind="captions"]')
    expect(tracks).to_have_count(2)
    assert sorted(tracks.evaluate_all("ts => ts.map(t => t.srclang)")) == ["cy", "en"]
    expect(video.locator(f'track[srclang="{lang}"]')).to_have_attribute("default", "")
    page.wait_for_function("() => document.querySelector('video').readyState >= 1")  # the recording loads
    assert page.evaluate("() => document.querySelector('video').textTracks.length") == 2
    for src in tracks.evaluate_all("ts => ts.map(t => t.src)"):
        response = page.request.get(src)
        assert response.ok and response.headers["content-type"].startswith("text/vtt"), src
        assert response.text().startswith("WEBVTT")


BRIFF = {  # the demo issues of `flask demo load` (wscn_site/demo/briff.py), as a reader sees them
    "en": {"menu": "The Briff", "issue": "The Briff, issue 2", "search": "Search the Briff", "button": "Search",
           "public": "Serious Violence Duty: working with partners (demo)",
           "public body": "Wales Association of Community Safety Officers (WACSO)",
           "members": "IOM Cymru briefing now in the resource library (demo)",
           "locked": "Members-only item", "log in": "log in to read",
           "confidential": "Prevent Duty: the Network's draft consultation response (demo)",
           "confidential body": "Please do not share it outside your organisation.",
           "word": "surveys", "found": "1 issue found", "survey": "Three surveys: what practitioners told us (demo)"},
    "cy": {"menu": "Y Briff", "issue": "Y Briff, rhifyn 2", "search": "Chwilio'r Briff", "button": "Chwilio",
           "public": "Y Ddyletswydd Trais Difrifol: gweithio gyda phartneriaid (enghraifft)",
           "public body": "Gymdeithas Swyddogion Diogelwch Cymunedol Cymru (WACSO)",
           "members": "Papur briffio IOM Cymru bellach yn y llyfrgell adnoddau (enghraifft)",
           "locked": "Eitem i aelodau yn unig", "log in": "mewngofnodwch i'w darllen",
           "confidential": "Dyletswydd Prevent: ymateb drafft y Rhwydwaith i'r ymgynghoriad (enghraifft)",
           "confidential body": "Peidiwch â'i rannu y tu allan i'ch sefydliad.",
           "word": "arolwg", "found": "Cafwyd hyd i 1 rhifyn",
           "survey": "Tri arolwg: yr hyn a ddywedodd ymarferwyr wrthym (enghraifft)"},
}


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_a_visitor_reads_the_briff_and_logs_in_for_the_members_only_items(page, live_site, lang):
    words, login = BRIFF[lang], WORDS[lang]
    page.goto(f"/{lang}/")
    page.get_by_role("banner").get_by_role("link", name=words["menu"], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["menu"])

    page.get_by_label(words["search"]).fill(words["word"])  # a word search in the reader's language
    page.get_by_role("button", name=words["button"], exact=True).click()
    expect(page.locator("#results")).to_have_text(words["found"])
    expect(page.get_by_role("link", name=words["survey"])).to_be_visible()

    page.goto(f"/{lang}/briff/")
    page.get_by_role("link", name=words["issue"], exact=True).click()  # the newest issue
    expect(page.get_by_role("heading", level=1)).to_have_text(words["issue"])
    main = page.locator("main")
    expect(main.get_by_role("heading", name=words["public"])).to_be_visible()
    expect(main).to_contain_text(words["public body"])
    expect(main.get_by_role("heading", name=words["members"])).to_be_visible()  # its title, not its text
    expect(main.get_by_role("heading", name=words["locked"], exact=True)).to_be_visible()  # confidential
    expect(main).not_to_contain_text(words["confidential"])
    expect(main).not_to_contain_text(words["confidential body"])

    main.get_by_role("link", name=words["log in"]).last.click()
    page.get_by_label(login["email"]).fill(live_site.logins["member"][0])
    page.get_by_label(login["password"], exact=True).fill(live_site.logins["member"][1])
    page.get_by_role("button", name=login["log in"], exact=True).click()

    expect(page).to_have_url(re.compile(rf"/{lang}/briff/2$"))  # back on the issue, now in full
    expect(main.get_by_role("heading", name=words["confidential"])).to_be_visible()
    expect(main).to_contain_text(words["confidential body"])
    expect(main.get_by_role("link", name=words["log in"])).to_have_count(0)


def test_after_logging_out_the_back_button_shows_nothing_of_the_portal(page, live_site):
    """On a shared computer: the next person presses Back and sees the log-in page, not the briefing."""
    words = WORDS["en"]
    log_in(page, "en", *live_site.logins["member"])
    page.get_by_role("link", name=words["briefing"]).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["briefing"])
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("status")).to_contain_text("You have logged out.")
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in to the members' portal")
    assert words["briefing"] not in page.content()


def test_staff_write_an_issue_in_welsh_first_and_publish_it_once_the_english_is_there(page, live_site):
    """In the Welsh staff tools: start issue 7, save an item with its Welsh only, be refused
    publishing (the summary names the item and takes the focus), add the English, publish; then
    readers find it in both languages."""
    log_in(page, "cy", *live_site.logins["staff"])
    page.goto("/cy/staff/")
    page.locator("main").get_by_role("link", name=re.compile("^Y Briff: ysgrifennu")).click()
    page.get_by_role("link", name="Dechrau rhifyn newydd").click()
    page.get_by_label("Rhif y rhifyn").fill("1")  # taken by a demo issue
    page.get_by_label("Dyddiad y rhifyn").fill("03/12/2026")
    page.get_by_role("button", name="Cadw", exact=True).click()
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator(".error-summary")).to_contain_text("Mae rhifyn â'r rhif hwn eisoes yn bodoli")
    assert page.title().startswith("Gwall:")
    page.get_by_label("Rhif y rhifyn").fill("7")
    page.get_by_role("button", name="Cadw", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Mae rhifyn 7 wedi'i greu.")

    page.get_by_role("link", name="Ychwanegu eitem").click()
    page.get_by_label("Teitl yn Gymraeg").fill("Cronfa newydd i bartneriaethau ŵyn ac ŷd")
    page.get_by_label("Testun yn Gymraeg").fill("Mae'r gronfa'n agor ym mis **Ionawr**.")
    page.get_by_role("button", name="Cadw'r eitem").click()
    expect(page.get_by_role("status")).to_contain_text("Mae'r eitem wedi'i chadw.")
    page.get_by_role("button", name="Cyhoeddi nawr").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Ni ellir cyhoeddi'r rhifyn nes bod y rhain wedi'u cywiro:")
    expect(summary).to_contain_text("dim teitl Saesneg")

    page.get_by_role("link", name=re.compile("^Golygu")).first.click()
    page.get_by_label("Teitl yn Saesneg").fill("A new fund for partnerships")
    page.get_by_label("Testun yn Saesneg").fill("The fund opens in **January**.")
    page.get_by_role("button", name="Cadw'r eitem").click()
    page.get_by_role("button", name="Cyhoeddi nawr").click()
    expect(page.get_by_role("status")).to_contain_text("Mae rhifyn 7 wedi'i gyhoeddi")

    for lang, title, body in (("cy", "Cronfa newydd i bartneriaethau ŵyn ac ŷd", "Mae'r gronfa'n agor ym mis Ionawr."),
                              ("en", "A new fund for partnerships", "The fund opens in January.")):
        page.goto(f"/{lang}/briff/7")
        expect(page.locator("main").get_by_role("heading", level=2)).to_have_text(title)
        expect(page.locator("main strong")).to_have_count(1)  # the Markdown, rendered
        expect(page.locator("main")).to_contain_text(body)


def test_staff_upload_a_document_and_a_member_downloads_it(browser, live_server, page, live_site):
    """Staff add a resource with its English document (a program renamed .pdf is refused first, and
    nothing is kept of it); a member then finds it in the library and downloads the same bytes."""
    from wscn_site.demo.pdf import make_pdf

    document = make_pdf("Partnership toolkit", ["A toolkit for Community Safety Partnerships."], "en")
    private = Path(live_site.app.config["PRIVATE_DIR"])
    files_before = sorted(p for p in private.rglob("*") if p.is_file())
    log_in(page, "en", *live_site.logins["staff"])
    page.goto("/en/staff/")
    page.locator("main").get_by_role("link", name="Add a resource").click()
    page.get_by_label("Title in Welsh").fill("Pecyn cymorth partneriaethau")
    page.get_by_label("Title in English").fill("Partnership toolkit")
    page.get_by_label("Summary in Welsh").fill("Pecyn cymorth ar gyfer Partneriaethau Diogelwch Cymunedol.")
    page.get_by_label("Summary in English").fill("A toolkit for Community Safety Partnerships.")
    page.get_by_label("Training", exact=True).check()
    page.get_by_label("Publish now").check()
    page.get_by_label("Document in English").set_input_files(
        {"name": "toolkit.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00 a program, not a PDF"})
    page.get_by_role("button", name="Save the resource").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("The selected file must be a PDF, Word, Excel, PowerPoint or OpenDocument")
    expect(page.get_by_label("Title in English")).to_have_value("Partnership toolkit")  # nothing typed is lost
    assert sorted(p for p in private.rglob("*") if p.is_file()) == files_before

    page.get_by_label("Document in English").set_input_files(
        {"name": "toolkit.pdf", "mimeType": "application/pdf", "buffer": document})
    page.get_by_role("button", name="Save the resource").click()
    expect(page.get_by_role("status")).to_contain_text("The resource has been saved.")

    member = browser.new_context(base_url=live_server)
    reader = member.new_page()
    log_in(reader, "en", *live_site.logins["member"])
    reader.goto("/en/members/library?q=toolkit")
    reader.get_by_role("link", name="Partnership toolkit").click()
    with reader.expect_download() as info:
        reader.get_by_role("link", name="toolkit.pdf").click()
    assert open(info.value.path(), "rb").read() == document
    member.close()
