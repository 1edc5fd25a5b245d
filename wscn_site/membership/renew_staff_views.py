"""Staff end an organisation's membership, with a reason (audited); nothing is deleted."""

from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..access import staff_only, standing
from ..audit import Refused
from ..extensions import db
from ..i18n import localized_route
from ..models import Organisation
from . import bp, renew_operations
from .renew_forms import EndMembershipForm



@localized_route(bp, {"en": "/staff/organisations/<int:organisation_id>/end-membership",
                      "cy": "/staff/sefydliadau/<int:organisation_id>/dod-ag-aelodaeth-i-ben"},
                 methods=["GET", "POST"])
@staff_only
def end_membership(organisation_id):
    organisation = db.get_or_404(Organisation, organisation_id)
    form = EndMembershipForm()
    if form.validate_on_submit():
        try:
            renew_operations.end_membership(organisation, current_user, form.reason.data)
        except Refused:
            flash(_("%(name)s has no current membership to end.", name=organisation.name(g.lang)), "error")
        else:
            flash(_("The membership of %(name)s has ended.", name=organisation.name(g.lang)), "info")
        return redirect(url_for("staff.edit_organisation", organisation_id=organisation.id))
    return render_template("membership/renew_end.html", form=form, organisation=organisation,
                           standing=standing(organisation))
