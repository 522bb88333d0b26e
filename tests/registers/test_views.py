"""The auditor's view: downloads, audit log, integrity — and nothing that changes data."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from scic.core import audit, clock
from scic.core.db import db


@pytest.fixture
def auditor(register_coop, make_user, grant, auth):
    cooperative, _ = register_coop
    user = make_user()
    grant(user, cooperative, "auditor")
    db.session.commit()
    auth.login_as(user)
    return cooperative


def base(cooperative) -> str:
    return f"/c/{cooperative.slug}/registers"


def row_counts() -> dict[str, int]:
    db.session.rollback()
    return {
        t.name: db.session.scalar(select(func.count()).select_from(t))
        for t in db.metadata.sorted_tables
    }


def test_index_offers_every_download(client, auditor):
    page = client.get(base(auditor) + "/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for kind in (
        "members_pdf",
        "members_csv",
        "members_json",
        "movements_pdf",
        "movements_csv",
        "movements_json",
        "compliance_pdf",
        "member_sheet_pdf",
        "bundle_zip",
    ):
        assert f'value="{kind}"' in html
    assert f'max="{clock.today().isoformat()}"' in html


@pytest.mark.parametrize(
    ("query", "mimetype", "name", "start"),
    [
        (
            "kind=members_pdf&at=2025-06-30",
            "application/pdf",
            "registre-associes-2025-06-30.pdf",
            b"%PDF",
        ),
        ("kind=members_csv&at=2025-06-30", "text/csv", "associes-2025-06-30.csv", b"\xef\xbb\xbf"),
        ("kind=members_json&at=2025-06-30", "application/json", "associes-2025-06-30.json", b"{"),
        (
            "kind=movements_pdf&from=2025-01-01&at=2025-06-30",
            "application/pdf",
            "registre-mouvements-2025-01-01-2025-06-30.pdf",
            b"%PDF",
        ),
        (
            "kind=movements_csv&at=2025-06-30",
            "text/csv",
            "mouvements-2025-06-30.csv",
            b"\xef\xbb\xbf",
        ),
        (
            "kind=compliance_pdf&at=2025-06-30",
            "application/pdf",
            "rapport-conformite-2025-06-30.pdf",
            b"%PDF",
        ),
        (
            "kind=member_sheet_pdf&number=2&at=2025-06-30",
            "application/pdf",
            "compte-associe-",
            b"%PDF",
        ),
        (
            "kind=audit_csv&at=2025-06-30",
            "text/csv",
            "journal-audit-2025-06-30.csv",
            b"\xef\xbb\xbf",
        ),
        (
            "kind=bundle_zip&from=2025-01-01&at=2025-06-30",
            "application/zip",
            "dossier-audit-",
            b"PK",
        ),
    ],
)
def test_documents_download(client, auditor, query, mimetype, name, start):
    response = client.get(f"{base(auditor)}/document?{query}")
    assert response.status_code == 200
    assert response.mimetype == mimetype
    assert name in response.headers["Content-Disposition"]
    assert response.data.startswith(start)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        # {tomorrow} is read when the test runs, not when it is collected (Paris midnight).
        ("kind=members_pdf&at={tomorrow}", "future"),
        ("kind=members_pdf&at=2023-06-30", "before the cooperative existed"),
        ("kind=members_pdf&at=30/06/2025", "is not a date"),
        ("kind=movements_pdf&from=2025-07-01&at=2025-06-30", "after its end"),
        ("kind=member_sheet_pdf&number=99", "No member has the number 99"),
    ],
)
def test_bad_requests_say_why(client, auditor, query, message):
    query = query.replace("{tomorrow}", (clock.today() + timedelta(days=1)).isoformat())
    response = client.get(f"{base(auditor)}/document?{query}", headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_unknown_document_kind_is_404(client, auditor):
    assert client.get(f"{base(auditor)}/document?kind=passwords").status_code == 404


def test_member_sheet_of_another_cooperative_is_not_found(
    client, auditor, make_cooperative, ledger_builder
):
    other = make_cooperative()
    ledger_builder(other).member("Secret", shares=1, number=50)
    db.session.commit()
    response = client.get(
        f"{base(auditor)}/document?kind=member_sheet_pdf&number=50",
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 400


def test_members_cannot_open_the_registers(client, register_coop, make_user, grant, auth):
    cooperative, _ = register_coop
    user = make_user()
    grant(user, cooperative, "member")
    db.session.commit()
    auth.login_as(user)
    assert client.get(base(cooperative) + "/").status_code == 404
    assert client.get(f"{base(cooperative)}/document?kind=members_csv").status_code == 404


def test_audit_log_filters_and_pages(client, auditor):
    for n in range(60):
        audit.record("test.bulk" if n % 2 else "test.other", auditor, data={"n": n})
    db.session.commit()
    first = client.get(f"{base(auditor)}/audit?action=test.bulk", headers={"Accept-Language": "en"})
    assert first.status_code == 200
    html = first.get_data(as_text=True)
    assert "30 entries" in html
    assert "test.other" not in html.split("<table")[1]
    assert "Page 1 of 1" in html
    everything = client.get(f"{base(auditor)}/audit", headers={"Accept-Language": "en"})
    assert "Page 1 of 2" in everything.get_data(as_text=True)
    second = client.get(f"{base(auditor)}/audit?page=2", headers={"Accept-Language": "en"})
    assert "Page 2 of 2" in second.get_data(as_text=True)
    assert client.get(f"{base(auditor)}/audit?page=9").status_code == 404
    today = clock.today().isoformat()
    dated = client.get(
        f"{base(auditor)}/audit?action=test.&from={today}&to={today}&target_type=Cooperative",
        headers={"Accept-Language": "en"},
    )
    assert "60 entries" in dated.get_data(as_text=True)
    old = client.get(f"{base(auditor)}/audit?to=2020-01-01", headers={"Accept-Language": "en"})
    assert "0 entries" in old.get_data(as_text=True)


def test_integrity_page_shows_each_chain(client, auditor):
    html = client.get(f"{base(auditor)}/integrity").get_data(as_text=True)
    # Each chain by its name in words (French: the browser asked for no other language).
    assert "<td>Mouvements de parts</td>" in html
    assert "<td>Journal d’audit</td>" in html
    assert "badge ok" in html
    assert "badge bad" not in html


def test_every_route_is_read_only_for_an_auditor(app, client, auditor):
    """GETs answer 200 or 404 and change nothing; the only POST is the background export."""
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("registers.")]
    posts = {r.endpoint for r in rules if "POST" in r.methods}
    assert posts == {"registers.generate"}
    assert not any(r.methods & {"PUT", "PATCH", "DELETE"} for r in rules)
    before = row_counts()
    for rule in rules:
        if "GET" not in rule.methods:
            continue
        url = re.sub(r"<[^>]+>", "0" * 32, rule.rule.replace("<slug>", auditor.slug))
        status = client.get(url).status_code
        assert status in (200, 404), (rule.rule, status)
    assert row_counts() == before


def test_large_documents_are_offered_in_the_background(app, client, auditor):
    app.config["REGISTERS_SYNC_MAX_ROWS"] = 1
    response = client.get(f"{base(auditor)}/document?kind=members_pdf&at=2025-06-30")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'action="{base(auditor)}/exports"' in html
    assert 'name="kind" value="members_pdf"' in html


def test_generate_needs_a_known_kind_and_valid_dates(client, auditor, no_csrf):
    url = f"{base(auditor)}/exports"
    assert client.post(url, data={"kind": "nothing"}).status_code == 404
    response = client.post(url, data={"kind": "members_pdf", "at": "2099-01-01"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/registers/")


def test_dates_before_today(auditor):
    assert date(2025, 6, 30) < clock.today()
