"""Staff pages for writing the Briff: issues, items, preview, publishing, revisions.

Only staff reach them (the staff tools' own check: others get a 404, anonymous visitors the
login page). Views stay thin: every change is in operations.py. Flash messages use gettext,
never lazy_gettext (see staff/people_views.py).
"""

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from .. import clock, terms
from ..access import staff_only
from ..extensions import db
from ..formatting import long_date
from ..i18n import LANGUAGES, in_language, localized_route
from ..models import BriffIssue, BriffRevision
from . import bp, labels, operations, queries, queue
from .forms import IssueForm, ItemForm, ScheduleForm
from .presenting import present_all
from .reading_views import issue_title

ISSUE = "/staff/briff/<int:issue_id>"
ITEM = ISSUE + "/items/<int:item_id>"
EITEM = ISSUE + "/eitemau/<int:item_id>"


@bp.context_processor
def editor_helpers():
    return {"briff_when": labels.when, "briff_problems": labels.problems,
            "briff_describe": lambda revision: labels.describe(revision, g.lang)}



def route(en, cy, **options):
    def register(view):
        return localized_route(bp, {"en": en, "cy": cy}, **options)(staff_only(view))

    return register


def _issue(issue_id):
    return db.get_or_404(BriffIssue, issue_id)


def _item(issue, item_id):
    return next((item for item in issue.items if item.id == item_id), None) or abort(404)


def _to_issue(issue):
    return redirect(url_for("briff.staff_issue", issue_id=issue.id))


def _issue_page(issue, schedule_form=None, refused=None):
    readiness = operations.readiness(issue)
    lines = {item.id: labels.problems(number, item, missing, stale) for number, item, missing, stale in readiness.items}
    return render_template("briff/staff_issue.html", issue=issue, schedule_form=schedule_form or ScheduleForm(),
                           readiness=readiness, problem_lines=lines, refused=refused,
                           counts=queue.delivery_counts(issue) if issue.published_at else None)


@route("/staff/briff/", "/staff/briff/")
def staff_issues():
    return render_template("briff/staff_issues.html", issues=queries.all_issues())


@route("/staff/briff/new", "/staff/briff/newydd", methods=["GET", "POST"])
def new_issue():
    form = IssueForm(data={"number": str(queries.next_number()), "issue_date": clock.today().strftime("%d/%m/%Y")})
    if form.validate_on_submit():
        try:
            issue = operations.create_issue(form.number_value, form.date_value, current_user)
        except operations.Refused:
            form.number.errors.append(_("There is already an issue with this number"))
        else:
            flash(_("Issue %(number)s has been created. Now add its items.", number=issue.number), "info")
            return _to_issue(issue)
    return render_template("briff/staff_issue_form.html", form=form, issue=None)


@route(ISSUE, ISSUE)
def staff_issue(issue_id):
    return _issue_page(_issue(issue_id))


@route(ISSUE + "/edit", ISSUE + "/golygu", methods=["GET", "POST"])
def edit_issue(issue_id):
    issue = _issue(issue_id)
    form = IssueForm(issue=issue)
    if form.validate_on_submit():
        try:
            operations.update_issue(issue, form.number_value, form.date_value, current_user)
        except operations.NotReady as refusal:
            return _issue_page(issue, refused=refusal.readiness)
        except operations.Refused as refusal:
            form.number.errors.append(_refused_number(refusal.reason))
        else:
            flash(_("Your changes have been saved."), "info")
            return _to_issue(issue)
    return render_template("briff/staff_issue_form.html", form=form, issue=issue)


def _refused_number(reason):
    if reason == "published-number":
        return _("A published issue keeps its number: its address is in emails already sent and in the feed")
    return _("There is already an issue with this number")


def _problem_field(readiness):
    """The field of the item form to put right first, for the error summary's link."""
    for _number, _item, missing, stale in readiness.items:
        if missing:
            return missing[0]
        if stale:
            return "welsh_checked-0" if stale == "cy" else "english_checked-0"
    return "title_cy"


def _item_page(issue, item):
    form, refused = ItemForm(item=item), None
    if form.validate_on_submit():
        values = {name: form[name].data for name in ("title_cy", "title_en", "body_cy", "body_en", "visibility")}
        values |= {"link": form.link.data or None, "topic_id": form.topic.data or None,
                   "confidential": form.is_confidential}
        try:
            operations.save_item(issue, values, current_user, item, checked=form.checked)
        except operations.NotReady as refusal:
            refused = refusal.readiness
        else:
            flash(_("The item has been saved."), "info")
            terms.flash_warnings(form)
            return _to_issue(issue)
    return render_template("briff/staff_item_form.html", form=form, issue=issue, item=item, refused=refused,
                           refused_field=_problem_field(refused) if refused is not None else None,
                           stale=operations.is_stale(item) if item is not None else None)


@route(ISSUE + "/items/new", ISSUE + "/eitemau/newydd", methods=["GET", "POST"])
def new_item(issue_id):
    return _item_page(_issue(issue_id), None)


@route(ITEM, EITEM, methods=["GET", "POST"])
def edit_item(issue_id, item_id):
    issue = _issue(issue_id)
    return _item_page(issue, _item(issue, item_id))


@route(ITEM + "/move", EITEM + "/symud", methods=["GET", "POST"])
def move_item(issue_id, item_id):
    issue = _issue(issue_id)
    if request.method == "POST":
        try:
            operations.move_item(issue, _item(issue, item_id), request.form.get("direction", ""), current_user)
        except operations.NotReady as refusal:
            return _issue_page(issue, refused=refusal.readiness)
    return _to_issue(issue)


@route(ITEM + "/remove", EITEM + "/tynnu", methods=["GET", "POST"])
def remove_item(issue_id, item_id):
    issue = _issue(issue_id)
    if request.method == "POST":
        try:
            operations.remove_item(issue, _item(issue, item_id), current_user)
        except operations.NotReady as refusal:
            return _issue_page(issue, refused=refusal.readiness)
        flash(_("The item has been removed. You can bring it back from the list of versions."), "info")
    return _to_issue(issue)


@route(ISSUE + "/preview", ISSUE + "/rhagolwg")
def preview(issue_id):
    """Both languages side by side, each rendered with the readers' own template in its own language."""
    issue = _issue(issue_id)
    as_public = request.args.get("as") == "public"
    viewer = None if as_public else current_user
    columns = []
    for lang in LANGUAGES:
        with in_language(lang):
            path = url_for("briff.issue", number=issue.number, lang_code=lang)
            html = Markup(render_template(  # nosec B704: our own template, autoescaped as it was rendered
                "briff/_issue_body.html", issue=issue, items=present_all(issue.items, viewer, lang), lang=lang,
                level=3, return_to=path, base_url="", viewer=viewer, id_prefix=f"{lang}-"))
            columns.append({"lang": lang, "title": issue_title(issue), "date": long_date(issue.issue_date),
                            "html": html})
    return render_template("briff/staff_preview.html", issue=issue, columns=columns, as_public=as_public)


def _publishing(issue, action):
    try:
        return action()
    except operations.NotReady as refusal:
        return _issue_page(issue, refused=refusal.readiness)
    except operations.Refused:
        flash(_("The issue is already published."), "error")
        return _to_issue(issue)


@route(ISSUE + "/publish", ISSUE + "/cyhoeddi", methods=["GET", "POST"])
def publish(issue_id):
    issue = _issue(issue_id)
    if request.method != "POST":
        return _to_issue(issue)

    def act():
        if operations.publish_now(issue, current_user):
            flash(_("Issue %(number)s is published and its emails are on their way.", number=issue.number), "info")
        return _to_issue(issue)

    return _publishing(issue, act)


@route(ISSUE + "/schedule", ISSUE + "/amserlennu", methods=["GET", "POST"])
def schedule(issue_id):
    issue = _issue(issue_id)
    form = ScheduleForm()
    if request.method != "POST":
        return _to_issue(issue)
    if not form.validate():
        return _issue_page(issue, schedule_form=form)

    def act():
        operations.schedule(issue, form.when, current_user)
        flash(_("Issue %(number)s will be published at the time you chose.", number=issue.number), "info")
        return _to_issue(issue)

    return _publishing(issue, act)


@route(ISSUE + "/unschedule", ISSUE + "/canslo-amserlen", methods=["GET", "POST"])
def unschedule(issue_id):
    issue = _issue(issue_id)
    if request.method == "POST" and operations.cancel_schedule(issue, current_user):
        flash(_("The issue is no longer scheduled: it is a draft again."), "info")
    return _to_issue(issue)


@route(ISSUE + "/unpublish", ISSUE + "/dadgyhoeddi", methods=["GET", "POST"])
def unpublish(issue_id):
    issue = _issue(issue_id)
    if request.method == "POST" and operations.unpublish(issue, current_user):
        flash(_("The issue is unpublished: it is off the site and the feed, and unsent emails will not go."), "info")
    return _to_issue(issue)


@route(ISSUE + "/revisions", ISSUE + "/fersiynau")
def revisions(issue_id):
    issue = _issue(issue_id)
    return render_template("briff/staff_revisions.html", issue=issue, revisions=issue.revisions)


@route(ISSUE + "/revisions/<int:revision_id>/restore", ISSUE + "/fersiynau/<int:revision_id>/adfer",
       methods=["GET", "POST"])
def restore(issue_id, revision_id):
    issue = _issue(issue_id)
    revision = db.session.get(BriffRevision, revision_id)
    if revision is None or revision.issue_id != issue.id:
        abort(404)
    if request.method != "POST":
        return redirect(url_for("briff.revisions", issue_id=issue.id))
    try:
        operations.restore(issue, revision, current_user)
    except operations.NotReady as refusal:
        return _issue_page(issue, refused=refusal.readiness)
    except operations.Refused as refusal:
        if refusal.reason == "published-number":
            flash(_("That version cannot be restored: it has another number, and a published issue keeps its number."),
                  "error")
        else:
            flash(_("That version cannot be restored: another issue now has its number."), "error")
        return redirect(url_for("briff.revisions", issue_id=issue.id))
    flash(_("The earlier version has been restored."), "info")
    return _to_issue(issue)
