"""Browser tests: Playwright driving Debian's Chromium against a live server on file SQLite."""

from __future__ import annotations

import shutil
import threading

import pytest
from werkzeug.serving import make_server

from scic import create_app
from scic.core.db import db
from tests.conftest import app_config

#: Launch flags for a closed network (see the environment notes): no background traffic.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_path():
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.skip("Debian's chromium is not installed: apt-get install chromium")
    return path


@pytest.fixture
def app(tmp_path):
    """The app on a file SQLite database (shared by the server thread and the test).

    Overrides the root ``app`` fixture, so the factory fixtures write where the server reads.
    """
    app = create_app(
        app_config(
            tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/b.db", WTF_CSRF_TIME_LIMIT=None
        )
    )
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def browser(chromium_path, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    yield page
    context.close()
