"""`/` sends visitors to their language; the choice is remembered in a cookie."""
from helpers import find_all


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
    links = {a["href"]: a for a in find_all(response.text, "a") if a.get("hreflang")}
    assert links["/cy/"]["lang"] == "cy" and links["/en/"]["lang"] == "en"
    assert "Cymraeg" in response.text and "English" in response.text


def test_reading_a_page_remembers_its_language(client):
    response = client.get("/cy/aelodaeth")
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("wscn_lang="))
    assert cookie.startswith("wscn_lang=cy;")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Max-Age=31536000" in cookie
    assert client.get("/").headers["Location"] == "/cy/"
    client.get("/en/membership")
    assert client.get("/").headers["Location"] == "/en/"


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
