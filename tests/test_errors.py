"""Error pages speak the language of the URL, or both when the URL names none."""
from helpers import html_lang, language_toggle, toggle_target


def test_english_404(client):
    response = client.get("/en/no-such-page")
    assert response.status_code == 404
    assert html_lang(response.text) == "en"
    assert "Page not found" in response.text
    assert toggle_target(language_toggle(response.text)) == "/cy/no-such-page"


def test_welsh_404(client):
    response = client.get("/cy/dim-tudalen")
    assert response.status_code == 404
    assert html_lang(response.text) == "cy"
    assert "Ni ellir dod o hyd i'r dudalen" in response.text.replace("&#39;", "'")
    assert "Page not found" not in response.text
    assert "Neidio i'r prif gynnwys" in response.text.replace("&#39;", "'")


def test_404_outside_a_language_is_bilingual(client):
    response = client.get("/no-such-thing", headers={"Accept-Language": "fr"})
    assert response.status_code == 404
    text = response.text.replace("&#39;", "'")
    assert "Page not found" in text and "Ni ellir dod o hyd i'r dudalen" in text
    assert '<section lang="en"' in text and '<section lang="cy"' in text


def test_bilingual_404_leads_with_the_visitors_language(client):
    text = client.get("/no-such-thing", headers={"Accept-Language": "en"}).text
    assert text.index('<section lang="en"') < text.index('<section lang="cy"')


def test_wrong_method_is_405_in_the_pages_language(client):
    response = client.post("/cy/aelodaeth")
    assert response.status_code in (400, 405)
    assert html_lang(response.text) == "cy"


def test_error_pages_are_not_cached(client):
    assert client.get("/en/nothing").headers["Cache-Control"] == "no-store"


def test_server_error_page_in_welsh(make_app):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.get("/cy/prawf-gwall")
    def broken():
        raise RuntimeError("boom")

    response = app.test_client().get("/cy/prawf-gwall")
    assert response.status_code == 500
    assert "problem gyda&#39;r gwasanaeth" in response.text
    assert "boom" not in response.text and "Traceback" not in response.text
