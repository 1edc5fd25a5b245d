"""Sending the Briff: its queued messages go through the one sender (``outbox.py``, ``flask mail send``),
which asks this module to render each one when it goes.

Rendering at send time keeps what the site has always promised: members-only items arrive in
full only while the reader is entitled *when the email goes*, and the presented items are shared
by every reader of the same issue, language and entitlement within a run.
"""
from ..access import is_entitled
from ..extensions import db
from ..models import BriffIssue, Subscriber
from ..outbox import register_renderer
from .issue_email import build_issue_email, language_of, present_items
from .queue import KIND


def render_queued(row, shared):
    """The email of a queued Briff message, or None if its issue was taken off the site or its
    subscriber has gone."""
    issue, subscriber = db.session.get(BriffIssue, row.about_id), db.session.get(Subscriber, row.recipient_id)
    if issue is None or subscriber is None or issue.published_at is None:
        return None
    lang, user = language_of(subscriber), subscriber.user
    key = (KIND, issue.id, lang, is_entitled(user), user is not None)
    if key not in shared:
        shared[key] = present_items(issue, user, lang)
    return build_issue_email(issue, subscriber, shared[key])


def init_app(app):
    register_renderer(app, KIND, render_queued)
