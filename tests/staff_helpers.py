"""Shared steps for the staff-tool tests."""
from pathlib import Path

import sqlalchemy as sa

from factories import PDF, csrf_token, log_in
from wscn_site.extensions import db

NEW_RESOURCE = {"en": "/en/staff/resources/new", "cy": "/cy/staff/adnoddau/newydd"}


def staff_client(app, portal, lang="en"):
    client = app.test_client()
    assert log_in(client, portal.users["staff"].email, lang=lang).status_code == 302
    return client


def member_client(app, portal, who="member"):
    client = app.test_client()
    assert log_in(client, portal.users[who].email).status_code == 302
    return client


def post_form(client, path, data=None, token_from=None, **kwargs):
    """POST to ``path`` with the CSRF token of the page at ``token_from`` (default: ``path``)."""
    token = csrf_token(client.get(token_from or path).text)
    return client.post(path, data={**(data or {}), "csrf_token": token}, **kwargs)


def resource_data(**overrides):
    data = {
        "title_cy": "Briff ar ddyletswyddau ŵyr ac ŷd", "title_en": "Briefing on the new duties",
        "summary_cy": "Crynodeb yn Gymraeg.", "summary_en": "A summary in English.",
        "kind": "briefing", "audience": "members", "publish": "yes", "video_language": "bilingual",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def upload(content, name):
    import io

    return (io.BytesIO(content), name)


def create_resource(client, lang="en", files=None, **fields):
    data = resource_data(**fields)
    data.update(files or {"document_en": upload(PDF, "duties-briefing.pdf")})
    return post_form(client, NEW_RESOURCE[lang], data, content_type="multipart/form-data")


def stored_files(app):
    """The app's stored files, and uploads staged in the private folder (as paths, or objects for S3)."""
    folder = Path(app.config["PRIVATE_DIR"])
    on_disk = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []
    if not app.config.get("STORAGE_URL"):
        return on_disk
    from object_store import StoredObject, objects_in

    staged = [StoredObject(str(p.relative_to(folder)), "", "") for p in on_disk]
    return sorted(objects_in(app.config) + staged)


def count(app, model, *conditions):
    with app.app_context():
        return db.session.execute(sa.select(sa.func.count()).select_from(model).where(*conditions)).scalar_one()


def topic_ids(app, *slugs):
    from wscn_site.models import Topic

    with app.app_context():
        return [str(db.session.execute(sa.select(Topic.id).where(Topic.slug == slug)).scalar_one()) for slug in slugs]


def audit_actions(app):
    from wscn_site.models import AuditEntry

    with app.app_context():
        return [e.action for e in db.session.execute(sa.select(AuditEntry).order_by(AuditEntry.id)).scalars()]
