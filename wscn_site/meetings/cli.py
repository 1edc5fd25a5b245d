"""``flask meetings remind``: daily from cron, safe to repeat."""
import click
from flask.cli import AppGroup

meetings_cli = AppGroup("meetings", help="The annual meeting of members: the reminder before the question deadline.")


@meetings_cli.command("remind")
def remind_command():
    """Email members a week before a meeting's question deadline (once per meeting; the emails go
    with `flask mail send`)."""
    from .notices import remind

    sent = remind()
    for meeting_id, count in sent:
        click.echo(f"Meeting {meeting_id}: reminder queued to {count} people.")
    click.echo(f"Queued reminders for {len(sent)} meeting(s).")


def init_app(app):
    app.cli.add_command(meetings_cli)
