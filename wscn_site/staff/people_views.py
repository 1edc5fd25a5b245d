"""Staff pages for member organisations and the people who log in.

Flash messages use gettext (plain strings), never lazy_gettext: a lazy string counts as safe
HTML, in templates and in the session, so a name inside one would reach the page unescaped.
"""
from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..i18n import localized_route
from ..models import Organisation, User
from . import bp, operations, queries
from .forms import InviteForm, OrganisationForm, RoleForm, organisation_choices

USER = "/staff/users/<int:user_id>"
DEFNYDDIWR = "/staff/defnyddwyr/<int:user_id>"


def refusal_message(reason):
    """Why an account operation was refused, in the page's language."""
    if reason == "admin-only":
        return _("Only administrators can give or take away the administrator role.")
    if reason == "staff-account":
        return _("Only administrators can change the accounts of Network staff.")
    if reason == "own-role":
        return _("You cannot change your own role.")
    if reason == "self":
        return _("You cannot deactivate your own account.")
    return _("You are not allowed to do that.")


@localized_route(bp, {"en": "/staff/organisations", "cy": "/staff/sefydliadau"})
def organisations():
    return render_template("staff/organisations.html", rows=queries.organisations(g.lang))


@localized_route(bp, {"en": "/staff/organisations/new", "cy": "/staff/sefydliadau/newydd"}, methods=["GET", "POST"])
def new_organisation():
    return _organisation_page(None)


@localized_route(bp, {"en": "/staff/organisations/<int:organisation_id>",
                      "cy": "/staff/sefydliadau/<int:organisation_id>"}, methods=["GET", "POST"])
def edit_organisation(organisation_id):
    return _organisation_page(queries.get_or_404(Organisation, organisation_id))


def _organisation_page(organisation):
    form = OrganisationForm(organisation=organisation)
    if form.validate_on_submit():
        saved = operations.save_organisation(form, current_user, organisation)
        flash(_("%(name)s has been saved.", name=saved.name(g.lang)), "info")
        return redirect(url_for("staff.organisations"))
    return render_template("staff/organisation_form.html", form=form, organisation=organisation)


@localized_route(bp, {"en": "/staff/users", "cy": "/staff/defnyddwyr"})
def users():
    chosen = request.args.get("organisation", "")
    chosen = int(chosen) if chosen.isdecimal() and len(chosen) < 10 else None  # an id the database can hold
    return render_template("staff/users.html", users=queries.users(chosen), chosen=chosen,
                           organisations=organisation_choices())


@localized_route(bp, {"en": "/staff/users/invite", "cy": "/staff/defnyddwyr/gwahodd"}, methods=["GET", "POST"])
def invite_user():
    form = InviteForm()
    if form.validate_on_submit() and form.role.data == "admin" and current_user.role != "admin":
        form.role.errors.append(_("Only administrators can give or take away the administrator role."))
    elif form.is_submitted() and not form.errors:
        user = operations.invite_user(form, current_user)
        if user is not None:
            flash(_("The invitation has been emailed to %(email)s.", email=user.email), "info")
            return redirect(url_for("staff.user", user_id=user.id))
        form.email.errors.append(_("A user with this email address already exists"))
    return render_template("staff/invite.html", form=form)


@localized_route(bp, {"en": USER, "cy": DEFNYDDIWR})
def user(user_id):
    person = queries.get_or_404(User, user_id)
    return render_template("staff/user.html", person=person, role_form=RoleForm(data={"role": person.role}))


@localized_route(bp, {"en": USER + "/invite-again", "cy": DEFNYDDIWR + "/gwahodd-eto"}, methods=["GET", "POST"])
def resend_invitation(user_id):
    person = queries.get_or_404(User, user_id)
    if request.method == "POST" and queries.user_status(person) == "invited":
        operations.send_invitation_again(person, current_user)
        flash(_("The invitation has been emailed to %(email)s.", email=person.email), "info")
    return redirect(url_for("staff.user", user_id=person.id))


@localized_route(bp, {"en": USER + "/role", "cy": DEFNYDDIWR + "/rol"}, methods=["GET", "POST"])
def change_role(user_id):
    person = queries.get_or_404(User, user_id)
    form = RoleForm()
    if request.method == "GET":
        return redirect(url_for("staff.user", user_id=person.id))
    if not form.validate():
        return render_template("staff/user.html", person=person, role_form=form)
    try:
        if operations.change_role(person, form.role.data, current_user):
            flash(_("%(name)s's role has been changed.", name=person.name), "info")
    except operations.Refused as refusal:
        flash(refusal_message(refusal.reason), "error")
    return redirect(url_for("staff.user", user_id=person.id))


@localized_route(bp, {"en": USER + "/deactivate", "cy": DEFNYDDIWR + "/dadactifadu"}, methods=["GET", "POST"])
def deactivate_user(user_id):
    return _set_active(user_id, False)


@localized_route(bp, {"en": USER + "/reactivate", "cy": DEFNYDDIWR + "/ailactifadu"}, methods=["GET", "POST"])
def reactivate_user(user_id):
    return _set_active(user_id, True)


def _set_active(user_id, active):
    person = queries.get_or_404(User, user_id)
    if request.method == "POST":
        try:
            changed = operations.set_active(person, active, current_user)
        except operations.Refused as refusal:
            flash(refusal_message(refusal.reason), "error")
        else:
            if changed and active:
                flash(_("%(name)s's account has been reactivated.", name=person.name), "info")
            elif changed:
                flash(_("%(name)s's account has been deactivated: they are logged out the next time they use the site.",
                         name=person.name), "info")
    return redirect(url_for("staff.user", user_id=person.id))
