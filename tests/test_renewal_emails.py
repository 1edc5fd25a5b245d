"""The renewal emails, in both languages and bilingual, compared with the text kept in tests/emails/
(WSCN_UPDATE_SNAPSHOTS=1 rewrites them: review the diff)."""
import os
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from wscn_site.extensions import db
from wscn_site.membership.reminders import SUBJECTS
from wscn_site.membership.renew_email import queue_renewal_email
from wscn_site.models import OutboxMessage

SNAPSHOTS = Path(__file__).resolve().parent / "emails"
ORGANISATION = SimpleNamespace(name=lambda lang: "Cyngor Gwynedd ŵ" if lang == "cy" else "Gwynedd Council ŵ")


def queued(app, lang, kind="invitation", lead=True):
    with app.test_request_context("/"):
        queue_renewal_email("someone@example.org", SUBJECTS[kind], lang, year=2027, kind=kind,
                            name="Siân Ŵyn", lead=lead, organisation=ORGANISATION)
        db.session.commit()
        message = db.session.execute(sa.select(OutboxMessage).order_by(OutboxMessage.id.desc())).scalars().first()
        return message.subject, message.text_body, message.html_body


def check_snapshot(name, text):
    snapshot = SNAPSHOTS / name
    if os.environ.get("WSCN_UPDATE_SNAPSHOTS"):
        snapshot.write_text(text, encoding="utf-8")
    assert text == snapshot.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["cy", "en"])
@pytest.mark.parametrize("kind, lead", [("invitation", True), ("reminder", True), ("invitation", False)])
def test_renewal_email_matches_its_snapshot(app, lang, kind, lead):
    subject, text, html = queued(app, lang, kind, lead)
    check_snapshot(f"renew_{kind}{'' if lead else '_finance'}.{lang}.txt", f"{subject}\n\n{text}")
    assert f'<html lang="{lang}">' in html
    link = "https://safercommunities.example" + ("/cy/aelodau/adnewyddu" if lang == "cy" else "/en/members/renew")
    assert (link in text and f'href="{link}"' in html) is lead


def test_welsh_and_english_renewal_emails_differ_in_every_line(app):
    welsh, english = queued(app, "cy")[1], queued(app, "en")[1]
    shared = {line for line in welsh.splitlines() if line.strip()} & set(english.splitlines())
    assert shared <= {"Siân Ŵyn"}, shared


def test_a_bilingual_renewal_email_is_welsh_first(app):
    subject, text, html = queued(app, "both", lead=False)
    check_snapshot("renew_invitation_finance.both.txt", f"{subject}\n\n{text}")
    assert html.index('<div lang="cy">') < html.index('<div lang="en">')
    assert "Mae aelodaeth Cyngor Gwynedd ŵ" in html and "The membership of Gwynedd Council ŵ" in html


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_the_renewal_confirmation_matches_its_snapshot(app, lang):
    from wscn_site.mail import build_message

    membership = SimpleNamespace(fee_pence=1_000_000, year=2027)
    invoice = SimpleNamespace(number="2026-27/0042")
    with app.test_request_context("/"):
        message = build_message("lead@example.org", "Renewed", "renew_confirmed", lang,
                                user=SimpleNamespace(name="Siân Ŵyn"), organisation=ORGANISATION,
                                membership=membership, invoice=invoice, why=None, year_label="2027–28",
                                link="https://safercommunities.example/LINK")
    check_snapshot(f"renew_confirmed.{lang}.txt", message.get_body(("plain",)).get_content())
