"""Receiving an application: the row, the applicant's confirmation and the staff notification, in one
transaction (the emails exist exactly when the application does)."""
from flask import current_app, url_for
from flask_babel import lazy_gettext as _l

from .. import clock
from ..access import active_staff
from ..audit import audit
from ..extensions import db
from ..mail import queue_email
from ..models import MembershipApplication
from . import apply_duplicates
from .apply_rules import covered_years, stored_budget

RECEIVED_SUBJECT = _l("We have received your application to join the Network")
STAFF_SUBJECT = _l("New membership application")


def submit(form, lang):
    """Record the application from a valid form filled in in ``lang``, queue its emails, commit.
    Returns the application."""
    application = MembershipApplication(
        status="pending", language=lang, name_en=form.name_en.data or "", name_cy=form.name_cy.data or "",
        kind=form.kind.data, budget=stored_budget(form.budget_value), band=form.band, fee_pence=form.fee_pence,
        lead_name=form.lead_name.data, lead_role=form.lead_role.data or "", lead_email=form.lead_email.data.lower(),
        lead_language=form.lead_language.data, finance_name=form.finance_name.data or "",
        finance_email=(form.finance_email.data or "").lower(), po_reference=form.po_reference.data or "",
        invoice_language=form.invoice_language.data, consent_at=clock.now(), first_year=covered_years()[0],
    )
    duplicate = apply_duplicates.member_named(application.name_en, application.name_cy)
    application.duplicate_of_id = duplicate.id if duplicate else None
    db.session.add(application)
    db.session.flush()
    others = apply_duplicates.open_applications_named(application)
    audit(None, "application.submit", "membership_application", application.id,
          name_en=application.name_en, name_cy=application.name_cy, kind=application.kind, band=application.band,
          duplicate_of=application.duplicate_of_id, same_name_as=[other.id for other in others])
    queue_email(application.lead_email, RECEIVED_SUBJECT, "membership_application_received",
                application.lead_language, application=application, years=covered_years())
    for person in active_staff():
        queue_email(person.email, STAFF_SUBJECT, "membership_application_staff", person.language,
                    application=application, duplicate=duplicate, others=others, person=person,
                    link=review_link(application, person.language))
    db.session.commit()
    return application


def review_link(application, lang):
    path = url_for("membership.review_application", application_id=application.id, lang_code=lang)
    return current_app.config["SITE_URL"] + path
