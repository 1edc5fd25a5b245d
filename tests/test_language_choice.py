"""`/` sends visitors to their language; the choice is remembered in a cookie, set only when the
visitor chooses (the choice page, the language link), so public pages stay shareable by caches."""
import pytest

from helpers import find_all, language_toggle, toggle_target


def test_remembered_choice_wins_over_the_browser(client):
    client.set_cookie("wscn_lang", "cy")
    response = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/cy/"


def test_browser_language_is_used_when_nothing_is_remembered(client):
    response = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert response.headers["Location"] == "/en/"
    response = client.get("/", headers={"Accept-Language": "cy-GB,cy;q=0.9,en;q=0.5"})
    assert response.headers["Location"] == "/cy/"


def test_redirect_varies_by_cookie_and_language_and_is_not_shared(client):
    response = client.get("/", headers={"Accept-Language": "en"})
    assert {"Cookie", "Accept-Language"} <= set(response.vary)
    assert "private" in response.headers["Cache-Control"]


def test_unknown_preference_gets_a_bilingual_choice_not_a_guess(client):
    response = client.get("/", headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    assert response.status_code == 200
    links = {toggle_target(a): a for a in find_all(response.text, "a") if a.get("hreflang")}
    assert links["/cy/"]["lang"] == "cy" and links["/en/"]["lang"] == "en"
    assert "Cymraeg" in response.text and "English" in response.text


def test_choosing_on_the_choice_page_is_remembered(client):
    page = client.get("/", headers={"Accept-Language": "fr"}).text
    welsh = next(a for a in find_all(page, "a") if a.get("hreflang") == "cy")
    response = client.get(welsh["href"])
    assert response.status_code == 303 and response.headers["Location"] == "/cy/"
    assert client.get("/", headers={"Accept-Language": "fr"}).headers["Location"] == "/cy/"


def test_the_language_link_remembers_the_choice_and_leads_to_the_same_page(client):
    link = language_toggle(client.get("/en/membership").text)
    response = client.get(link["href"])
    assert response.status_code == 303 and response.headers["Location"] == "/cy/aelodaeth"
    assert response.headers["Cache-Control"] == "no-store"
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("wscn_lang="))
    assert cookie.startswith("wscn_lang=cy;")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Max-Age=31536000" in cookie
    assert client.get("/", headers={"Accept-Language": "en"}).headers["Location"] == "/cy/"
    client.get(language_toggle(client.get("/cy/aelodaeth").text)["href"])
    assert client.get("/", headers={"Accept-Language": "cy"}).headers["Location"] == "/en/"


@pytest.mark.parametrize("path", ["/en/", "/cy/aelodaeth", "/en/membership", "/cy/briff/", "/en/no-such-page",
                                  "/en/account/login", "/robots.txt"])
def test_reading_a_page_sets_no_language_cookie(client, path):
    response = client.get(path)
    assert not [h for h in response.headers.getlist("Set-Cookie") if h.startswith("wscn_lang=")]
    assert client.get("/", headers={"Accept-Language": "fr"}).status_code == 200  # nothing remembered


def test_a_plain_public_page_sets_no_cookie_and_may_be_shared(client):
    response = client.get("/cy/aelodaeth")
    assert "Set-Cookie" not in response.headers and "Cookie" not in response.vary
    assert response.headers["Cache-Control"] == "public, max-age=0, s-maxage=5"


@pytest.mark.parametrize("target", ["https://evil.example/cy/", "//evil.example/cy/", "/en/membership", "",
                                    "/cy/\nSet-Cookie:x", "/cy/\x00"])
def test_the_language_switch_goes_only_to_a_page_in_its_language(client, target):
    response = client.get("/cy/dewis-iaith", query_string={"to": target.encode().decode("unicode_escape")})
    assert response.status_code == 303 and response.headers["Location"] == "/cy/"


def test_a_forged_language_cookie_is_ignored(client):
    client.set_cookie("wscn_lang", "<script>")
    response = client.get("/", headers={"Accept-Language": "en"})
    assert response.headers["Location"] == "/en/"


def test_language_prefixes_without_slash_redirect(client):
    response = client.get("/cy")
    assert response.status_code == 308 and response.headers["Location"].endswith("/cy/")


def test_other_language_codes_are_not_pages(client):
    assert client.get("/fr/").status_code == 404
    assert client.get("/de/membership").status_code == 404
