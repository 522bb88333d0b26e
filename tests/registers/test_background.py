"""Large registers are produced by a job (run at once in tests), stored in the database, then
downloaded by any server; another cooperative never sees them."""

from datetime import timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from scic.core import clock, files
from scic.core.db import db
from scic.registers import background
from scic.registers.exports import DocumentRequest
from tests.conftest import csrf_token_from


@pytest.fixture
def auditor(register_coop, make_user, grant, auth, app):
    cooperative, _ = register_coop
    user = make_user()
    grant(user, cooperative, "auditor")
    db.session.commit()
    auth.login_as(user)
    app.config["REGISTERS_SYNC_MAX_ROWS"] = 1
    return cooperative


def counts():
    db.session.rollback()
    return {
        t.name: db.session.scalar(select(func.count()).select_from(t))
        for t in db.metadata.sorted_tables
    }


def start(client, cooperative, **form):
    page = client.get(
        f"/c/{cooperative.slug}/registers/document?kind={form['kind']}&at={form['at']}"
    )
    token = csrf_token_from(page.get_data(as_text=True))
    response = client.post(
        f"/c/{cooperative.slug}/registers/exports", data={**form, "csrf_token": token}
    )
    assert response.status_code == 303
    location = response.headers["Location"]
    return location, location.rstrip("/").rsplit("/", 1)[-1]


def test_background_register_progress_then_download(app, client, auditor):
    before = counts()
    location, job = start(client, auditor, kind="members_pdf", at="2025-06-30")
    progress = client.get(location)
    assert progress.status_code == 200
    html = progress.get_data(as_text=True)
    assert "js/progress.js" in html
    assert f"/exports/{job}/status" in html
    status = client.get(f"{location}/status").get_json()
    assert status["state"] == "done"
    assert status["done"] == status["total"] == 1
    assert status["download_url"].endswith(f"/exports/{job}/download")
    download = client.get(status["download_url"])
    assert download.status_code == 200
    assert download.mimetype == "application/pdf"
    assert "registre-associes-2025-06-30.pdf" in download.headers["Content-Disposition"]
    reader = PdfReader(BytesIO(download.get_data()))
    download.close()
    assert "Commune de Montignac" in reader.pages[1].extract_text()
    # The cooperative's records are untouched: the only new row is the stored document.
    after = counts()
    assert after.pop("generated_files") == before.pop("generated_files") + 1
    assert after == before
    (record,) = db.session.scalars(select(files.GeneratedFile)).all()
    assert (record.state, record.storage, record.cooperative_id) == ("done", "database", auditor.id)
    assert record.expires_at - record.created_at == timedelta(days=30)
    assert record.size == len(download.get_data())


def test_background_bundle(app, client, auditor):
    _, job = start(client, auditor, kind="bundle_zip", at="2025-06-30")
    record = db.session.scalar(select(files.GeneratedFile).where(files.GeneratedFile.token == job))
    assert record.state == "done"
    assert record.filename.endswith(".zip")
    assert files.read(record).startswith(b"PK")


def test_a_running_job_shows_its_progress_and_no_download(app, client, auditor):
    record = files.create(
        cooperative_id=auditor.id,
        owner_id=None,
        kind="members_pdf",
        params={"at": "2025-06-30", "start": None},
        locale="fr",
        filename="registre.pdf",
        mimetype="application/pdf",
        now=clock.now(),
    )
    db.session.commit()  # nothing queued: the job has not run
    files.set_progress(record.token, 40, 100)
    base = f"/c/{auditor.slug}/registers/exports/{record.token}"
    status = client.get(f"{base}/status").get_json()
    assert (status["state"], status["done"], status["total"]) == ("running", 40, 100)
    assert status["download_url"] is None
    assert client.get(f"{base}/download").status_code == 404


def test_a_failing_document_is_recorded_as_failed(app, auditor, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("disk full")

    monkeypatch.setattr(background, "write_document", broken)
    token = background.start_export(
        auditor,
        DocumentRequest("members_csv", clock.now().date()),
        locale="fr",
        by_id=None,
        now=clock.now(),
    )
    db.session.commit()
    record = db.session.scalar(
        select(files.GeneratedFile).where(files.GeneratedFile.token == token)
    )
    assert record.state == "failed"
    assert record.error == "ValueError: disk full"
    assert record.content is None


def test_a_rolled_back_request_queues_no_job(app, auditor):
    token = background.start_export(
        auditor,
        DocumentRequest("members_csv", clock.now().date()),
        locale="fr",
        by_id=None,
        now=clock.now(),
    )
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(files.GeneratedFile)) == 0
    assert background.produce(token) is None


def test_another_cooperative_cannot_follow_a_job(
    app, client, auditor, make_user, make_cooperative, grant, auth
):
    _location, job = start(client, auditor, kind="members_pdf", at="2025-06-30")
    other = make_cooperative()
    stranger = make_user()
    grant(stranger, other, "auditor")
    db.session.commit()
    auth.login_as(stranger)
    for suffix in ("", "/status", "/download"):
        url = f"/c/{other.slug}/registers/exports/{job}{suffix}"
        assert client.get(url).status_code == 404
    assert client.get(f"/c/{other.slug}/registers/exports/..%2F..%2Fx/status").status_code == 404
