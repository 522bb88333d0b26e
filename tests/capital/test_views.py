"""Capital pages through the client: forms, refusals, guided entry, import, export, charts."""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import func, select

from scic.capital import queries, services
from scic.capital.models import ShareMovement, WithdrawalRequest
from scic.core.db import db
from scic.membership.models import Deliberation, Mandate, Member
from tests.conftest import csrf_token_from
from tests.fixtures.capital import DAY
from tests.html import page_text, row, table_rows

EUR = 100


@pytest.fixture
def signed_in(client, auth, secretary):
    user, coop = secretary
    auth.login_as(user)
    return user, coop


def token(client, url):
    return csrf_token_from(client.get(url).get_data(as_text=True))


def flashed_errors(response) -> list[str]:
    import re

    html = response.get_data(as_text=True)
    return re.findall(r'class="(?:flash flash-error|field-error)"[^>]*>([^<]*)<', html)


def count_movements(coop) -> int:
    return db.session.scalar(
        select(func.count(ShareMovement.id)).where(ShareMovement.cooperative_id == coop.id)
    )


def test_dashboard_shows_accessible_charts_and_tables(client, signed_in, make_holder):
    _, coop = signed_in
    make_holder(coop, "USA", 10, on=date(2024, 1, 10))
    make_holder(coop, "COLL", 10, on=date(2024, 2, 1))
    db.session.commit()
    html = client.get(f"/c/{coop.slug}/capital/").get_data(as_text=True)
    assert html.count('role="img"') == 4  # over time, category, college, public share
    assert "aria-labelledby" in html
    assert "<desc" in html
    assert '<th scope="row">' in html
    assert row(html, "Capital total") == ["1 000,00 €"]
    assert row(html, "Part") == ["50,00 %"]  # the public share: 500 / 1 000


def test_subscription_needs_confirmation_then_is_recorded(client, signed_in, make_holder):
    _, coop = signed_in
    member = make_holder(coop, "USA", 1)
    db.session.commit()
    url = f"/c/{coop.slug}/capital/subscribe"
    data = {
        "csrf_token": token(client, url),
        "member": member.id,
        "shares": "4",
        "paid": "50.00",
        "on": "2025-02-01",
    }
    response = client.post(url, data=data)
    assert response.status_code == 400
    assert count_movements(coop) == 1
    response = client.post(url, data={**data, "confirm": "y"})
    assert response.status_code == 303
    assert count_movements(coop) == 2
    assert queries.holdings_at(coop.id, date(2025, 2, 1))[member.id].shares == 5


def test_refused_subscription_names_the_rule_and_writes_nothing(client, signed_in, make_holder):
    _, coop = signed_in
    make_holder(coop, "USA", 20)
    commune = make_holder(coop, "COLL", 10)  # T 1 500, P 500 → x ≤ 500 € = 10 shares
    db.session.commit()
    url = f"/c/{coop.slug}/capital/subscribe"
    with client.session_transaction() as session:
        session["locale"] = "en"
    response = client.post(
        url,
        data={
            "csrf_token": token(client, url),
            "member": commune.id,
            "shares": "11",
            "paid": "550.00",
            "on": DAY.isoformat(),
            "confirm": "y",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "R-LA-1" in html
    assert "The largest local-authority subscription still allowed is 10 shares" in html
    assert count_movements(coop) == 2


def test_journal_filters_and_paginates(client, signed_in, make_holder, monkeypatch):
    from scic.capital.views import journal

    _, coop = signed_in
    a = make_holder(coop, "USA", 10)
    b = make_holder(coop, "USA", 5)
    services.transfer(
        a, b, 2, on=date(2025, 3, 1), decision=services.Decision("board", DAY, "CA-7")
    )
    db.session.commit()
    base = f"/c/{coop.slug}/capital/journal"
    html = client.get(f"{base}?type=transfer_in").get_data(as_text=True)
    assert "CA-7" in html
    assert html.count('<th scope="row">') == 1
    html = client.get(f"{base}?member={b.id}&date_from=2025-02-01").get_data(as_text=True)
    assert html.count('<th scope="row">') == 1
    monkeypatch.setattr(journal, "PER_PAGE", 2)
    with client.session_transaction() as session:
        session["locale"] = "en"
    first = client.get(base).get_data(as_text=True)
    assert "Page 1 of 2" in first
    assert first.count('<th scope="row">') == 2
    assert 'rel="next"' in first
    assert 'rel="prev"' not in first
    second = client.get(f"{base}?page=2").get_data(as_text=True)
    assert "Page 2 of 2" in second
    assert second.count('<th scope="row">') == 2
    assert 'rel="prev"' in second
    assert 'rel="next"' not in second
    beyond = client.get(f"{base}?page=9").get_data(as_text=True)
    assert beyond.count('<th scope="row">') == 0


def test_withdrawal_workflow_through_the_pages(client, signed_in, make_holder):
    _, coop = signed_in
    make_holder(coop, "USA", 20)
    leaver = make_holder(coop, "USA", 4)
    db.session.commit()
    url = f"/c/{coop.slug}/capital/withdrawals/new"
    response = client.post(
        url,
        data={
            "csrf_token": token(client, url),
            "member": leaver.id,
            "requested_on": "2025-03-01",
            "effective_on": "2025-03-31",
        },
    )
    assert response.status_code == 303
    request = db.session.scalar(select(WithdrawalRequest))
    waiting = client.get(f"/c/{coop.slug}/capital/withdrawals").get_data(as_text=True)
    assert row(waiting, leaver.display_name)[0] == "Retrait total"  # the kind in words
    url = f"/c/{coop.slug}/capital/withdrawals/{request.id}/acknowledge"
    response = client.post(
        url,
        data={
            "csrf_token": token(client, url),
            "on": "2025-04-02",
            "decision_organ": "board",
            "decision_ref": "CA-9",
            "confirm": "y",
        },
    )
    assert response.status_code == 303
    html = client.get(f"/c/{coop.slug}/capital/withdrawals").get_data(as_text=True)
    # Shares, paid, effective, reimbursement due five years later (R-EXIT-2).
    assert row(html, leaver.display_name)[:4] == ["4", "200,00 €", "31 mars 2025", "31 mars 2030"]
    url = f"/c/{coop.slug}/capital/withdrawals/{request.id}/reimburse"
    response = client.post(
        url,
        data={
            "csrf_token": token(client, url),
            "amount": "250.00",
            "losses": "0",
            "on": "2025-06-01",
            "confirm": "y",
        },
    )
    assert response.status_code == 422  # 4 shares of 50 €: at most 200 € (R-EXIT-2)
    assert "R-EXIT-2" in response.get_data(as_text=True)
    response = client.post(
        url,
        data={
            "csrf_token": token(client, url),
            "amount": "200.00",
            "losses": "0",
            "on": "2025-06-01",
            "confirm": "y",
        },
    )
    assert response.status_code == 303
    db.session.refresh(request)
    assert request.status == "reimbursed"


def test_local_authority_guided_entry_end_to_end(client, signed_in, make_holder, app):
    _, coop = signed_in
    make_holder(coop, "USA", 40)  # T = 2 000 €
    db.session.commit()
    category = next(c for c in coop.categories if c.kind == "local_authority")
    url = f"/c/{coop.slug}/capital/local-authorities/new"
    response = client.post(
        url,
        data={
            "csrf_token": token(client, url),
            "name": "Commune de Montignac",
            "authority_type": "commune",
            "category": category.id,
            "reference": "DEL-2025-04",
            "adopted_on": "2025-01-10",
            "executory_on": "2025-01-20",
            "authorised_shares": "30",
            "document": (io.BytesIO(b"%PDF-1.4\n%fake\n"), "deliberation.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 303, response.get_data(as_text=True)[-3000:]
    commune = db.session.scalar(select(Member).where(Member.name == "Commune de Montignac"))
    deliberation = db.session.scalar(
        select(Deliberation).where(Deliberation.member_id == commune.id)
    )
    assert (deliberation.authorised_shares, deliberation.executory_on) == (30, date(2025, 1, 20))
    assert deliberation.document_name
    url = f"/c/{coop.slug}/capital/local-authorities/{commune.id}/representatives"
    response = client.post(
        url,
        data={
            "csrf_token": token(client, url),
            "main_name": "Jeanne Maire",
            "main_function": "maire",
            "alternate_name": "Paul Adjoint",
            "valid_from": "2025-01-20",
        },
    )
    assert response.status_code == 303, flashed_errors(response)
    roles = sorted(db.session.scalars(select(Mandate.role).where(Mandate.member_id == commune.id)))
    assert roles == ["alternate", "main"]
    url = f"/c/{coop.slug}/capital/local-authorities/{commune.id}/admission"
    page = client.get(url).get_data(as_text=True)
    assert "T − 2P" in page  # the largest subscription still allowed is shown
    data = {
        "csrf_token": csrf_token_from(page),
        "shares": "30",
        "paid": "1500.00",
        "on": "2025-01-15",
        "decision_organ": "board",
        "decision_ref": "CA-12",
        "confirm": "y",
    }
    response = client.post(url, data=data)  # before the deliberation is enforceable
    assert response.status_code == 422
    assert "R-LA-5" in response.get_data(as_text=True)
    response = client.post(
        url, data={**data, "shares": "41", "paid": "2050.00", "on": "2025-01-25"}
    )
    assert response.status_code == 422  # above what the council authorised, above the cap
    response = client.post(url, data={**data, "on": "2025-01-25"})
    assert response.status_code == 303, flashed_errors(response)
    db.session.refresh(commune)
    assert commune.status == "active"
    assert queries.holdings_at(coop.id, date(2025, 1, 25))[commune.id].shares == 30


def test_simulator_shows_public_share_and_voting_weight(client, signed_in, make_holder):
    _, coop = signed_in
    make_holder(coop, "USA", 30)
    make_holder(coop, "COLL", 10)  # 500 / 2 000
    db.session.commit()
    html = client.get(f"/c/{coop.slug}/capital/simulator?shares=10").get_data(as_text=True)
    # 500 € of 2 000 € now, 1 000 € of 2 500 € after; PUB's 30 % shared by 1 member, then 2.
    assert "Part publique du capital : 25,00 % aujourd’hui, 40,00 % après." in page_text(html)
    assert row(html, "Partenaires publics collège du nouvel associé") == [
        "1 → 2",
        "30,00 %",
        "30,0000 %",
        "15,0000 %",
    ]
    html = client.get(f"/c/{coop.slug}/capital/simulator?shares=21").get_data(as_text=True)
    assert "R-LA-1" in html


GOOD_CSV = (
    "number;kind;name;first_name;category;authority_type;deliberation_ref;deliberation_date;"
    "representative;admitted_on;shares\n"
    "10;person;Durand;Marie;USA;;;;;2024-01-10;10\n"
    "11;local_authority;Commune de Sarlat;;COLL;commune;DEL-1;2023-12-01;Jean Maire;"
    "2024-01-10;10\n"
)


def _upload(client, coop, text):
    url = f"/c/{coop.slug}/capital/import"
    return client.post(
        url,
        data={"csrf_token": token(client, url), "file": (io.BytesIO(text.encode()), "members.csv")},
        content_type="multipart/form-data",
    )


def test_import_preview_then_confirm(client, signed_in):
    _, coop = signed_in
    response = _upload(client, coop, GOOD_CSV)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    # Line of the file: name, category, admission and shares, as the CSV gave them.
    # Line of the file: kind in words, name, category, admission and shares.
    assert row(html, "2") == ["Personne physique", "Durand Marie", "USA", "10 janv. 2024", "10"]
    assert row(html, "3") == [
        "Collectivité territoriale",
        "Commune de Sarlat",
        "COLL",
        "10 janv. 2024",
        "10",
    ]
    assert db.session.scalar(select(func.count(Member.id))) == 0  # preview writes nothing
    response = client.post(
        f"/c/{coop.slug}/capital/import/confirm",
        data={"csrf_token": csrf_token_from(html), "content": GOOD_CSV},
    )
    assert response.status_code == 303
    assert queries.capital_at(coop.id, date(2024, 1, 10)) == 1000 * EUR


def test_import_refuses_a_broken_file_with_line_numbers(client, signed_in):
    _, coop = signed_in
    broken = GOOD_CSV + "12;person;Martin;;USA;;;;;2024-01-11;0\n"
    response = _upload(client, coop, broken)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "line 4" in html
    assert 'action="/c/' + coop.slug + '/capital/import/confirm"' not in html
    assert db.session.scalar(select(func.count(Member.id))) == 0


def test_export_is_a_french_spreadsheet_csv(client, signed_in, make_holder):
    _, coop = signed_in
    member = make_holder(coop, "USA", 7)
    db.session.commit()
    response = client.get(f"/c/{coop.slug}/capital/export.csv?at=2025-12-31")
    text = response.get_data(as_text=True)
    assert response.mimetype == "text/csv"
    assert text.startswith("\ufeffnumber;kind;name")
    assert f"{member.number};person;{member.name};Alex;USA" in text
    assert ";7\r\n" in text
    empty = client.get(f"/c/{coop.slug}/capital/export.csv?at=2024-01-01").get_data(as_text=True)
    assert member.name not in empty


def test_allocation_with_tmo_series_and_draft_resolution(
    client, auth, make_user, grant, make_cooperative, make_holder
):
    coop = make_cooperative()
    admin = make_user()
    grant(admin, coop, "admin")
    make_holder(coop, "USA", 40, on=date(2023, 1, 1))  # 2 000 € paid all year 2024
    db.session.commit()
    auth.login_as(admin)
    base = f"/c/{coop.slug}/capital/allocation"
    for year, rate in ((2022, "1.0"), (2023, "3.0"), (2024, "2.0")):
        response = client.post(
            f"{base}/tmo",
            data={"csrf_token": token(client, base), "tmo-year": year, "tmo-rate": rate},
        )
        assert response.status_code == 303
    query = "?year=2024&result=10000.00&subsidies=0&reserves_before=0&rate="
    html = client.get(base + query).get_data(as_text=True)
    # The average TMO of the three years before (2 %) plus 2 points.
    assert row(html, "Taux plafond : TMO moyen + 2 points (R-RES-4)") == ["4,00 %"]
    assert row(html, "2022") == ["1"]  # the TMO series, in percent as its heading says
    response = client.post(
        base,
        data={
            "csrf_token": csrf_token_from(html),
            "year": "2024",
            "result": "10000.00",
            "subsidies": "0",
            "reserves_before": "0",
            "legal_reserve": "1000.00",
            "statutory_reserve": "4500.00",
            "rate": "",
        },
    )
    assert response.status_code == 422, flashed_errors(response)  # 5 500 € < 5 750 € (R-RES-2)
    response = client.post(
        base,
        data={
            "csrf_token": csrf_token_from(html),
            "year": "2024",
            "result": "10000.00",
            "subsidies": "0",
            "reserves_before": "0",
            "rate": "",
        },
    )
    assert response.status_code == 303
    detail = client.get(response.headers["Location"]).get_data(as_text=True)
    # 4 % of 2 000 € for the whole year, to the one member who held them.
    assert row(detail, "Intérêt aux parts") == ["80,00 € (4,00 %)"]
    assert table_rows(detail)[-2] == ["Associé", "Intérêts"]
    assert table_rows(detail)[-1][1:] == ["80,00 €"]


def test_secretary_cannot_enter_the_tmo_series(client, signed_in):
    _, coop = signed_in
    base = f"/c/{coop.slug}/capital/allocation"
    response = client.post(
        f"{base}/tmo", data={"csrf_token": token(client, base), "tmo-year": 2024, "tmo-rate": "3"}
    )
    assert response.status_code == 404


def test_dashboard_panel_lists_what_is_due(client, signed_in, make_holder):
    _, coop = signed_in
    make_holder(coop, "USA", 20)
    leaver = make_holder(coop, "USA", 4)
    services.request_withdrawal(leaver, requested_on=DAY)
    db.session.commit()
    html = client.get(f"/c/{coop.slug}/").get_data(as_text=True)
    assert "/capital/withdrawals" in html


def test_member_holdings_tab_of_another_cooperative_is_404(
    client, signed_in, make_holder, make_cooperative
):
    _, coop = signed_in
    other = make_cooperative()
    stranger = make_holder(other, "USA", 3)
    mine = make_holder(coop, "USA", 3)
    db.session.commit()
    assert client.get(f"/c/{coop.slug}/capital/members/{stranger.id}").status_code == 404
    html = client.get(f"/c/{coop.slug}/capital/members/{mine.id}").get_data(as_text=True)
    assert row(html, "Souscrit") == ["150,00 €"]
    assert row(html, "Non libéré") == ["0,00 €"]


def test_exits_refuse_an_exclusion_without_an_adopted_resolution(client, signed_in, make_holder):
    # Issue 16: Capital → Exits recorded an exclusion with no adopted resolution (R-EXCL-1).
    _, coop = signed_in
    make_holder(coop, "USA", 400)
    member = make_holder(coop, "USA", 10)
    db.session.commit()
    url = f"/c/{coop.slug}/capital/exits/new"
    with client.session_transaction() as session:
        session["locale"] = "en"
    response = client.post(
        url,
        data={
            "csrf_token": token(client, url),
            "member": member.id,
            "kind": "exclusion",
            "on": "2026-06-20",
            "resolution": "0",
            "confirm": "y",
        },
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "An exclusion needs the adopted resolution of an assembly" in html
    assert "R-EXCL-1" in html
    assert db.session.scalar(select(func.count(WithdrawalRequest.id))) == 0
    db.session.expire_all()
    assert db.session.get(Member, member.id).status == "active"
