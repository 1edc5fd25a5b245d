"""Joining the waiting list: the booking form's attendee fields (one block per place wanted), and
the same person twice, already booked or already waiting said beside their address."""
from flask_babel import lazy_gettext as _l

from .booking_forms import BookingForm
from .waitlist_operations import waiting_emails


class WaitlistForm(BookingForm):
    def check_people(self, field):
        ok = super().check_people(field)
        emails = [entry.form.email.data.lower() for entry in field.entries
                  if entry.form.email.data and not entry.form.email.errors]
        waiting = set(waiting_emails(self.event_id, emails)) if emails else set()
        for entry in field.entries:
            email = (entry.form.email.data or "").lower()
            if email in waiting and not entry.form.email.errors:
                entry.form.email.errors.append(_l("This person is already on the waiting list of this event"))
                ok = False
        return ok
