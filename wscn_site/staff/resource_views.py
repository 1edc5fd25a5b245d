"""Staff pages for resources: list, create, view (with its download log), edit, unpublish, delete.

Flash messages use gettext, not lazy_gettext (see people_views).
"""
from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import terms
from ..body_limits import STAFF_UPLOADS, accepts_uploads
from ..i18n import localized_route
from ..models import Resource
from . import bp, operations, queries
from .forms import ResourceForm

RESOURCE = "/staff/resources/<int:resource_id>"
ADNODD = "/staff/adnoddau/<int:resource_id>"


@localized_route(bp, {"en": "/staff/resources", "cy": "/staff/adnoddau"})
def resources():
    return render_template("staff/resources.html", resources=queries.all_resources())


@localized_route(bp, {"en": "/staff/resources/new", "cy": "/staff/adnoddau/newydd"}, methods=["GET", "POST"])
@accepts_uploads(STAFF_UPLOADS)
def new_resource():
    form = ResourceForm()
    if form.is_submitted():
        item = operations.save_resource(form, current_user)
        if item is not None:
            flash(_("The resource has been saved."), "info")
            terms.flash_warnings(form)
            return redirect(url_for("staff.resource", resource_id=item.id))
    return render_template("staff/resource_form.html", form=form, resource=None)


@localized_route(bp, {"en": RESOURCE, "cy": ADNODD})
def resource(resource_id):
    item = queries.get_or_404(Resource, resource_id)
    return render_template("staff/resource.html", resource=item, downloads=queries.downloads_of(item))


@localized_route(bp, {"en": RESOURCE + "/edit", "cy": ADNODD + "/golygu"}, methods=["GET", "POST"])
@accepts_uploads(STAFF_UPLOADS)
def edit_resource(resource_id):
    item = queries.get_or_404(Resource, resource_id)
    form = ResourceForm(resource=item)
    if form.is_submitted() and operations.save_resource(form, current_user, item) is not None:
        flash(_("Your changes have been saved."), "info")
        terms.flash_warnings(form)
        return redirect(url_for("staff.resource", resource_id=item.id))
    return render_template("staff/resource_form.html", form=form, resource=item)


@localized_route(bp, {"en": RESOURCE + "/unpublish", "cy": ADNODD + "/dadgyhoeddi"}, methods=["GET", "POST"])
def unpublish_resource(resource_id):
    item = queries.get_or_404(Resource, resource_id)
    if request.method == "POST" and operations.unpublish_resource(item, current_user):
        flash(_("The resource is unpublished: members can no longer see it."), "info")
    return redirect(url_for("staff.resource", resource_id=item.id))


@localized_route(bp, {"en": RESOURCE + "/delete", "cy": ADNODD + "/dileu"}, methods=["GET", "POST"])
def delete_resource(resource_id):
    item = queries.get_or_404(Resource, resource_id)
    if request.method == "POST":
        title = item.title(g.lang)
        operations.delete_resource(item, current_user)
        flash(_("“%(title)s” and its files have been deleted.", title=title), "info")
        return redirect(url_for("staff.resources"))
    return render_template("staff/resource_delete.html", resource=item)
