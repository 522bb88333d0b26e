"""WSGI entry point: ``gunicorn wsgi:app``."""

from scic import create_app, freeze_startup_objects

app = create_app()
freeze_startup_objects()
