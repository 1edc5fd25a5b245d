"""One issue of the Briff as an email to one subscriber, in their language.

Each item goes through ``presenting.present`` with the subscriber's portal user (or None), so a
members-only item arrives in full only while that user is entitled; everyone else gets the
placeholder, without the title when the item is confidential. Every email carries an unsubscribe
link and the RFC 8058 headers.
"""
import hashlib
import hmac
from dataclasses import dataclass

from flask import current_app, url_for
from flask_babel import gettext as _

from ..access import is_entitled
from ..formatting import long_date
from ..i18n import LANGUAGES, in_language
from ..mail import build_message, message_domain
from .plaintext import plain_text
from .presenting import present


@dataclass(frozen=True)
class EmailItem:
    item: object  # presenting.Presented
    text: str  # the body as plain text ("" when locked)


def language_of(subscriber):
    return subscriber.language if subscriber.language in LANGUAGES else "cy"


def present_items(issue, user, lang):
    """The issue's items as ``user`` may see them in ``lang``, each with its plain text."""
    entitled = is_entitled(user)
    presented = [present(item, user, lang, entitled) for item in issue.items]
    return [EmailItem(item, "" if item.locked else plain_text(item.body_html)) for item in presented]


def links(issue, subscriber, lang):
    site = current_app.config["SITE_URL"]
    page = url_for("briff.issue", number=issue.number, lang_code=lang)
    return {
        "issue_url": site + page,
        "login_url": site + url_for("auth.login", lang_code=lang, next=page),
        "unsubscribe_url": site + url_for("briff.unsubscribe", token=subscriber.token, lang_code=lang),
        "one_click_url": site + url_for("briff.unsubscribe_one_click", token=subscriber.token, lang_code=lang),
    }


def message_id(issue, subscriber):
    """The same Message-ID each time this issue goes to this subscriber: were a delivery ever sent
    twice (a sender killed between the mail server taking it and recording it), mail systems that
    drop repeated Message-IDs show it once. Keyed with the secret key, so it names nobody."""
    key = current_app.config["SECRET_KEY"]
    key = key.encode() if isinstance(key, str) else key
    digest = hmac.new(key, f"briff/{issue.id}/{subscriber.id}".encode(), hashlib.sha256).hexdigest()[:32]
    return f"<briff-{issue.number}-{digest}@{message_domain()}>"


def build_issue_email(issue, subscriber, items=None):
    """The message for ``subscriber``; ``items`` (from ``present_items``) may be passed in, shared
    by every subscriber with the same language and entitlement."""
    lang = language_of(subscriber)
    if items is None:
        items = present_items(issue, subscriber.user, lang)
    urls = links(issue, subscriber, lang)
    with in_language(lang):
        subject = _("The Briff, issue %(number)s", number=issue.number)
        issue_date = long_date(issue.issue_date)
    headers = {"List-Unsubscribe": f"<{urls['one_click_url']}>",
               "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return build_message(subscriber.email, subject, "briff_issue", lang, headers=headers,
                         message_id=message_id(issue, subscriber), title=subject,
                         issue_date=issue_date, items=items, member=subscriber.user is not None, **urls)
