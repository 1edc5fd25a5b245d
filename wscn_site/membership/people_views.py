"""The organisation's lead manages its people in the portal: the list, inviting a colleague,
deactivating and reactivating, and handing the lead role to someone else.

Only an active lead reaches these pages, and only for their own organisation: the organisation
comes from the lead's account, never from the address, and a person of another organisation is
a 404 exactly like an id that does not exist. Everyone else logged in gets a 404 too (Network
staff manage every account in the staff tools); anonymous visitors are sent to log in.
Flash messages use gettext, never lazy_gettext (a lazy string counts as safe HTML).
"""
from functools import wraps

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import labels
from ..extensions import limiter
from ..i18n import localized_route
from . import bp
from . import people_operations as operations
from . import people_queries as queries
from .people_forms import ColleagueForm

PEOPLE = {"en": "/members/people", "cy": "/aelodau/pobl"}
PERSON = {"en": "/members/people/<int:user_id>", "cy": "/aelodau/pobl/<int:user_id>"}
INVITE_LIMIT = "20 per hour"  # PEOPLE_INVITE_LIMIT: invitations one lead may send


def _path(paths, en, cy):
    return {"en": paths["en"] + en, "cy": paths["cy"] + cy}


def lead_only(view):
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if g.get("database_unavailable"):
            abort(503)
        if not (current_user.is_active and current_user.role == "lead" and current_user.organisation_id):
            abort(404)
        return view(*args, **kwargs)

    return wrapped


def _invitation_sent(response):
    return g.get("people_invitation_sent", False)


#: Invitations one lead may send (first and repeated alike), counted only when one is sent.
invitation_limit = limiter.shared_limit(
    lambda: current_app.config.get("PEOPLE_INVITE_LIMIT", INVITE_LIMIT), scope="people-invite",
    key_func=lambda: f"lead:{current_user.id}", methods=["POST"], deduct_when=_invitation_sent)


def refusal_message(reason):
    """Why an operation was refused, in the page's language."""
    if reason == "self":
        return _("You cannot do that to your own account.")
    if reason == "lead":
        return _("Only Network staff can deactivate or reactivate an organisation lead.")
    if reason == "not-active":
        return _("The lead role can only go to someone who has accepted their invitation and whose account is active.")
    return _("You are not allowed to do that.")


def _organisation_id():
    return current_user.organisation_id


def _page(template, **context):
    return render_template(f"membership/{template}.html", role_names=labels.ROLES,
                           language_names_of=labels.FILE_LANGUAGES, statuses=queries.STATUSES, **context)


@localized_route(bp, PEOPLE)
@lead_only
def people():
    return _page("people_list", people=queries.people_of(_organisation_id()), status=queries.status)


@localized_route(bp, _path(PEOPLE, "/invite", "/gwahodd"), methods=["GET", "POST"])
@lead_only
@invitation_limit
def invite_colleague():
    form = ColleagueForm(organisation_id=_organisation_id())
    if form.validate_on_submit():
        user = operations.invite_colleague(_organisation_id(), form.name.data, form.email.data,
                                           form.language.data, current_user)
        if user is not None:
            g.people_invitation_sent = True
            flash(_("The invitation has been emailed to %(email)s.", email=user.email), "info")
            return redirect(url_for("membership.people"))
        form.email.errors.append(_("This email address cannot be invited here. If the person should join "
                                   "your organisation, email SaferCommunities@wlga.gov.uk"))
    return _page("people_invite", form=form)


@localized_route(bp, PERSON)
@lead_only
def person(user_id):
    someone = queries.person_or_404(_organisation_id(), user_id)
    return _page("people_person", person=someone, status=queries.status(someone))


@localized_route(bp, _path(PERSON, "/invite-again", "/gwahodd-eto"), methods=["GET", "POST"])
@lead_only
@invitation_limit
def invite_again(user_id):
    someone = queries.person_or_404(_organisation_id(), user_id)
    if request.method == "POST" and operations.send_invitation_again(someone, current_user):
        g.people_invitation_sent = True
        flash(_("The invitation has been emailed to %(email)s.", email=someone.email), "info")
    return redirect(url_for("membership.person", user_id=someone.id))


@localized_route(bp, _path(PERSON, "/deactivate", "/dadactifadu"), methods=["GET", "POST"])
@lead_only
def deactivate(user_id):
    return _set_active(user_id, False)


@localized_route(bp, _path(PERSON, "/reactivate", "/ailactifadu"), methods=["GET", "POST"])
@lead_only
def reactivate(user_id):
    return _set_active(user_id, True)


def _set_active(user_id, active):
    someone = queries.person_or_404(_organisation_id(), user_id)
    if request.method == "POST":
        try:
            changed = operations.set_active(someone, active, current_user)
        except operations.Refused as refusal:
            flash(refusal_message(refusal.reason), "error")
        else:
            if changed and active:
                flash(_("%(name)s's account has been reactivated.", name=someone.name), "info")
            elif changed:
                flash(_("%(name)s's account has been deactivated: they are logged out the next time they use "
                        "the site.", name=someone.name), "info")
    return redirect(url_for("membership.person", user_id=someone.id))


@localized_route(bp, _path(PERSON, "/make-lead", "/arweinydd"), methods=["GET", "POST"])
@lead_only
def make_lead(user_id):
    """A page that says what handing over means, and its button; the hand-over itself is the POST."""
    someone = queries.person_or_404(_organisation_id(), user_id)
    if request.method == "GET":
        return _page("people_make_lead", person=someone,
                     ready=queries.status(someone) == "active" and someone.role == "member")
    try:
        handed_over = operations.hand_over_lead(someone, current_user)
    except operations.Refused as refusal:
        flash(refusal_message(refusal.reason), "error")
        handed_over = False
    if not handed_over:
        return redirect(url_for("membership.person", user_id=someone.id))
    flash(_("%(name)s is now your organisation's lead, and you are a member.", name=someone.name), "info")
    return redirect(url_for("members.dashboard"))
