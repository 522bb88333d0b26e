"""Browser tests: Playwright driving Debian's Chromium against a live server on file SQLite
(the demo's journeys on PostgreSQL too when SCIC_TEST_DATABASE_URL names one)."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from scic import create_app
from scic.cli.demo import load_demo
from scic.core.db import db
from tests.conftest import ON_POSTGRES, app_config, empty_database, reset_database

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


#: Chromium may drop a request for a static file (the favicon) mid-response; the development
#: server then leaves that file's handle to the garbage collector, which warns at a random later
#: point of the run. That is the test server's behaviour, not the application's.
STATIC_FILE_LEAKS = (
    "ignore:unclosed file <_io.BufferedReader name='[^']*/scic/static/:ResourceWarning",
    "ignore:Exception ignored in. <_io.FileIO name='[^']*/scic/static/"
    ":pytest.PytestUnraisableExceptionWarning",
)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            for rule in STATIC_FILE_LEAKS:
                item.add_marker(pytest.mark.filterwarnings(rule))


@pytest.fixture(scope="session")
def chromium_path():
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        message = "Debian's chromium is not installed: apt-get install chromium"
        # `make test` installs it (Makefile: system-packages): a missing one is a failure, never
        # a skip that would read as a pass.
        pytest.fail(message)
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


# --- The demo cooperative, loaded once per run (120 members, assemblies, votes) ------------------

DEMO_SLUG = "autopartage-perigord"


@pytest.fixture(scope="module")
def demo_app(request, tmp_path_factory):
    """The app on this module's own demo database (the app context stays pushed).

    SQLite: a copy of the file built once per run. PostgreSQL (SCIC_TEST_DATABASE_URL): the
    demo is loaded into the test database for the module, and the tables emptied after it.
    """
    path = tmp_path_factory.mktemp("demo-app")
    if ON_POSTGRES:
        demo = create_app(app_config(path, WTF_CSRF_TIME_LIMIT=None))
        with demo.app_context():
            reset_database()
            load_demo()
            db.session.commit()
            yield demo
            empty_database()
        return
    shutil.copy(request.getfixturevalue("demo_database"), path / "b.db")
    demo = create_app(
        app_config(path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}/b.db", WTF_CSRF_TIME_LIMIT=None)
    )
    with demo.app_context():
        yield demo
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="module")
def demo_server(demo_app):
    server = make_server("127.0.0.1", 0, demo_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def module_browser(chromium_path):
    """One Chromium for a whole module (launching one per test costs a second each)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def sign_in(page, base_url: str, email: str, password: str) -> None:
    """Sign in through the French login form and wait for the next page."""
    page.goto(f"{base_url}/login")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(lambda url: "/login" not in url)


@pytest.fixture
def screenshots(tmp_path):
    """Save a PNG of the page; into $SCIC_SCREENSHOTS (e.g. docs/screenshots) when it is set.

    ``SCIC_SCREENSHOTS=docs/screenshots pytest tests/browser`` refreshes the README pictures;
    otherwise they go to the test's temporary directory so runs leave the tree unchanged.
    """
    target = Path(os.environ.get("SCIC_SCREENSHOTS") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)

    def take(page, name: str, *, full_page: bool = True, height: int | None = None) -> Path:
        """``height`` keeps only the top of a long page (full width)."""
        path = target / name
        if height is None:
            page.screenshot(path=str(path), full_page=full_page)
        else:
            width = page.viewport_size["width"]
            clip = {"x": 0, "y": 0, "width": width, "height": height}
            page.screenshot(path=str(path), full_page=True, clip=clip)
        return path

    return take
