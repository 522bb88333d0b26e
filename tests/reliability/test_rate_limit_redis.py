"""Login throttling shared by two server processes through a real Redis."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on {port}")


@pytest.fixture
def redis_url(tmp_path):
    server = shutil.which("redis-server")
    if server is None:
        message = "redis-server is not installed: apt-get install redis-server"
        # `make test` installs it (Makefile: system-packages): a missing one is a failure, never
        # a skip that would read as a pass.
        pytest.fail(message)
    port = free_port()
    process = subprocess.Popen(
        [
            server,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(port)
        yield f"redis://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def start_server(tmp_path, redis_url: str, name: str):
    port = free_port()
    env = dict(
        os.environ,
        SCIC_SECRET_KEY="two-process-test",
        SCIC_CHAIN_KEY="two-process-chain-key",
        SCIC_DATABASE_URL=f"sqlite:///{tmp_path}/shared.sqlite",
        SCIC_INSTANCE_PATH=str(tmp_path / name),
        SCIC_RATELIMIT_STORAGE_URI=redis_url,
        SCIC_RATELIMIT_LOGIN="5 per minute",
        SCIC_SESSION_COOKIE_SECURE="false",
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
            "wsgi:app",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for(port)
    return process, f"http://127.0.0.1:{port}"


def attempt(base: str) -> int:
    import re

    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    page = opener.open(f"{base}/login").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode(
        {"email": "x@example.org", "password": "wrong password", "csrf_token": token}
    ).encode()
    try:
        return opener.open(f"{base}/login", data=body).status
    except urllib.error.HTTPError as error:
        return error.code


def test_two_processes_share_the_login_limit(tmp_path, redis_url):
    from scic import create_app
    from scic.core.db import db

    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path / "setup"),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/shared.sqlite",
        }
    )
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    servers = [start_server(tmp_path, redis_url, name) for name in ("one", "two")]
    try:
        statuses = [attempt(servers[i % 2][1]) for i in range(7)]
    finally:
        for process, _ in servers:
            process.terminate()
            process.wait(timeout=10)
    # Five attempts in a minute across both processes, then 429 from either of them.
    assert statuses[:5] == [401] * 5
    assert statuses[5:] == [429, 429]
