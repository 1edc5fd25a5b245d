from flask import abort, g, render_template, request
from flask_login import current_user
from sqlalchemy.orm import selectinload

from ..access import can_view, is_entitled, visible_resource
from ..byte_ranges import sends_first_byte
from ..extensions import db
from ..file_delivery import deliver, etag_for, stat_or_unavailable
from ..i18n import localized_route
from ..listing import page_count
from ..markup import render as render_markdown
from ..models import DownloadRecord, Resource, ResourceFile
from ..portal_cache import kept_per_session
from ..storage import store
from . import bp, library
from ..labels import FILE_KIND_NAMES, FILE_LANGUAGES, RESOURCE_KINDS


@bp.app_context_processor
def labels():
    return {"kind_labels": RESOURCE_KINDS, "file_language_labels": FILE_LANGUAGES,
            "file_kind_names": FILE_KIND_NAMES}


@localized_route(bp, {"en": "/members/", "cy": "/aelodau/"})
@kept_per_session
def dashboard():
    organisation = current_user.organisation
    return render_template(
        "members/dashboard.html",
        organisation=organisation,
        current=is_entitled(current_user),
        latest=library.latest(current_user),
    )


@localized_route(bp, {"en": "/members/library", "cy": "/aelodau/llyfrgell"})
@kept_per_session
def library_page():
    filters = library.Filters.from_args(request.args)
    resources, total = library.find(current_user, g.lang, filters)
    pages = page_count(total, library.PAGE_SIZE)
    return render_template("members/library.html", filters=filters, resources=resources, total=total,
                           pages=pages, topics=library.all_topics())


@localized_route(bp, {"en": "/members/resources/<int:resource_id>", "cy": "/aelodau/adnoddau/<int:resource_id>"})
@kept_per_session
def resource(resource_id):
    item = visible_resource(current_user, resource_id, selectinload(Resource.topics), selectinload(Resource.files))
    if item is None:
        abort(404)
    return render_template("members/resource.html", resource=item,
                           summary=render_markdown(item.summary(g.lang)))


@localized_route(bp, {"en": "/members/files/<int:file_id>/<path:name>", "cy": "/aelodau/ffeiliau/<int:file_id>/<path:name>"})
def download(file_id, name):
    """Send a file (Range requests work; through nginx when configured, file_delivery.py) after the
    same access rule as every other path."""
    stored = db.session.get(ResourceFile, file_id)
    if stored is None or name != stored.original_name or not can_view(current_user, stored.resource):
        abort(404)
    files = store()
    stat = stat_or_unavailable(files, stored.storage_name, f"{stored.original_name} of resource {stored.resource_id}")
    if stored.purpose != "captions" and sends_first_byte(request.environ, stat.size, etag_for(files, stored, stat),
                                                         stat.modified):
        db.session.add(DownloadRecord(user_id=current_user.id, resource_id=stored.resource_id,
                                      file_name=stored.original_name))
        db.session.commit()
    return deliver(files, stored, stat)
