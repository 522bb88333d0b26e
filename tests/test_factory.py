"""The application factory: configuration order, production safety."""

import pytest

from scic import create_app
from scic.core.config import DEV_SECRET_KEY


def test_config_order_defaults_instance_env_then_mapping(tmp_path, monkeypatch):
    instance = tmp_path / "inst"
    instance.mkdir()
    (instance / "config.py").write_text("PAGE_SIZE = 7\nMAIL_SENDER = 'file'\nBASE_URL = 'file'\n")
    monkeypatch.setenv("SCIC_MAIL_SENDER", "env")
    monkeypatch.setenv("SCIC_BASE_URL", "env")
    monkeypatch.setenv("SCIC_DATABASE_URL", "sqlite:///from-env.sqlite")
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(instance), "BASE_URL": "mapping"})
    assert app.config["PAGE_SIZE"] == 7  # instance file over defaults
    assert app.config["MAIL_SENDER"] == "env"  # environment over instance file
    assert app.config["BASE_URL"] == "mapping"  # caller's mapping over environment
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite:///from-env.sqlite"


def test_refuses_development_secret_outside_development(tmp_path, monkeypatch):
    monkeypatch.delenv("SCIC_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SCIC_SECRET_KEY"):
        create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": DEV_SECRET_KEY})


def test_production_cookies_are_secure(tmp_path):
    app = create_app(
        {"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "real-secret", "CHAIN_KEY": "real-key"}
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_sqlite_runs_with_foreign_keys_and_wal(tmp_path):
    from sqlalchemy import text

    from scic.core.db import db

    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/t.sqlite",
        }
    )
    with app.app_context():
        with db.engine.connect() as connection:
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        db.engine.dispose()
