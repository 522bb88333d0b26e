"""Web security not covered elsewhere: session cookie flags, upload limits and safe serving.

CSRF on every POST and the security headers are in tests/test_security.py; login throttling,
generic login errors, open redirects and single-use expiring tokens in tests/auth/.
"""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from scic import create_app
from scic.core.db import db
from tests.conftest import app_config, empty_database, reset_database
from tests.reliability.dataset import PASSWORD, build_cooperative


def login_cookies(app, email: str) -> list[str]:
    """Sign in through the form and return the Set-Cookie headers of the answer."""
    from tests.conftest import csrf_token_from

    client = app.test_client()
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login", data={"email": email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 303
    return response.headers.getlist("Set-Cookie")


@pytest.fixture
def production_app(tmp_path):
    """The app as production runs it: not debug, not testing, a real secret key."""
    app = create_app(
        app_config(
            tmp_path,
            TESTING=False,
            SECRET_KEY="a-real-secret-key-for-tests",
            CHAIN_KEY="c" * 32,
            BASE_URL="https://localhost",  # the test client's host
        )
    )
    with app.app_context():
        reset_database()
        yield app
        empty_database()


def session_cookie(cookies: list[str]) -> str:
    [cookie] = [c for c in cookies if c.startswith("session=")]
    return cookie


def test_session_cookie_is_secure_httponly_and_samesite_in_production(production_app):
    from scic.auth.services import create_user

    create_user("prod@example.org", password=PASSWORD)
    db.session.commit()
    cookie = session_cookie(login_cookies(production_app, "prod@example.org"))
    assert "; Secure" in cookie
    assert "; HttpOnly" in cookie
    assert "; SameSite=Lax" in cookie
    assert production_app.config["REMEMBER_COOKIE_SECURE"] is True


def test_session_cookie_is_not_secure_in_development(app, make_user):
    """``make run`` serves plain http on localhost: a Secure cookie would never come back."""
    make_user("dev@example.org", password=PASSWORD)
    db.session.commit()
    cookie = session_cookie(login_cookies(app, "dev@example.org"))
    assert "; Secure" not in cookie
    assert "; HttpOnly" in cookie
    assert "; SameSite=Lax" in cookie


def test_an_explicit_cookie_setting_wins_outside_development(tmp_path):
    app = create_app(
        app_config(
            tmp_path,
            TESTING=False,
            SECRET_KEY="k" * 32,
            CHAIN_KEY="c" * 32,
            SESSION_COOKIE_SECURE=False,
        )
    )
    assert app.config["SESSION_COOKIE_SECURE"] is False


def test_production_refuses_the_development_secret_key(tmp_path):
    from scic.core.config import DEV_SECRET_KEY

    with pytest.raises(RuntimeError, match="SCIC_SECRET_KEY"):
        create_app(app_config(tmp_path, TESTING=False, SECRET_KEY=DEV_SECRET_KEY))


# --- Uploads --------------------------------------------------------------------------------------


@pytest.fixture
def seeded(app, no_csrf, client, auth):
    from scic.auth.models import User

    seeded = build_cooperative(app, "envois")
    auth.login_as(db.session.get(User, seeded.users["secretary"]))
    return seeded


def documents_count() -> int:
    from scic.assemblies.models import Document

    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(Document))


@pytest.mark.parametrize(
    ("filename", "content"),
    [
        pytest.param("comptes.pdf", b"<html><script>alert(1)</script>", id="html named .pdf"),
        pytest.param("page.html", b"<html></html>", id="html"),
        pytest.param("run.exe", b"MZ\x90\x00", id="executable"),
        pytest.param("comptes.docx", b"%PDF-1.4 not a docx", id="pdf named .docx"),
        pytest.param("vide.pdf", b"", id="empty"),
    ],
)
def test_assembly_document_of_the_wrong_type_is_refused(client, seeded, filename, content):
    before = documents_count()
    response = client.post(
        f"/c/envois/assemblies/{seeded.ids['assembly_id']}/documents",
        data={"kind": "other", "title": "x", "file": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
    )
    assert response.status_code in (303, 400)
    assert documents_count() == before


@pytest.mark.parametrize(
    ("path", "field"),
    [
        pytest.param("assemblies/{assembly_id}/documents", "file", id="assembly document"),
        pytest.param(
            "members/{authority_id}/deliberations/{deliberation_id}/document",
            "document-document",
            id="deliberation",
        ),
    ],
)
def test_too_large_upload_is_refused_before_anything_is_stored(app, client, seeded, path, field):
    from scic.membership.models import Deliberation

    app.config["MAX_CONTENT_LENGTH"] = 4096
    uploads = sorted(p.name for p in _uploads(app).rglob("*"))
    before = (
        documents_count(),
        db.session.get(Deliberation, seeded.ids["deliberation_id"]).document_name,
    )
    big = b"%PDF-1.4\n" + b"0" * 8192
    response = client.post(
        "/c/envois/" + path.format(**seeded.ids),
        data={"kind": "accounts", "title": "x", field: (io.BytesIO(big), "big.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert "Traceback" not in response.get_data(as_text=True)
    db.session.expire_all()
    after = (
        documents_count(),
        db.session.get(Deliberation, seeded.ids["deliberation_id"]).document_name,
    )
    assert after == before
    assert sorted(p.name for p in _uploads(app).rglob("*")) == uploads


def _uploads(app):
    from pathlib import Path

    return Path(app.instance_path) / "uploads"


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("assemblies/{assembly_id}/documents/{document_id}", id="assembly document"),
        pytest.param(
            "members/{authority_id}/deliberations/{deliberation_id}/document", id="deliberation"
        ),
    ],
)
def test_uploaded_files_are_served_as_attachments_never_sniffed(client, seeded, path):
    response = client.get("/c/envois/" + path.format(**seeded.ids))
    response.close()
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src" in response.headers["Content-Security-Policy"]
