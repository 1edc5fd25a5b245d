"""Every content page, in both languages, as a visitor's browser receives it."""
import re

import pytest

from helpers import find_all, hreflang_links, html_lang, language_toggle, toggle_target, visible_text

SITE = "https://safercommunities.example"


def test_both_languages_have_the_same_pages(content_pages):
    by_lang = {lang: {p.key for p in content_pages if p.lang == lang} for lang in ("cy", "en")}
    assert by_lang["cy"] == by_lang["en"]
    assert {"index", "about", "ways-of-working", "partner-networks", "membership", "events", "contact",
            "accessibility", "privacy", "welsh-language"} <= by_lang["en"]


def test_every_page_serves_with_its_language_alternates_and_toggle(client, content_pages):
    paths = {(p.lang, p.key): p.path for p in content_pages}
    for page in content_pages:
        response = client.get(page.path)
        assert response.status_code == 200, page.path
        html = response.text
        assert html_lang(html) == page.lang
        other = "en" if page.lang == "cy" else "cy"
        counterpart = paths[(other, page.key)]
        assert hreflang_links(html) == {
            "cy": SITE + paths[("cy", page.key)],
            "en": SITE + paths[("en", page.key)],
            "x-default": SITE + "/",
        }
        toggle = language_toggle(html)
        assert toggle_target(toggle) == counterpart
        assert toggle["lang"] == other and toggle["hreflang"] == other
        assert find_all(html, "h1"), page.path


def test_toggle_lands_on_the_same_page_in_the_other_language(client):
    english = client.get("/en/membership").text
    welsh = client.get(language_toggle(english)["href"], follow_redirects=True)
    assert welsh.status_code == 200 and welsh.request.path == "/cy/aelodaeth"
    assert "<h1>Aelodaeth" in welsh.text
    assert toggle_target(language_toggle(welsh.text)) == "/en/membership"


def test_toggle_keeps_the_query_string(client):
    html = client.get("/en/membership?budget=250&kind=public").text
    link = language_toggle(html)
    assert toggle_target(link) == "/cy/aelodaeth?budget=250&kind=public"
    assert client.get(link["href"]).headers["Location"] == "/cy/aelodaeth?budget=250&kind=public"


def test_welsh_pages_show_the_interface_in_welsh(client):
    html = client.get("/cy/am-y-rhwydwaith").text
    text = visible_text(html)
    for welsh in ("Neidio i'r prif gynnwys", "Rhwydwaith Cymunedau Mwy Diogel Cymru", "E-bostiwch ni"):
        assert welsh in text
    for english in ("Skip to main content", "Email us in Welsh or English", "Main menu"):
        assert english not in html
    assert 'aria-label="Prif ddewislen"' in html
    assert '>English</a>' in html


def test_english_pages_show_the_interface_in_english(client):
    html = client.get("/en/about").text
    assert "Skip to main content" in html and "Neidio" not in html
    assert '>Cymraeg</a>' in html


def test_menus_list_the_pages_of_the_same_language(client, content_pages):
    html = client.get("/cy/").text
    nav_pages = [p for p in content_pages if p.lang == "cy" and "nav" in p.meta]
    menu = re.search(r'<nav class="main-nav".*?</nav>', html, re.S).group(0)
    for page in nav_pages:
        assert f'href="{page.path}"' in menu
    assert "/en/" not in menu


def test_current_page_is_marked_in_the_menu(client):
    html = client.get("/en/membership").text
    assert '<a href="/en/membership" aria-current="page">' in html


def test_no_named_person_contact_details_are_published(client, content_pages):
    for page in content_pages:
        text = client.get(page.path).text.lower()
        assert "emma" not in text and "07502" not in text and "jane mudd" not in text
        emails = set(re.findall(r"[\w.+-]+@[\w-]+\.[\w.]+", text))
        assert emails <= {"safercommunities@wlga.gov.uk"}, (page.path, emails)


def test_contact_page_gives_the_generic_address(client):
    for path in ("/en/contact", "/cy/cysylltu"):
        assert 'href="mailto:SaferCommunities@wlga.gov.uk"' in client.get(path).text


@pytest.mark.parametrize("path,expected", [
    ("/en/about", "Wales Safer Communities Board"),
    ("/cy/am-y-rhwydwaith", "Bwrdd Cymunedau Mwy Diogel Cymru"),
    ("/en/ways-of-working", "Prevention"),
    ("/cy/ffyrdd-o-weithio", "Atal"),
    ("/en/partner-networks", "WDAIIN"),
    ("/cy/rhwydweithiau-partner", "WACSO"),
])
def test_pages_carry_the_source_documents_content(client, path, expected):
    assert expected in visible_text(client.get(path).text)


def test_about_lists_all_nine_roles(client):
    for path in ("/en/about", "/cy/am-y-rhwydwaith"):
        html = client.get(path).text
        lists = re.findall(r"<ul>(.*?)</ul>", html, re.S) + re.findall(r"<ol>(.*?)</ol>", html, re.S)
        assert any(chunk.count("<li>") == 9 for chunk in lists), path


def test_five_ways_of_working_each_have_a_heading(client):
    for path, names in (
        ("/en/ways-of-working", ["Long term", "Integration", "Involvement", "Collaboration", "Prevention"]),
        ("/cy/ffyrdd-o-weithio", ["Hirdymor", "Integreiddio", "Cynnwys", "Cydweithio", "Atal"]),
    ):
        headings = " ".join(re.findall(r"<h2[^>]*>(.*?)</h2>", client.get(path).text))
        for name in names:
            assert name.lower() in headings.lower(), (path, name)


def test_accessibility_statement_has_the_required_sections(client):
    text = visible_text(client.get("/en/accessibility").text)
    assert ("The Welsh Local Government Association is committed to making its website accessible, in "
            "accordance with the Public Sector Bodies (Websites and Mobile Applications) (No. 2) "
            "Accessibility Regulations 2018.") in text
    for words in ("Equality Advisory and Support Service", "version 2.2", "prepared on"):
        assert words in text
    welsh = visible_text(client.get("/cy/hygyrchedd").text)
    assert "Rheoliadau Hygyrchedd" in welsh and "2018" in welsh


def test_privacy_page_names_every_cookie_the_site_sets(client):
    response = client.get(language_toggle(client.get("/cy/").text)["href"])
    set_cookies = {header.split("=", 1)[0] for header in response.headers.getlist("Set-Cookie")}
    assert set_cookies == {"wscn_lang"}
    text = client.get("/en/privacy-and-cookies").text
    for name in set_cookies | {"wscn_lang", "wscn_session"}:
        assert name in text


def test_welsh_privacy_rights_are_listed_unmutated_after_the_colon_like_every_list_on_the_site(client):
    html = client.get("/cy/preifatrwydd-a-chwcis").text
    rights = html.split("mae gennych hawl i:", 1)[1].split("</ul>", 1)[0]
    items = [visible_text(item) for item in re.findall(r"<li>(.*?)</li>", rights, re.S)]
    assert [item.split()[0] for item in items] == ["cael", "gofyn", "gofyn", "cwyno"]
