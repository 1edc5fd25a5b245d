"""Journeys a visitor takes, in Welsh and in English, in a real browser (the language link of every
page: test_every_page.py)."""
import re

import pytest
from playwright.sync_api import expect


CALCULATOR = {  # what a visitor reads and types, per language
    "en": {"menu": "Membership", "budget": "Budget, in millions of pounds", "button": "Work out the fee",
           "answer": "The membership fee is £10,000 a year.", "problem": "There is a problem", "error": "Error:"},
    "cy": {"menu": "Aelodaeth", "budget": "Cyllideb, mewn miliynau o bunnoedd", "button": "Cyfrifo'r ffi",
           "answer": "Y ffi aelodaeth yw £10,000 y flwyddyn.", "problem": "Mae problem wedi codi",
           "error": "Gwall:"},
}


def test_a_new_visitor_chooses_a_language_and_it_is_remembered(page):
    page.goto("/")
    expect(page.get_by_role("link", name="Cymraeg")).to_be_visible()
    page.get_by_role("link", name="Cymraeg").click()
    expect(page).to_have_url(re.compile(r"/cy/$"))
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/cy/$"))
    page.get_by_role("navigation", name="Iaith").get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/en/$"))


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_fee_calculator_gives_the_fee_and_explains_mistakes(page, lang):
    words = CALCULATOR[lang]
    page.goto(f"/{lang}/")
    page.get_by_role("navigation").get_by_role("link", name=words["menu"], exact=True).click()
    page.get_by_label(words["budget"]).fill("abc")
    page.get_by_role("button", name=words["button"]).click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text(words["problem"])
    expect(summary).to_be_focused()
    assert page.title().startswith(words["error"])
    summary.get_by_role("link").click()
    expect(page.get_by_label(words["budget"])).to_be_focused()
    page.get_by_label(words["budget"]).fill("250")
    page.get_by_role("button", name=words["button"]).click()
    expect(page.get_by_text(words["answer"])).to_be_visible()
    expect(page.get_by_label(words["budget"])).to_have_value("250")


def test_the_calculator_works_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    page.goto("/en/membership")
    page.get_by_label(CALCULATOR["en"]["budget"]).fill("450")
    page.get_by_role("button", name=CALCULATOR["en"]["button"]).click()
    expect(page.get_by_text("The membership fee is £12,500 a year.")).to_be_visible()
    context.close()


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_every_navigation_link_leads_to_a_page_in_the_same_language(page, lang):
    """Every link in the header and the footer menu (the language link has a test of its own)."""
    page.goto(f"/{lang}/")
    menus = "header a[href]:not([hreflang]), footer nav a"
    targets = page.locator(menus).evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert len(targets) >= 8, targets
    for href in targets:  # every page carries the same menus, so each link is clicked where we are
        with page.expect_navigation() as navigation:
            page.locator(menus).and_(page.locator(f'[href="{href}"]')).first.click()
        assert navigation.value.status == 200 and page.url.endswith(href), (href, page.url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(page.locator("html")).to_have_attribute("lang", lang)


@pytest.mark.parametrize("path,heading,home", [
    ("/en/no-such-page", "Page not found", "Go to the home page"),
    ("/cy/dim-tudalen", "Ni ellir dod o hyd i'r dudalen", "Ewch i'r hafan"),
])
def test_a_wrong_address_explains_itself_and_leads_home(page, path, heading, home):
    response = page.goto(path)
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    page.get_by_role("main").get_by_role("link", name=home).click()
    expect(page).to_have_url(re.compile(rf"/{path[1:3]}/$"))
    expect(page.get_by_role("navigation", name=re.compile("Main menu|Prif ddewislen"))).to_be_visible()


def test_an_address_outside_both_languages_answers_in_both(page):
    assert page.goto("/nowhere").status == 404
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Go to the home page")).to_be_visible()
    page.get_by_role("link", name="Ewch i'r hafan").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
