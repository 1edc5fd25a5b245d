"""Every email, in both languages, compared with the expected text kept beside the tests.

After an intended change, run with WSCN_UPDATE_SNAPSHOTS=1 and review the diff of tests/emails/.
"""
import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from wscn_site.mail import build_message

SNAPSHOTS = Path(__file__).resolve().parent / "emails"
LINK = "https://safercommunities.example/LINK"
EMAILS = {
    "reset_password": ({"en": "Reset your password", "cy": "Ailosod eich cyfrinair"}, {"hours": 1}),
    "invitation": ({"en": "You are invited to the members' portal", "cy": "Gwahoddiad i borth yr aelodau"},
                   {"days": 7}),
    "login_alert": ({"en": "Failed attempts to log in to your account",
                     "cy": "Ymdrechion aflwyddiannus i fewngofnodi i'ch cyfrif"}, {"failures": 10}),
}


def render(app, template, lang, subject, extra):
    from flask_babel import lazy_gettext

    person = SimpleNamespace(name="Siân Ŵyn", email="sian@example.org", language=lang)
    with app.test_request_context(f"/{lang}/"):
        message = build_message(person.email, lazy_gettext(subject), template, lang, user=person, link=LINK,
                                **extra)
    return message


@pytest.mark.parametrize("lang", ["cy", "en"])
@pytest.mark.parametrize("template", sorted(EMAILS))
def test_email_matches_its_snapshot(app, template, lang):
    subjects, extra = EMAILS[template]
    message = render(app, template, lang, subjects["en"], extra)
    assert message["Subject"] == subjects[lang]
    assert message["Content-Language"] == lang
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert LINK in text and f'href="{LINK}"' in html and f'<html lang="{lang}">' in html
    snapshot = SNAPSHOTS / f"{template}.{lang}.txt"
    if os.environ.get("WSCN_UPDATE_SNAPSHOTS"):
        snapshot.write_text(text, encoding="utf-8")
    assert text == snapshot.read_text(encoding="utf-8")


def test_welsh_and_english_emails_differ_in_every_line(app):
    for template, (subjects, extra) in EMAILS.items():
        welsh = render(app, template, "cy", subjects["en"], extra).get_body(("plain",)).get_content()
        english = render(app, template, "en", subjects["en"], extra).get_body(("plain",)).get_content()
        shared = {line for line in welsh.splitlines() if line.strip()} & set(english.splitlines())
        assert shared <= {LINK, "Siân Ŵyn"}, shared
