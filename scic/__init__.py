"""scic: governance and share capital of sociétés coopératives d'intérêt collectif."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from flask import Flask

from scic.core.config import DEV_SECRET_KEY, DefaultConfig

#: Domain packages, downstream first (ARCHITECTURE §2.2). Each may have models.py,
#: messages.py (registers violation messages) and views.py (exposes ``blueprints``).
PACKAGES = (
    "auth",
    "cooperatives",
    "membership",
    "capital",
    "assemblies",
    "voting",
    "registers",
    "archive",
)


def _modules(kind: str) -> list:
    import importlib
    import importlib.util

    return [
        importlib.import_module(f"scic.{p}.{kind}")
        for p in PACKAGES
        if importlib.util.find_spec(f"scic.{p}.{kind}") is not None
    ]


def create_app(config: Mapping[str, object] | None = None) -> Flask:
    """Build the application: defaults → instance/config.py → SCIC_* environment → ``config``."""
    config = dict(config or {})
    app = Flask(
        __name__,
        instance_relative_config=True,
        instance_path=config.get("INSTANCE_PATH") or _default_instance_path(),
    )
    app.config.from_object(DefaultConfig)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("SCIC")
    if url := app.config.pop("DATABASE_URL", None):
        app.config["SQLALCHEMY_DATABASE_URI"] = url
    app.config.update(config)
    from scic.core.permissions import make_private

    make_private(Path(app.instance_path))
    _check_production_settings(app)

    from scic.core import errors, i18n, logs, security, tasks
    from scic.core.db import end_read_transactions
    from scic.core.extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    end_read_transactions(app)
    migrate.init_app(
        app,
        db,
        directory=str(Path(__file__).parent / "migrations"),
        render_as_batch=True,
        compare_type=True,
    )
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    logs.init_app(app)
    tasks.init_app(app)
    _import_models()
    _modules("messages")
    for module in _modules("views"):
        for blueprint in module.blueprints:
            app.register_blueprint(blueprint)
    from scic.core.links import template_url_for

    app.jinja_env.globals["url_for"] = template_url_for(app)
    from scic.cli import register_commands

    register_commands(app)
    return app


def _default_instance_path() -> str:
    """instance/ beside wsgi.py in a checkout (the README's layout)."""
    return os.environ.get("SCIC_INSTANCE_PATH") or str(
        Path(__file__).resolve().parent.parent / "instance"
    )


def _import_models() -> None:
    """Import every models module so metadata (and migrations) see all tables."""
    import scic.core.audit
    import scic.core.files
    import scic.core.outbox
    import scic.core.retention  # noqa: F401 - declares the nightly purge job

    _modules("models")


def _check_production_settings(app: Flask) -> None:
    """Refuse to serve real users with the development secret; make cookies Secure there."""
    development = app.debug or app.testing or app.config.get("ENV_DEVELOPMENT")
    if not development and app.config["SECRET_KEY"] == DEV_SECRET_KEY:
        raise RuntimeError(
            "SCIC_SECRET_KEY must be set outside development (see README: Configuration)."
        )
    if not app.config.get("CHAIN_KEY"):
        if not development:
            raise RuntimeError(
                "SCIC_CHAIN_KEY must be set outside development (see docs/security.md)."
            )
        from scic.core.chain import derive_key

        app.config["CHAIN_KEY"] = derive_key(app.config["SECRET_KEY"], "chain").hex()
    from scic.core.links import trusted_hosts

    app.config["TRUSTED_HOSTS"] = trusted_hosts({**app.config, "_DEVELOPMENT": development})
    if proxies := int(app.config.get("PROXY_COUNT") or 0):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    if app.config.get("SESSION_COOKIE_SECURE") is None:  # "auto": Secure outside development
        app.config["SESSION_COOKIE_SECURE"] = not development
    app.config["REMEMBER_COOKIE_SECURE"] = app.config["SESSION_COOKIE_SECURE"]


def freeze_startup_objects() -> None:
    """Move the objects built at start-up (the app, its routes, SQLAlchemy's metadata and
    caches, the translation catalogs) out of the garbage collector's reach.

    They live as long as the process, yet every full collection walked them again: a request
    that allocates much (holdings of 17 000 members, a register page) paid up to twice its own
    time in collections (docs/performance.md). Called once by the long-lived entry points
    (wsgi.py, the ``scic`` command); not by create_app, whose tests build an app per test.
    """
    import gc

    gc.collect()
    gc.freeze()
