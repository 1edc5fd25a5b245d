"""What makes a server start fast keeps the site's answers the same: compiled templates kept on disk
(template_cache.py) and URL builders compiled at their first link (routing.py)."""
import logging
import stat

from wscn_site import create_app

HOST = {"Host": "safercommunities.example"}


def _pages(app):
    client = app.test_client()
    return {path: client.get(path, headers=HOST).get_data() for path in ("/en/", "/cy/", "/en/membership")}


def test_templates_compiled_once_are_kept_private_and_serve_the_same_pages(make_app, tmp_path):
    folder = tmp_path / "compiled"
    first = make_app(create_tables=False, TEMPLATE_CACHE_DIR=str(folder), PAGE_CACHE=False)
    pages = _pages(first)
    kept = sorted(folder.glob("*.jinja"))
    assert len(kept) >= 3  # the layout, the content page and its parts
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700  # compiled code: no other user may write it
    again = make_app(create_tables=False, TEMPLATE_CACHE_DIR=str(folder), PAGE_CACHE=False)
    assert _pages(again) == pages
    assert sorted(folder.glob("*.jinja")) == kept  # read back, not written again under other names


def test_a_damaged_compiled_template_is_compiled_again(make_app, tmp_path):
    folder = tmp_path / "compiled"
    pages = _pages(make_app(create_tables=False, TEMPLATE_CACHE_DIR=str(folder), PAGE_CACHE=False))
    for kept in folder.glob("*.jinja"):
        kept.write_bytes(b"not a compiled template")
    assert _pages(make_app(create_tables=False, TEMPLATE_CACHE_DIR=str(folder), PAGE_CACHE=False)) == pages


def test_a_folder_that_cannot_be_made_leaves_the_site_compiling_as_before(make_app, tmp_path, caplog):
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")
    caplog.set_level(logging.WARNING)
    app = make_app(create_tables=False, TEMPLATE_CACHE_DIR=str(blocker / "compiled"), PAGE_CACHE=False)
    assert app.test_client().get("/en/", headers=HOST).status_code == 200
    assert "templates compiled at every start" in caplog.text


def test_links_built_lazily_are_the_links_werkzeug_builds(app):
    with app.test_request_context("/en/", headers=HOST):
        from flask import url_for

        assert url_for("public.page", lang_code="cy", slug="aelodaeth") == "/cy/aelodaeth"
        assert url_for("public.page", lang_code="en", slug="membership", q="a b") == "/en/membership?q=a+b"
        assert url_for("public.page", lang_code="en", slug="membership", _external=True) == (
            "http://safercommunities.example/en/membership")


def test_an_id_past_the_integer_column_is_not_found(app):
    assert app.test_client().get("/en/briff/2147483648", headers=HOST).status_code == 404


def test_no_template_cache_when_switched_off(tmp_path, monkeypatch):
    monkeypatch.setenv("WSCN_TEMPLATE_CACHE_DIR", "")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite3'}"})
    assert app.jinja_env.bytecode_cache is None
