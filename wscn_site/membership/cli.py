"""``flask membership remind``: the renewal invitations and reminders due today (safe daily from cron)."""
import click
from flask.cli import AppGroup

membership_cli = AppGroup("membership", help="Membership: renewal invitations and reminders.")


@membership_cli.command("remind")
def remind_command():
    """Write to each member not yet renewed for next year: the invitation from 1 January, the
    reminder from 1 March; each once (the emails go with `flask mail send`)."""
    from .reminders import due_kind, remind
    from .renew_email import year_label
    from .. import clock

    kind, year = due_kind(clock.today())
    sent, nobody = remind()
    for item in sent:
        label = "Invitation" if item.kind == "invitation" else "Reminder"
        click.echo(f"{label} to renew for {year_label(item.year)}: {item.organisation} ({', '.join(item.recipients)})")
    for name in nobody:
        click.echo(f"No one to write to at {name}: give it a lead or a finance contact.", err=True)
    if kind is None:
        click.echo(f"Nothing is due today: invitations to renew for {year_label(year)} start later.")
    else:
        invitations = sum(item.kind == "invitation" for item in sent)
        click.echo(f"Sent {invitations} invitation(s) and {len(sent) - invitations} reminder(s) "
                   f"to renew for {year_label(year)}.")


def init_app(app):
    app.cli.add_command(membership_cli)
