"""``flask briff ...``: the Briff's command for cron (publish-due); its emails go with `flask mail send`."""
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


@briff_cli.command("send")
def send_command():
    """Kept for old cron lines: the same as `flask mail send` (the Briff goes through the one outbox)."""
    from ..mail_cli import send_and_report

    if send_and_report():
        raise SystemExit(1)


def init_app(app):
    from ..outbox import register_renderer
    from . import sending, subscription_operations

    app.cli.add_command(briff_cli)
    sending.init_app(app)
    register_renderer(app, subscription_operations.REQUEST_KIND, subscription_operations.render_request)
