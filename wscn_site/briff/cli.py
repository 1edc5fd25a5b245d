"""``flask briff ...``: the Briff's commands for cron (publish-due, send)."""
import click
import sqlalchemy as sa
from flask.cli import AppGroup

from ..extensions import db
from ..models import BriffIssue

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
@click.option("--issue", "number", type=int, default=None, help="Only the emails of this issue (its number).")
def send_command(number):
    """Send every waiting email of published issues, once each. Safe to stop and run again, and to
    run while another run is going; failures are retried by later runs, up to three attempts."""
    from .sending import MAX_ATTEMPTS, send_waiting, waiting

    issue_id = None
    if number is not None:
        issue_id = db.session.execute(sa.select(BriffIssue.id).where(BriffIssue.number == number)).scalar()
        if issue_id is None:
            raise click.ClickException(f"There is no issue number {number}.")
    ids = waiting(issue_id)
    with click.progressbar(length=len(ids), label="Sending the Briff", show_pos=True) as bar:
        report = send_waiting(ids, on_each=lambda outcome: bar.update(1))
    click.echo(f"Sent {report.sent} of {len(ids)}; {len(report.retry)} to retry later; "
               f"{len(report.failed)} failed after {MAX_ATTEMPTS} attempts.")
    for outcome in report.retry:
        click.echo(f"Will retry {outcome.email}: {outcome.error}", err=True)
    for outcome in report.failed:
        click.echo(f"Failed {outcome.email}: {outcome.error}", err=True)
    if report.failed:
        raise SystemExit(1)


def init_app(app):
    app.cli.add_command(briff_cli)
