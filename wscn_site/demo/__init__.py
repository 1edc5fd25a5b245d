"""``flask demo load``: demo data for trying the site locally (refused in production)."""
import click
from flask import current_app
from flask.cli import AppGroup

demo_cli = AppGroup("demo", help="Demo data for local use.")


@demo_cli.command("load")
def load_command():
    """Create the demo organisations, people and resources, and print the demo logins."""
    from .data import load_demo

    if current_app.config["PRODUCTION"]:
        raise click.ClickException("demo data is never loaded in production (WSCN_PRODUCTION is on)")
    logins = load_demo()
    site = current_app.config["SITE_URL"]
    click.echo(f"\nDemo logins (new passwords each run) - log in at {site}/en/account/login "
               f"or {site}/cy/cyfrif/mewngofnodi:")
    for email, password, role in logins:
        click.echo(f"  {role:<7} {email:<34} {password}")
    click.echo("")


def init_app(app):
    app.cli.add_command(demo_cli)
