"""WSGI entry point: `python serve.py` (`make serve`) serves `wsgi:app` with granian."""
from wscn_site import create_app

app = create_app()
