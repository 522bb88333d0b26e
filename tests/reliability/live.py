"""A real server for the reliability tests: gunicorn workers on loopback, a plain HTTP client.

The database is a file SQLite in the test's folder, or the PostgreSQL test database when
SCIC_TEST_DATABASE_URL is set. The test process seeds it through the services, the server
processes serve it, and the test process reads the result back.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from http.cookiejar import CookieJar
from pathlib import Path

from scic import create_app
from scic.core.chain import derive_key
from scic.core.db import db
from scic.workflows import session as session_workflow
from tests.conftest import (
    ON_POSTGRES,
    TEST_DATABASE_URL,
    app_config,
    empty_database,
    reset_database,
)
from tests.fixtures.assemblies import convene_everyone

ROOT = Path(__file__).resolve().parents[2]
SECRET = "test-secret"  # the test app's key: voting links signed here open on the server
PASSWORD = "correct horse battery"


def database_url(tmp_path: Path) -> str:
    return TEST_DATABASE_URL if ON_POSTGRES else f"sqlite:///{tmp_path}/live.sqlite"


def server_env(tmp_path: Path, url: str, **extra: str) -> dict[str, str]:
    """The environment of a production-like process on the test database."""
    env = dict(
        os.environ,
        SCIC_SECRET_KEY=SECRET,
        # The key the test app derives from SECRET: its `scic verify` checks the server's rows.
        SCIC_CHAIN_KEY=derive_key(SECRET, "chain").hex(),
        SCIC_DATABASE_URL=url,
        SCIC_INSTANCE_PATH=str(tmp_path / "server-instance"),
        SCIC_SESSION_COOKIE_SECURE="false",
        SCIC_RATELIMIT_ENABLED="false",
        SCIC_PASSWORD_HASH_METHOD="pbkdf2:sha256:1",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


@contextmanager
def seeding_app(tmp_path: Path, url: str):
    """The app the test uses to seed and to check the database (schema fresh; emptied after)."""
    app = create_app(app_config(tmp_path, SQLALCHEMY_DATABASE_URI=url))
    with app.app_context():
        reset_database()
        try:
            yield app
        finally:
            empty_database()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """gunicorn with several synchronous workers on 127.0.0.1."""

    def __init__(
        self, tmp_path: Path, url: str, *, workers: int = 4, env: dict[str, str] | None = None
    ) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = tmp_path / f"gunicorn-{self.port}.log"
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "--workers",
                    str(workers),
                    "--timeout",
                    "120",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "wsgi:app",
                ],
                cwd=ROOT,
                env=env or server_env(tmp_path, url),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: a test may SIGKILL it whole
            )
        self._wait()

    def _wait(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.base}/login", timeout=5) as response:  # noqa: S310 - loopback
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        raise TimeoutError(f"gunicorn did not answer:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def errors(self) -> str:
        """Tracebacks the workers wrote (an unhandled error is a bug even behind a 500 page)."""
        text = self.log.read_text(errors="replace")
        return text if "Traceback" in text else ""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One visitor: cookies kept, redirects not followed, statuses returned."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect()
        )

    def request(self, path: str, data: dict | None = None) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(f"{self.base}{path}", data=body, timeout=120) as response:
                return (
                    response.status,
                    response.headers.get("Location", ""),
                    response.read().decode(),
                )
        except urllib.error.HTTPError as error:
            text = error.read().decode(errors="replace")
            return error.code, error.headers.get("Location", ""), text

    def csrf(self, path: str) -> tuple[str, str]:
        status, _, page = self.request(path)
        assert status == 200, (path, status)
        match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        assert match, f"no CSRF token on {path}"
        return match.group(1), page

    def login(self, email: str, password: str = PASSWORD) -> None:
        token, _ = self.csrf("/login")
        status, location, _ = self.request(
            "/login", {"email": email, "password": password, "csrf_token": token}
        )
        assert status in (302, 303), status
        assert not location.startswith("/login"), location


# --- Seeding --------------------------------------------------------------------------------------


def seed_assembly(voters: int, *, slug: str = "live") -> dict:
    """A cooperative, its secretary, ``voters`` members with one share each, and an assembly in
    session with one open resolution. Returns ids and the members' voting links."""
    from scic.assemblies import services as assemblies
    from scic.auth.services import create_user
    from scic.capital import services as capital
    from scic.cooperatives.models import Role
    from scic.cooperatives.services import apply_statutes, grant_role
    from scic.cooperatives.statutes_format import read_statutes
    from scic.membership import services as membership
    from scic.voting import services as voting
    from tests.reliability.dataset import statutes

    now = datetime.now(UTC)
    admitted = now.date() - timedelta(days=400)
    spec, problems = read_statutes(statutes(slug, "Coop live"))
    assert spec is not None, problems
    cooperative = apply_statutes(spec)
    secretary = create_user(f"secretary@{slug}.example.org", password=PASSWORD)
    db.session.flush()
    grant_role(secretary, cooperative, Role.SECRETARY)
    usa = next(c for c in cooperative.categories if c.code == "USA")
    members = []
    for number in range(voters):
        member = membership.create_candidate(
            cooperative,
            membership.MemberData(kind="person", name=f"Votant{number:03d}", first_name="Alex"),
            usa,
            applied_on=admitted,
        )
        capital.admit_with_subscription(
            member,
            1,
            paid_cents=cooperative.share_value_cents,
            on=admitted,
            decision=capital.Decision("board", admitted, "CA-1"),
        )
        members.append(member)
    assembly = assemblies.create_assembly(
        cooperative,
        assemblies.AssemblyInput(
            type="ordinary",
            title="AG",
            starts_at=now - timedelta(hours=1),
            place="Salle",
            video_link="https://visio.example.org/ag",
            remote_mode="hybrid",
        ),
        by=secretary,
    )
    item = assemblies.add_agenda_item(assembly, "Comptes", by=secretary)
    # R-AG-1/§5: every voter convened (letters recorded too) before the session opens.
    convene_everyone(assembly, sent_on=now.date() - timedelta(days=20), now=now, by=secretary)
    assemblies.set_bureau(assembly, chair="Claire", secretary="Sam", scrutineers="Ugo")
    session_workflow.open_session(assembly, now=now - timedelta(minutes=30), by=secretary)
    resolution = voting.create_resolution(assembly, title="Comptes", agenda_item=item)
    voting.open_vote(resolution, now=now)
    db.session.commit()
    return {
        "cooperative_id": cooperative.id,
        "slug": slug,
        "secretary": secretary.email,
        "assembly_id": assembly.id,
        "resolution_id": resolution.id,
        "member_ids": [m.id for m in members],
        "links": {m.id: assemblies.make_voting_token(assembly, m) for m in members},
        "today": now.date(),
    }


def verify_chains(slug: str) -> None:
    """``scic verify`` in the test's app: every chain intact."""
    from flask import current_app

    result = current_app.test_cli_runner().invoke(args=["verify", slug])
    db.session.rollback()  # SQLite: a read transaction holds the write lock (BEGIN IMMEDIATE)
    assert result.exit_code == 0, result.output
    assert "All chains are intact." in result.output


__all__ = ["Browser", "LiveServer", "date", "seed_assembly", "seeding_app"]
