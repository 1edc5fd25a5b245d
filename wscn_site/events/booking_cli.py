"""``flask events remind`` and ``flask events forget-needs``: daily from cron, safe to repeat."""
import click
from flask.cli import AppGroup

events_cli = AppGroup("events", help="Events: booking reminders, deleting attendees' needs after the event, "
                                           "waiting-list offers not taken in time and non-members' unconfirmed holds.")


@events_cli.command("remind")
def remind_command():
    """Email each booked attendee of tomorrow's events (once each; the emails go with `flask mail send`)."""
    from .booking_reminders import remind

    sent = remind()
    for email, title in sent:
        click.echo(f"Reminder: {title} to {email}")
    click.echo(f"Queued {len(sent)} reminder(s).")


@events_cli.command("forget-needs")
@click.option("--days", type=int, default=None,
              help="Days after the event (default: WSCN_EVENT_NEEDS_RETENTION_DAYS, 30).")
def forget_needs_command(days):
    """Delete the access and dietary needs of attendees of events that ended long enough ago."""
    from .booking_reminders import forget_needs, retention_days

    count = forget_needs(days=days)
    click.echo(f"Deleted the needs of {count} place(s) at events that ended over "
               f"{retention_days() if days is None else days} days ago.")


@events_cli.command("release-holds")
def release_holds_command():
    """Release non-members' held places not confirmed in time (WSCN_BOOKING_HOLD_HOURS); safe from cron."""
    from .nonmember_operations import release_expired

    released = release_expired()
    click.echo(f"Released {len(released)} hold(s) not confirmed in time.")


def init_app(app):
    app.cli.add_command(events_cli)


@events_cli.command("release-offers")
def release_offers_command():
    """End waiting-list offers not taken in time and offer the places to the next entries (safe to repeat)."""
    from .waitlist_operations import release_offers

    released, offered = release_offers()
    click.echo(f"Released {len(released)} offer(s) not taken in time; made {len(offered)} new offer(s).")
