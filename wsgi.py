"""WSGI entry point: ``gunicorn wsgi:app``."""
from wscn_site import create_app

app = create_app()
