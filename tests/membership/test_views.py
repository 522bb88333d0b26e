"""Members pages through the client: list, member page, admission, uploads, application form."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from sqlalchemy import event, select

from scic.core.db import db
from scic.membership import services
from scic.membership.models import Member
from tests.conftest import csrf_token_from


@pytest.fixture
def office(secretary, make_member):
    """A secretary's cooperative with five members, committed."""
    user, coop = secretary
    names = ["Bernard", "Alvarez", "Durand", "Carpentier", "Eiffel"]
    members = [
        make_member(coop, name=name, email=f"{name.lower()}@example.org", on=date(2024, 1, i + 1))
        for i, name in enumerate(names)
    ]
    db.session.commit()
    return user, coop, members


@pytest.fixture
def member_user(make_user, grant, secretary):
    _, coop = secretary
    user = make_user()
    grant(user, coop, "member")
    db.session.commit()
    return user


def names_in(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>', html)


# --- List ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param("q=dur", ["Durand Jeanne"], id="name"),
        pytest.param("q=CARPENTIER@", ["Carpentier Jeanne"], id="email case-insensitive"),
        pytest.param("q=2", ["Alvarez Jeanne"], id="number"),
        pytest.param("q=%25", [], id="a percent sign is literal"),
    ],
)
def test_member_list_search(client, auth, office, query, expected):
    user, coop, _ = office
    auth.login_as(user)
    html = client.get(f"/c/{coop.slug}/members?{query}").get_data(as_text=True)
    assert names_in(html) == expected


def test_member_list_links_open_each_members_page(client, auth, office):
    user, coop, _ = office
    auth.login_as(user)
    html = client.get(f"/c/{coop.slug}/members?sort=name").get_data(as_text=True)
    links = re.findall(r'<th scope="row"><a href="([^"]+)">([^<]+)</a></th>', html)
    assert len(links) == 5
    for href, name in links:
        page = client.get(href)
        assert page.status_code == 200
        assert name.split()[0] in page.get_data(as_text=True)


def test_member_list_sorts_by_name_and_admission(client, auth, office):
    user, coop, _ = office
    auth.login_as(user)
    by_name = names_in(client.get(f"/c/{coop.slug}/members?sort=name").get_data(as_text=True))
    assert [n.split()[0] for n in by_name] == [
        "Alvarez",
        "Bernard",
        "Carpentier",
        "Durand",
        "Eiffel",
    ]
    latest_first = names_in(
        client.get(f"/c/{coop.slug}/members?sort=admitted&order=desc").get_data(as_text=True)
    )
    assert latest_first[0].startswith("Eiffel")


def test_member_list_filters_and_paginates(app, client, auth, office, make_member):
    user, coop, _ = office
    make_member(coop, admit=False, name="Zola")
    db.session.commit()
    auth.login_as(user)
    candidates = names_in(
        client.get(f"/c/{coop.slug}/members?status=candidate").get_data(as_text=True)
    )
    assert candidates == ["Zola Jeanne"]
    app.config["PAGE_SIZE"] = 2
    page3 = client.get(f"/c/{coop.slug}/members?sort=name&page=3").get_data(as_text=True)
    assert names_in(page3) == ["Eiffel Jeanne", "Zola Jeanne"]
    assert "<span>Page 3 sur 3</span>" in page3
    assert 'rel="prev"' in page3
    assert 'rel="next"' not in page3  # the last page
    beyond = client.get(f"/c/{coop.slug}/members?sort=name&page=99").get_data(as_text=True)
    assert names_in(beyond) == ["Eiffel Jeanne", "Zola Jeanne"]  # clamped to the last page


def test_member_list_offers_the_cooperatives_categories_and_colleges_in_order(
    client, auth, office, make_cooperative
):
    """Both selects come from one statement (UNION ALL): each lists its own kind, in the
    statutes' order, and nothing of another cooperative."""
    from scic.membership import queries

    user, coop, _ = office
    make_cooperative()  # another cooperative with its own categories and colleges
    db.session.commit()
    auth.login_as(user)
    html = client.get(f"/c/{coop.slug}/members").get_data(as_text=True)

    def options(name: str) -> list[tuple[str, str]]:
        select_html = re.search(rf'<select id="{name}" name="{name}">(.*?)</select>', html, re.S)
        return re.findall(r'<option (?:selected )?value="([^"]*)">([^<]*)</option>', select_html[1])

    expected_categories = [(str(c.id), c.name) for c in queries.categories_of(coop)]
    expected_colleges = [(str(c.id), c.name) for c in queries.colleges_of(coop)]
    assert len(expected_categories) > 1
    assert len(expected_colleges) > 1
    assert options("category") == [("", "Tous"), *expected_categories]
    assert options("college") == [("", "Tous"), *expected_colleges]


def count_statements(client, url: str) -> int:
    """Statements of one page view, from a fresh start (no transaction open in the test's
    session, nothing loaded), as every request has in production."""
    db.session.commit()
    statements: list[str] = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return len(statements)


def test_member_list_issues_a_constant_number_of_queries(client, auth, secretary, make_member):
    user, coop = secretary
    for category in ("USA", "SAL", "SOUT"):
        make_member(coop, category=category)
    db.session.commit()
    auth.login_as(user)
    url = f"/c/{coop.slug}/members"
    few = count_statements(client, url)
    for i in range(12):
        make_member(coop, category=("USA", "SAL", "SOUT")[i % 3])
    make_member(coop, kind="local_authority")
    db.session.commit()
    assert len(names_in(client.get(url).get_data(as_text=True))) == 16
    assert count_statements(client, url) == few


# --- Access -------------------------------------------------------------------------------------


def test_members_and_representatives_see_nothing_of_the_register(client, auth, office, member_user):
    _, coop, members = office
    auth.login_as(member_user)
    for url in (
        f"/c/{coop.slug}/members",
        f"/c/{coop.slug}/members/{members[0].id}",
        f"/c/{coop.slug}/compliance",
    ):
        assert client.get(url).status_code == 404, url
    dashboard = client.get(f"/c/{coop.slug}/").get_data(as_text=True)
    assert "Bernard" not in dashboard


def test_auditor_reads_but_cannot_admit(client, auth, office, make_user, grant, make_member):
    _, coop, _ = office
    candidate = make_member(coop, admit=False)
    auditor = make_user()
    grant(auditor, coop, "auditor")
    db.session.commit()
    auth.login_as(auditor)
    page = client.get(f"/c/{coop.slug}/members/{candidate.id}")
    assert page.status_code == 200
    assert "/admit" not in page.get_data(as_text=True)
    token = csrf_token_from(page.get_data(as_text=True))
    response = client.post(
        f"/c/{coop.slug}/members/{candidate.id}/admit",
        data={"csrf_token": token, "admit-decided_on": "2024-02-01", "admit-decision_ref": "CA"},
    )
    assert response.status_code == 404


# --- Member page and decisions ------------------------------------------------------------------


def test_member_page_shows_identity_weight_and_history(client, auth, office):
    user, coop, members = office  # five members of USA (20 %)
    auth.login_as(user)
    html = client.get(
        f"/c/{coop.slug}/members/{members[0].id}", headers={"Accept-Language": "en"}
    ).get_data(as_text=True)
    assert "Bernard Jeanne" in html
    assert "4.0000%" in html  # 20 % shared by 5 members
    # The history in words: the action, then what changed.
    assert "<td>Member admitted</td>" in html
    assert "Status: Candidate → Active" in html


def test_admission_through_the_page(client, auth, secretary, make_member, no_csrf):
    user, coop = secretary
    candidate = make_member(coop, admit=False)
    db.session.commit()
    auth.login_as(user)
    url = f"/c/{coop.slug}/members/{candidate.id}/admit"
    data = {"admit-decided_on": "2024-02-01", "admit-decision_ref": "CA du 1er février"}
    # Issue 18 item 3: never admitted holding no share (the category's minimum, §8 #12).
    response = client.post(
        url,
        data={**data, "admit-shares": "0", "admit-paid": "0"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 422
    error = re.search(
        r'<p class="field-error" id="admit-shares-error">(.*?)</p>', response.get_data(as_text=True)
    )
    assert error.group(1) == (
        f"Minimum number of shares on admission for the category {candidate.category.name}: "
        "1 (statutes). Subscribe at least that many. (§8 #12)"
    )
    db.session.expire_all()
    assert db.session.get(Member, candidate.id).status == "candidate"
    response = client.post(
        url,
        data={**data, "admit-shares": "2", "admit-paid": "100.00"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Member, candidate.id).status == "active"
    from scic.capital import queries as capital_queries

    assert capital_queries.holdings_at(coop.id, date(2024, 2, 1))[candidate.id].shares == 2
    page = client.get(response.headers["Location"], headers={"Accept-Language": "en"})
    assert "Member admitted" in page.get_data(as_text=True)


def test_refused_admission_names_the_rule(client, auth, secretary, make_member, no_csrf):
    user, coop = secretary
    candidate = make_member(coop, kind="organisation", category="SAL", admit=False)
    db.session.commit()
    auth.login_as(user)
    response = client.post(
        f"/c/{coop.slug}/members/{candidate.id}/admit",
        data={
            "admit-decided_on": "2024-02-01",
            "admit-decision_ref": "CA",
            "admit-shares": "2",
            "admit-paid": "100.00",
        },
        follow_redirects=True,
    )
    assert "R-CAT-3" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Member, candidate.id).status == "candidate"


def test_new_candidate_through_the_secretary_form(client, auth, secretary, no_csrf):
    user, coop = secretary
    category = next(c for c in coop.categories if c.code == "USA")
    auth.login_as(user)
    response = client.post(
        f"/c/{coop.slug}/members/new",
        data={
            "kind": "person",
            "category": str(category.id),
            "name": "Lefèvre",
            "first_name": "Marc",
            "applied_on": "2024-03-01",
            "authority_type": "",
        },
    )
    assert response.status_code == 303
    member = db.session.scalars(select(Member)).one()
    assert (member.number, member.status, member.sort_name) == (1, "candidate", "lefèvre marc")


def test_concurrent_edit_is_told_not_lost(client, auth, office):
    user, coop, members = office
    member = members[0]
    auth.login_as(user)
    page = client.get(f"/c/{coop.slug}/members/{member.id}/edit").get_data(as_text=True)
    token = csrf_token_from(page)
    version = re.search(r'name="version"[^>]*value="(\d+)"', page).group(1)
    services.update_member(member, {"phone": "0600000000"}, member.version, by=None)
    db.session.commit()  # someone else saved first
    response = client.post(
        f"/c/{coop.slug}/members/{member.id}/edit",
        data={
            "csrf_token": token,
            "version": version,
            "name": "Overwritten",
            "first_name": "Jeanne",
            "authority_type": "",
        },
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 409
    assert "Someone else changed this member" in response.get_data(as_text=True)
    db.session.expire_all()
    assert (db.session.get(Member, member.id).name, db.session.get(Member, member.id).phone) == (
        "Bernard",
        "0600000000",
    )


# --- Deliberation documents ---------------------------------------------------------------------


@pytest.fixture
def authority(secretary, make_member):
    user, coop = secretary
    member = make_member(coop, kind="local_authority", name="Commune de Sarlat")
    db.session.commit()
    return user, coop, member


def upload(client, coop, member, content: bytes, filename: str = "deliberation.pdf"):
    deliberation = member.deliberations[0]
    return client.post(
        f"/c/{coop.slug}/members/{member.id}/deliberations/{deliberation.id}/document",
        data={"document-document": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
        follow_redirects=True,
        headers={"Accept-Language": "en"},
    )


def test_upload_refuses_a_file_that_is_not_a_pdf(client, auth, authority, no_csrf):
    user, coop, member = authority
    auth.login_as(user)
    response = upload(client, coop, member, b"MZ\x90\x00 an executable named .pdf")
    assert "The document is not a PDF file" in response.get_data(as_text=True)
    db.session.expire_all()
    assert member.deliberations[0].document_name == ""


def test_upload_refuses_a_pdf_over_the_size_cap(app, client, auth, authority, no_csrf):
    user, coop, member = authority
    app.config["DELIBERATION_MAX_BYTES"] = 100
    auth.login_as(user)
    response = upload(client, coop, member, b"%PDF-1.7" + b"0" * 200)
    assert "the maximum is 100 bytes" in response.get_data(as_text=True)


def test_uploaded_pdf_is_served_as_an_attachment(app, client, auth, authority, no_csrf):
    user, coop, member = authority
    auth.login_as(user)
    upload(client, coop, member, b"%PDF-1.4 deliberation")
    db.session.expire_all()
    deliberation = db.session.get(Member, member.id).deliberations[0]
    assert deliberation.document_name.endswith(".pdf")
    response = client.get(
        f"/c/{coop.slug}/members/{member.id}/deliberations/{deliberation.id}/document"
    )
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.data == b"%PDF-1.4 deliberation"


def test_mandate_designation_through_the_page(client, auth, authority, no_csrf):
    user, coop, member = authority
    auth.login_as(user)
    response = client.post(
        f"/c/{coop.slug}/members/{member.id}/mandates",
        data={
            "mandate-full_name": "Paul Maire",
            "mandate-role": "main",
            "mandate-valid_from": "2024-02-01",
            "mandate-deliberation": "0",
        },
    )
    assert response.status_code == 303
    db.session.expire_all()
    mandate = db.session.get(Member, member.id).mandates[0]
    assert (mandate.full_name, mandate.valid_to) == ("Paul Maire", date(2026, 3, 15))


# --- Compliance and dashboard -------------------------------------------------------------------


def test_compliance_page_lists_breaches_with_rule_and_action(client, auth, authority):
    user, coop, _ = authority
    auth.login_as(user)
    html = client.get(f"/c/{coop.slug}/compliance", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    assert "R-CAT-1" in html
    assert "Commune de Sarlat" in html
    assert "Ask the council or the organisation to designate a representative" in html


def test_dashboard_panel_shows_weight_per_member(client, auth, office):
    user, coop, _ = office
    auth.login_as(user)
    html = client.get(f"/c/{coop.slug}/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Weight per member" in html
    assert "4.0000%" in html


# --- Public application form --------------------------------------------------------------------


def test_application_form_is_public_and_shows_only_name_and_categories(client, office):
    _, coop, _ = office
    response = client.get(f"/c/{coop.slug}/apply")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert coop.name in html
    assert "Collectivités" in html
    assert "Bernard" not in html
    assert "bernard@example.org" not in html
    assert "coop-nav" not in html


def test_application_creates_a_candidate(client, office):
    _, coop, _ = office
    token = csrf_token_from(client.get(f"/c/{coop.slug}/apply").get_data(as_text=True))
    category = next(c for c in coop.categories if c.code == "USA")
    response = client.post(
        f"/c/{coop.slug}/apply",
        data={
            "csrf_token": token,
            "kind": "person",
            "category": str(category.id),
            "name": "Nouvelle",
            "first_name": "Ida",
            "email": "ida@example.org",
            "authority_type": "",
        },
    )
    assert response.status_code == 200
    candidate = db.session.scalars(select(Member).where(Member.name == "Nouvelle")).one()
    assert (candidate.status, candidate.number) == ("candidate", 6)


def test_application_without_csrf_token_is_refused(client, office):
    _, coop, _ = office
    response = client.post(f"/c/{coop.slug}/apply", data={"kind": "person", "name": "X"})
    assert response.status_code == 400
    assert db.session.scalars(select(Member).where(Member.name == "X")).first() is None


def test_application_to_an_unknown_cooperative_is_404(client):
    assert client.get("/c/nowhere/apply").status_code == 404
