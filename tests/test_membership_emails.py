"""The membership application emails, in both languages, compared with the expected text kept beside
the tests (tests/emails/). After an intended change, run with WSCN_UPDATE_SNAPSHOTS=1 and review the diff."""
import os
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest

from wscn_site.mail import build_message
from wscn_site.models import MembershipApplication

SNAPSHOTS = Path(__file__).resolve().parent / "emails"
LINK = "https://safercommunities.example/LINK"
MESSAGE = "Beth oedd cyllideb y sefydliad y llynedd?\nDiolch."
EMAILS = {
    "membership_application_received": {"en": "We have received your application to join the Network",
                                        "cy": "Rydym wedi cael eich cais i ymuno â'r Rhwydwaith"},
    "membership_application_staff": {"en": "New membership application", "cy": "Cais newydd am aelodaeth"},
    "membership_needs_info": {"en": "We need more information about your application",
                              "cy": "Mae angen rhagor o wybodaeth arnom am eich cais"},
    "membership_declined": {"en": "Your application to join the Network", "cy": "Eich cais i ymuno â'r Rhwydwaith"},
}


def application(**fields):
    values = dict(name_en="Isle of Anglesey County Council", name_cy="Cyngor Sir Ynys Môn", kind="local-authority",
                  budget=Decimal("250"), band="medium", fee_pence=1_000_000, lead_name="Siân Ŵyn",
                  lead_email="sian@example.org", lead_language="cy", status="pending",
                  created_at=datetime(2027, 1, 5, tzinfo=timezone.utc))
    values.update(fields)
    return MembershipApplication(**values)


def render(app, template, lang, **extra):
    from flask_babel import lazy_gettext

    context = dict(application=application(), years=[2026, 2027], message=MESSAGE, link=LINK, duplicate=None,
                   others=[object()], person=SimpleNamespace(name="Gwyn Staff"))
    context.update(extra)
    with app.test_request_context(f"/{lang}/"):
        return build_message("sian@example.org", lazy_gettext(EMAILS[template]["en"]), template, lang, **context)


@pytest.mark.parametrize("lang", ["cy", "en"])
@pytest.mark.parametrize("template", sorted(EMAILS))
def test_email_matches_its_snapshot(app, template, lang):
    message = render(app, template, lang)
    assert message["Subject"] == EMAILS[template][lang] and message["Content-Language"] == lang
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert f'<html lang="{lang}">' in html
    snapshot = SNAPSHOTS / f"{template}.{lang}.txt"
    if os.environ.get("WSCN_UPDATE_SNAPSHOTS"):
        snapshot.write_text(text, encoding="utf-8")
    assert text == snapshot.read_text(encoding="utf-8")


def test_an_unbanded_application_says_staff_agree_the_fee(app):
    message = render(app, "membership_application_received", "cy", application=application(band=None, fee_pence=None),
                     years=[2026])
    text = message.get_body(("plain",)).get_content()
    assert "Bydd staff y Rhwydwaith yn cytuno ar y ffi gyda chi." in text and "Byddai'r aelodaeth yn cynnwys 2026–27." in text


@pytest.mark.parametrize("count, welsh", [(1, "mae 1 cais agored arall"), (2, "mae 2 gais agored arall"),
                                          (3, "mae 3 chais agored arall"), (6, "mae 6 chais agored arall")])
def test_the_count_of_other_applications_follows_welsh_plural_forms(app, count, welsh):
    text = render(app, "membership_application_staff", "cy", others=[object()] * count).get_body(("plain",)).get_content()
    assert welsh in text
