"""Control characters (C0, DEL, C1) never reach the database: URL segments holding one are a 404 in the
page's language, form fields refuse them with the field's own error (line breaks and tabs stay in
multi-line fields), and query-string filters holding one match nothing. On PostgreSQL, which refuses
NUL in text, each of these was a 500 or a silently changed value before.
"""
import pytest
import sqlalchemy as sa
from flask_wtf import FlaskForm

from factories import csrf_token
from helpers import html_lang, visible_text
from staff_helpers import count, create_resource, member_client, staff_client, upload
from wscn_site.extensions import db
from wscn_site.models import Resource, Subscriber, User

pytestmark = pytest.mark.db

CONTROLS = ["\x00", "\x01", "\x1b", "\x7f", "\x85", "\x9f"]
REFUSED = {"en": "The text had invisible control characters, which cannot be saved",
           "cy": "Roedd nodau rheoli anweledig yn y testun, ac nid oes modd eu cadw"}
PASSWORD_REFUSED = {"en": "The password had invisible control characters",
                    "cy": "Roedd nodau rheoli anweledig yn y cyfrinair"}
NOT_FOUND = {"en": "Page not found", "cy": "Ni ellir dod o hyd i'r dudalen"}
EMAIL_FORMS = {
    "login": {"en": "/en/account/login", "cy": "/cy/cyfrif/mewngofnodi"},
    "reset": {"en": "/en/account/reset", "cy": "/cy/cyfrif/ailosod"},
    "subscribe": {"en": "/en/briff/subscribe", "cy": "/cy/briff/tanysgrifio"},
}


def send(client, path, **data):
    return client.post(path, data=data | {"csrf_token": csrf_token(client.get(path).text)})


@pytest.mark.parametrize("control", CONTROLS)
@pytest.mark.parametrize("form", EMAIL_FORMS)
@pytest.mark.parametrize("lang", ["en", "cy"])
def test_a_control_character_in_an_email_address_is_refused_with_the_fields_error(app, portal, form, lang, control):
    member = portal.users["member"].email
    address = member.replace("@", f"{control}@")
    response = send(app.test_client(), EMAIL_FORMS[form][lang], email=address, password="x" * 12, language=lang)
    assert response.status_code == 200
    text = visible_text(response.text)
    assert REFUSED[lang] in text and html_lang(response.text) == lang
    assert f'value="{member}"' in response.text  # shown again without it, ready to send
    assert count(app, Subscriber) == 0


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_a_control_character_in_a_new_password_is_refused(app, portal, lang):
    from wscn_site.auth.tokens import make_token

    with app.app_context():
        person = db.session.get(User, portal.users["member"].id)
        token, old_hash = make_token(person, "reset"), person.password_hash
    path = f"/{lang}/{'account/reset' if lang == 'en' else 'cyfrif/ailosod'}/{token}"
    password = "correct horse\x00battery staple"
    response = send(app.test_client(), path, password=password, confirm=password)
    assert response.status_code == 200
    assert PASSWORD_REFUSED[lang] in visible_text(response.text)
    with app.app_context():
        assert db.session.get(User, portal.users["member"].id).password_hash == old_hash


def test_line_breaks_and_tabs_stay_in_a_multi_line_field_and_are_refused_in_a_single_line_one(app, portal):
    client = staff_client(app, portal)
    refused = create_resource(client, title_en="Briefing\ton the duties")
    assert refused.status_code == 200 and REFUSED["en"] in visible_text(refused.text)
    assert 'value="Briefingon the duties"' in refused.text
    assert count(app, Resource, Resource.title_en.contains("on the duties")) == 0
    summary = "First line\r\n\tIndented second line"
    saved = create_resource(client, summary_en=summary, files={"document_en": upload(b"%PDF-1.4\n%%EOF\n", "a.pdf")})
    assert saved.status_code == 302, visible_text(saved.text)
    with app.app_context():
        stored = db.session.execute(sa.select(Resource.summary_en).where(Resource.summary_en.contains("Indented"))).scalar_one()
    assert "\n\tIndented second line" in stored
    assert create_resource(client, summary_en="First\x00line").status_code == 200


SEGMENTS = {  # tokens, ids, file names and content pages, {} for the control character
    "en": ["/en/briff/unsubscribe/abc{}def", "/en/briff/unsubscribe/abc{}def/one-click",
           "/en/briff/subscribe/confirm/abc{}def", "/en/account/reset/abc{}def", "/en/account/welcome/abc{}def",
           "/en/members/resources/1{}", "/en/members/files/1/a{}.pdf", "/en/membership{}"],
    "cy": ["/cy/briff/dad-danysgrifio/abc{}def", "/cy/briff/dad-danysgrifio/abc{}def/un-clic",
           "/cy/briff/tanysgrifio/cadarnhau/abc{}def", "/cy/cyfrif/ailosod/abc{}def", "/cy/cyfrif/croeso/abc{}def",
           "/cy/aelodau/adnoddau/1{}", "/cy/aelodau/ffeiliau/1/a{}.pdf", "/cy/aelodaeth{}"],
}


@pytest.mark.parametrize("lang", ["en", "cy"])
@pytest.mark.parametrize("control", ["%00", "%01", "%1F", "%7F", "%C2%80", "%C2%9F"])
def test_a_control_character_in_a_url_segment_is_not_found_in_the_pages_language(app, portal, lang, control):
    client = member_client(app, portal)
    for path in SEGMENTS[lang]:
        for method in (client.get, client.post):
            response = method(path.format(control))
            assert response.status_code == 404, (path, control, response.status_code)
            assert NOT_FOUND[lang] in visible_text(response.text) and html_lang(response.text) == lang
    assert client.get(SEGMENTS[lang][0].format("")).status_code == 200  # the same token without it: a page


def test_a_control_character_in_a_search_or_filter_matches_nothing(app, portal):
    client = member_client(app, portal)
    for query in ({"topic": "iom-cymru\x00"}, {"topic": "\x85iom-cymru"}, {"q": "briefing\x00", "topic": "iom\x00"}):
        response = client.get("/en/members/library", query_string=query)
        assert response.status_code == 200, query
        assert "IOM Cymru briefing" not in visible_text(response.text), query
    found = client.get("/en/members/library", query_string={"q": "IOM\x00Cymru", "topic": "iom-cymru"})
    assert "IOM Cymru briefing" in visible_text(found.text)  # a control character separates words
    for query in ({"q": "a\x00b"}, {"topic": "x\x00"}, {"q": "\x7f", "page": "2"}):
        assert client.get("/en/briff/", query_string=query).status_code == 200, query


def test_every_form_of_the_site_is_a_site_form(app):
    """The refusal lives in SiteForm; a form written on FlaskForm directly would let them through."""
    from wscn_site.forms import SiteForm

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    forms = [cls for cls in subclasses(FlaskForm) if cls.__module__.startswith("wscn_site.")]
    assert len(forms) >= 9, forms
    assert [cls for cls in forms if not issubclass(cls, SiteForm)] == []
