"""Email in the recipient's language, over SMTP (or printed to the console under ``make run``).

Each email is a pair of templates, ``templates/email/NAME.txt`` and ``NAME.html``,
rendered with the recipient's locale forced, so subject, body and links all
follow their language.
"""
import logging
import smtplib
import sys
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from flask import current_app, render_template

from .i18n import in_language

log = logging.getLogger(__name__)


class MailError(RuntimeError):
    """The message could not be handed to the mail server."""


def message_domain():
    return current_app.config["MAIL_FROM"].rsplit("@", 1)[-1]


def build_message(to, subject, template, lang, headers=None, message_id=None, **context):
    """A text and HTML email in ``lang``; ``message_id`` when the same message may be sent again
    (so that mail systems can tell it is the same one), else a new one."""
    with in_language(lang):
        context.update(lang=lang, site_url=current_app.config["SITE_URL"])
        text = render_template(f"email/{template}.txt", **context)
        html = render_template(f"email/{template}.html", **context)
        subject = str(subject)
    config = current_app.config
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = formataddr((config["MAIL_SENDER_NAME"], config["MAIL_FROM"]))
    message["To"] = to
    message["Message-ID"] = message_id or make_msgid(domain=message_domain())
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    message["Content-Language"] = lang  # after the content: set_content() resets Content-* headers
    return message


def deliver(message):
    config = current_app.config
    if not config["MAIL_SERVER"]:
        sys.stdout.write(f"\n---- email (no WSCN_MAIL_SERVER set, printed instead) ----\n"
                         f"{message.as_string()}\n---- end of email ----\n")
        sys.stdout.flush()
        return
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=15) as smtp:
            if config["MAIL_STARTTLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        log.error("could not send email to %s: %s", message["To"], exc)
        raise MailError(str(exc)) from exc


def send_email(to, subject, template, lang, headers=None, **context):
    deliver(build_message(to, subject, template, lang, headers=headers, **context))
