"""``flask mail send``: deliver the outbox (from cron every minute; safe to run concurrently)."""
import time

import click
from flask.cli import AppGroup

mail_cli = AppGroup("mail", help="Email: the outbox.")


def send_and_report(quiet_when_idle=False):
    """One run of the sender, reported as the command prints it; True if a message failed for good.
    ``quiet_when_idle``: nothing is printed when nothing was due (``--watch`` beside ``make run``)."""
    from .extensions import db
    from .outbox import MAX_ATTEMPTS, send_waiting, waiting

    ids = waiting()
    if not ids and quiet_when_idle:
        db.session.remove()
        return False
    with click.progressbar(length=len(ids), label="Sending email", show_pos=True, file=None) as bar:
        report = send_waiting(ids, on_each=lambda outcome: bar.update(1))
    click.echo(f"Sent {report.sent} of {len(ids)}; {len(report.retry)} to retry later; "
               f"{len(report.failed)} failed after {MAX_ATTEMPTS} attempts.")
    if report.expired:
        click.echo(f"{report.expired} not sent: the link in them had expired.")
    if report.unreachable:
        click.echo("The mail server could not be reached: the rest wait for the next run.", err=True)
    for outcome in report.retry:
        click.echo(f"Will retry {outcome.email}: {outcome.error}", err=True)
    for outcome in report.failed:
        click.echo(f"Failed {outcome.email}: {outcome.error}", err=True)
    db.session.remove()
    return bool(report.failed)


@mail_cli.command("send")
@click.option("--watch", type=float, default=None, metavar="SECONDS",
              help="Keep running, sending every SECONDS (for development: `make mail` beside `make run`).")
def send_command(watch):
    """Send every email that is due, once each, over one connection. Failures are retried by later
    runs after 1, 2, 4 ... 64 minutes, then shown to staff at /en/staff/email."""
    failed = send_and_report()
    while watch:
        time.sleep(watch)
        send_and_report(quiet_when_idle=True)
    if failed:
        raise SystemExit(1)


def init_app(app):
    app.cli.add_command(mail_cli)
