"""The public booking form of a non-member as a browser sends it, and the links of its emails."""
import re

import sqlalchemy as sa

from booking_helpers import attendee_data, fingerprint
from factories import csrf_token
from wscn_site.extensions import db
from wscn_site.models import OutboxMessage

PATHS = {"en": "/en/events/{}/book", "cy": "/cy/digwyddiadau/{}/archebu"}
BOOKER = {"booker_name": "Nia Booker", "booker_email": "nia@acme.example", "booker_language": "en",
          "organisation_name": "Acme Safety Ltd", "billing_address": "1 High Street\nCardiff CF10 1AA"}


def review(client, event_id, people, lang="en", **booker):
    path = PATHS[lang].format(event_id)
    page = client.get(f"{path}?places={len(people)}")
    assert page.status_code == 200, page.text
    key = page.text.split('name="request_key"', 1)[1].split('value="', 1)[1].split('"', 1)[0]
    data = {"csrf_token": csrf_token(page.text), "request_key": key, "step": "review", **BOOKER, **booker,
            **attendee_data(people)}
    return client.post(path, data=data), data, path


def hold(client, event_id, people, lang="en", **booker):
    shown, data, path = review(client, event_id, people, lang, **booker)
    assert shown.status_code == 200, shown.text
    return client.post(path, data={**data, "step": "confirm", "confirmed": fingerprint(shown.text)})


def link(app, recipient, kind, part):
    """The last link containing ``part`` in the last email of ``kind`` to ``recipient``."""
    with app.app_context():
        message = db.session.execute(sa.select(OutboxMessage).where(
            OutboxMessage.recipient == recipient, OutboxMessage.kind == kind)
            .order_by(OutboxMessage.id.desc())).scalars().first()
        assert message is not None, f"no {kind} email to {recipient}"
        found = [url for url in re.findall(r"https?://\S+", message.text_body) if part in url]
        assert found, message.text_body
        return "/" + found[-1].split("://", 1)[1].split("/", 1)[1]


def post_link(client, path):
    page = client.get(path)
    return client.post(path, data={"csrf_token": csrf_token(page.text)})
