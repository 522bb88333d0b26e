"""WSGI entry point: ``gunicorn wsgi:app``."""

from scic import create_app

app = create_app()
