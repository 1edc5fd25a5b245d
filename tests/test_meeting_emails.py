"""The annual meeting's three emails, in both languages, compared with the expected text kept beside
the tests (tests/emails/); after an intended change run with WSCN_UPDATE_SNAPSHOTS=1 and review the diff."""
import os
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest

from wscn_site.mail import build_message
from wscn_site.meetings.notices import SUBJECTS

SNAPSHOTS = Path(__file__).resolve().parent / "emails"
LINK = "https://safercommunities.example/LINK"
PREFERENCES = "https://safercommunities.example/PREFERENCES"
EXPECTED_SUBJECTS = {
    "agenda": {"en": "The annual meeting of members: the agenda, and your questions",
               "cy": "Cyfarfod blynyddol yr aelodau: yr agenda, a'ch cwestiynau"},
    "reminder": {"en": "A week left to send your questions to the annual meeting of members",
                 "cy": "Wythnos ar ôl i anfon eich cwestiynau i gyfarfod blynyddol yr aelodau"},
    "answers": {"en": "The annual meeting of members: the answers and the minutes",
                "cy": "Cyfarfod blynyddol yr aelodau: yr atebion a'r cofnodion"},
}


def _render(app, kind, lang):
    person = SimpleNamespace(name="Siân Ŵyn", email="sian@example.org", language=lang)
    meeting = SimpleNamespace(starts_at=datetime(2027, 6, 10, 9, 0, tzinfo=timezone.utc),
                              questions_close_at=datetime(2027, 5, 27, 22, 59, tzinfo=timezone.utc))
    with app.test_request_context(f"/{lang}/"):
        return build_message(person.email, SUBJECTS[kind], f"meeting_{kind}", lang, person=person, meeting=meeting,
                             link=LINK, preferences=PREFERENCES)


@pytest.mark.parametrize("lang", ["cy", "en"])
@pytest.mark.parametrize("kind", sorted(SUBJECTS))
def test_meeting_email_matches_its_snapshot(app, kind, lang):
    message = _render(app, kind, lang)
    assert message["Subject"] == EXPECTED_SUBJECTS[kind][lang] and message["Content-Language"] == lang
    text, html = message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()
    assert LINK in text and f'href="{LINK}"' in html and f'href="{PREFERENCES}"' in html  # opting out is one click away
    snapshot = SNAPSHOTS / f"meeting_{kind}.{lang}.txt"
    if os.environ.get("WSCN_UPDATE_SNAPSHOTS"):
        snapshot.write_text(text, encoding="utf-8")
    assert text == snapshot.read_text(encoding="utf-8")


def test_welsh_and_english_meeting_emails_differ_in_every_line(app):
    for kind in SUBJECTS:
        welsh = _render(app, kind, "cy").get_body(("plain",)).get_content()
        english = _render(app, kind, "en").get_body(("plain",)).get_content()
        shared = {line for line in welsh.splitlines() if line.strip()} & set(english.splitlines())
        assert shared <= {LINK, PREFERENCES, "Siân Ŵyn"}, shared
