"""The renewal invitation and reminder: in the recipient's language, or bilingual (Welsh first)
for a finance contact whose organisation chose "both" for its invoices."""
from datetime import date

from flask import current_app, render_template, url_for
from markupsafe import Markup

from ..access import grace_ends
from ..i18n import in_language
from ..mail import queue_email, render

TEMPLATE = "renew_notice"


def year_label(year):
    return f"{year}–{(year + 1) % 100:02d}"


def renew_link(lang):
    return current_app.config["SITE_URL"] + url_for("membership.renew", lang_code=lang)


def queue_renewal_email(to, subject, lang, *, year, **context):
    """Queue one renewal email; ``subject(year_label)`` gives its lazy subject. The caller commits."""
    context.update(year=year, year_label=year_label(year), ends=date(year, 3, 31), grace_ends=grace_ends(year))
    if lang in ("cy", "en"):
        return queue_email(to, _subject(subject, year), TEMPLATE, lang, link=renew_link(lang), **context)
    parts = {}
    for part in ("cy", "en"):
        title, text, _html = render(TEMPLATE, part, _subject(subject, year), link=renew_link(part), **context)
        with in_language(part):
            body = render_template(f"email/_{TEMPLATE}_body.html", lang=part, link=renew_link(part), **context)
        parts[part] = (title, text, Markup(body))
    return queue_email(to, f"{parts['cy'][0]} / {parts['en'][0]}", "renew_bilingual", "cy",
                       cy_text=parts["cy"][1], en_text=parts["en"][1], cy_body=parts["cy"][2],
                       en_body=parts["en"][2])


def _subject(subject, year):
    return subject(year_label(year))
