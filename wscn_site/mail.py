"""Email in the recipient's language, written to the outbox; ``flask mail send`` delivers it.

Each email is a pair of templates, ``templates/email/NAME.txt`` and ``NAME.html``, rendered with
the recipient's locale forced, so subject, body and links all follow their language. Nothing here
talks to a mail server: ``queue_email`` adds the rendered message to the outbox in the caller's
transaction (so it exists exactly when the change that caused it is committed), and the sender
(``outbox.py``, over ``mail_transport.py``) delivers it with retries.
"""
import json
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from flask import current_app, has_request_context, render_template

from . import clock, email_address
from .extensions import db
from .i18n import in_language
from .models import OutboxAttachment, OutboxMessage


class MailError(RuntimeError):
    """The message could not be handed to the mail server; ``connection``: the server itself failed
    (unreachable, or dropped the connection), not just this message."""

    def __init__(self, text, connection=False):
        super().__init__(text)
        self.connection = connection


@dataclass(frozen=True)
class Attachment:
    """A file sent with an email: a calendar entry, an invoice."""
    filename: str
    content_type: str  # "text/calendar", "application/pdf"
    data: bytes


@contextmanager
def site_urls():
    """``url_for`` needs a request; the CLI, cron commands and tests have none, so links in emails are
    built as if at WSCN_SITE_URL (inside a request, its own context is used)."""
    if has_request_context():
        yield
        return
    with current_app.test_request_context("/", base_url=current_app.config["SITE_URL"]):
        yield


def message_domain():
    return current_app.config["MAIL_FROM"].rsplit("@", 1)[-1]


def render(template, lang, subject, **context):
    """(subject, text, html) of ``template`` in ``lang``."""
    with in_language(lang):
        context.update(lang=lang, site_url=current_app.config["SITE_URL"])
        text = render_template(f"email/{template}.txt", **context)
        html = render_template(f"email/{template}.html", **context)
        return str(subject), text, html


def assemble(to, subject, text, html, lang, headers=None, message_id=None, attachments=()):
    """The email itself: text and HTML alternatives, then any attachments."""
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
    for attachment in attachments:
        maintype, _, subtype = attachment.content_type.partition("/")
        message.add_attachment(attachment.data, maintype=maintype, subtype=subtype or "octet-stream",
                               filename=attachment.filename)
    message["Content-Language"] = lang  # after the content: set_content() resets Content-* headers
    return message


def build_message(to, subject, template, lang, headers=None, message_id=None, attachments=(), **context):
    """A text and HTML email in ``lang``; ``message_id`` when the same message may be sent again
    (so that mail systems can tell it is the same one), else a new one."""
    subject, text, html = render(template, lang, subject, **context)
    return assemble(to, subject, text, html, lang, headers, message_id, attachments)


def queue_email(to, subject, template, lang, headers=None, expires_in=None, attachments=(), **context):
    """Render the email and add it to the outbox in the current transaction (the caller commits).

    ``expires_in`` (seconds, or a timedelta): the lifetime of the link it carries; once that has
    passed the message is dropped rather than sent, and once sent its stored body is erased.
    """
    subject, text, html = render(template, lang, subject, **context)
    if isinstance(expires_in, (int, float)):
        expires_in = timedelta(seconds=expires_in)
    row = OutboxMessage(
        kind=template, recipient=email_address.normalised(to), language=lang, subject=subject,
        text_body=text, html_body=html, headers=json.dumps(headers or {}),
        message_id=make_msgid(domain=message_domain()),
        expires_at=clock.now() + expires_in if expires_in is not None else None,
        attachments=[OutboxAttachment(filename=a.filename, content_type=a.content_type, data=a.data)
                     for a in attachments])
    db.session.add(row)
    return row


def queue_for_sender(kind, to, lang="cy", subject="", expires_in=None, about_id=None, recipient_id=None):
    """Add a message with no body, to be rendered by the renderer registered for ``kind`` when it is
    sent (``outbox.register_renderer``), in the current transaction. Writing it costs the same
    whatever the sender later decides, so a request that queues one says nothing through its timing."""
    if isinstance(expires_in, (int, float)):
        expires_in = timedelta(seconds=expires_in)
    row = OutboxMessage(kind=kind, recipient=email_address.normalised(to), language=lang, subject=str(subject),
                        about_id=about_id, recipient_id=recipient_id,
                        expires_at=clock.now() + expires_in if expires_in is not None else None)
    db.session.add(row)
    return row


def send_email(to, subject, template, lang, headers=None, **context):
    """Queue the email and commit it with whatever the caller changed (the same transaction)."""
    row = queue_email(to, subject, template, lang, headers=headers, **context)
    db.session.commit()
    return row


def message_of(row):
    """The stored message of an outbox row, as an email."""
    attachments = [Attachment(a.filename, a.content_type, a.data) for a in row.attachments]
    return assemble(row.recipient, row.subject, row.text_body, row.html_body, row.language,
                    json.loads(row.headers or "{}"), row.message_id, attachments)
