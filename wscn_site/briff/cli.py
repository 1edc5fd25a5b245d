"""``flask briff ...``: the Briff's commands for cron. Other Briff commands join the same group."""
import click
from flask.cli import AppGroup

briff_cli = AppGroup("briff", help="The Briff: publishing and sending.")


@briff_cli.command("publish-due")
def publish_due_command():
    """Publish the scheduled issues whose time has come (safe to run every minute, and concurrently)."""
    from .operations import publish_due

    for number, outcome in publish_due():
        if outcome == "not-ready":
            click.echo(f"Issue {number} not published: an item lacks its Welsh or English, "
                       "or its Welsh is older than its English.", err=True)
        elif outcome == "published":
            click.echo(f"Issue {number} published.")


def init_app(app):
    app.cli.add_command(briff_cli)
