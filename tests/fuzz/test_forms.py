"""The main forms, fuzzed through the test client: never a 500, a clear refusal, and nothing
half written (a refused request changes no row; an accepted one writes exactly its rows)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from scic.core import clock
from scic.core.db import db
from tests.conftest import csrf_token_from

#: The fixtures are built once per test; every example runs against the same data.
once = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
text = st.text(max_size=40)
numberish = st.sampled_from(["", "0", "1", "2", "-1", "1.5", "abc", "99999999999", "1e5"]) | text
dateish = st.sampled_from(["", "2025-01-15", "2025-02-30", "15/01/2025", "9999-12-31"]) | text


def count(model) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def office(secretary, make_holder, auth, no_csrf):
    """A signed-in secretary, two members with shares, and a convened assembly."""
    from scic.assemblies import services as assemblies
    from scic.assemblies.services import AssemblyInput

    user, cooperative = secretary
    holders = [make_holder(cooperative, "USA", 3) for _ in range(2)]
    assembly = assemblies.create_assembly(
        cooperative,
        AssemblyInput(
            type="ordinary",
            title="AG",
            starts_at=datetime(2099, 6, 1, 16, tzinfo=UTC),
            place="Salle des fêtes",
        ),
        by=user,
    )
    assemblies.add_agenda_item(assembly, "Comptes", by=user)
    db.session.commit()
    auth.login_as(user)
    return cooperative, holders, assembly


def test_login_form_never_fails(client, secretary):
    from scic.core.audit import AuditEntry

    before = count(AuditEntry)

    @once
    @given(email=text, password=text, next_=text)
    def attempt(email, password, next_):
        page = client.get("/login")
        token = csrf_token_from(page.get_data(as_text=True))
        response = client.post(
            f"/login?next={next_}", data={"email": email, "password": password, "csrf_token": token}
        )
        assert response.status_code in (200, 400, 401), response.status_code
        assert "Traceback" not in response.get_data(as_text=True)

    attempt()
    assert count(AuditEntry) == before


def test_member_creation_form(client, office):
    from scic.membership.models import Member

    cooperative, _, _ = office
    category_ids = [c.id for c in cooperative.categories]

    @once
    @given(
        kind=st.sampled_from(["person", "organisation", "local_authority", "x", ""]),
        name=text,
        first_name=text,
        email=st.sampled_from(["", "a@example.org", "not-an-email"]) | text,
        siren=st.sampled_from(["", "912345675", "123456789", "12"]) | text,
        category=st.sampled_from([*map(str, category_ids), "0", "x", ""]),
        applied_on=dateish,
    )
    def create(kind, name, first_name, email, siren, category, applied_on):
        before = count(Member)
        response = client.post(
            f"/c/{cooperative.slug}/members/new",
            data={
                "kind": kind,
                "name": name,
                "first_name": first_name,
                "email": email,
                "siren": siren,
                "category": category,
                "applied_on": applied_on,
            },
        )
        assert response.status_code in (303, 400, 422), response.status_code
        assert count(Member) == before + (1 if response.status_code == 303 else 0)

    create()


def test_proxy_form(client, office):
    from scic.assemblies.models import Proxy

    cooperative, holders, assembly = office
    ids = [str(h.id) for h in holders]

    @once
    @given(
        grantor=st.sampled_from([*ids, "0", "x", ""]),
        holder=st.sampled_from([*ids, "0", "x", ""]),
        blank=st.sampled_from(["", "y"]),
        signed_on=dateish,
    )
    def give(grantor, holder, blank, signed_on):
        before = count(Proxy)
        response = client.post(
            f"/c/{cooperative.slug}/assemblies/{assembly.id}/proxies",
            data={
                "grantor_id": grantor,
                "holder_id": holder,
                "blank": blank,
                "signed_on": signed_on,
            },
        )
        assert response.status_code in (303, 400, 404), response.status_code
        assert count(Proxy) - before in (0, 1)

    give()


@pytest.mark.parametrize("form", ["subscribe", "payment", "transfer"])
def test_movement_forms(client, office, form):
    from scic.capital.models import ShareMovement
    from scic.core.audit import AuditEntry

    cooperative, holders, _ = office
    ids = [str(h.id) for h in holders]
    member = st.sampled_from([*ids, "0", "x", ""])

    @once
    @given(
        member=member,
        other=member,
        shares=numberish,
        amount=numberish,
        on=dateish,
        confirm=st.sampled_from(["y", ""]),
    )
    def post(member, other, shares, amount, on, confirm):
        movements, entries = count(ShareMovement), count(AuditEntry)
        response = client.post(
            f"/c/{cooperative.slug}/capital/{form}",
            data={
                "member": member,
                "transferor": member,
                "transferee": other,
                "shares": shares,
                "paid": amount,
                "amount": amount,
                "on": on,
                "confirm": confirm,
            },
        )
        assert response.status_code in (303, 400, 422), response.status_code
        written = count(ShareMovement) - movements
        if response.status_code == 303:
            assert written in (1, 2)  # a transfer is two entries
            assert count(AuditEntry) > entries
        else:
            assert (written, count(AuditEntry)) == (0, entries)

    post()


def test_members_import_through_the_client(client, office):
    """The import service through its form: any text is refused whole or imported whole."""
    from scic.membership.models import Member
    from tests.fuzz.test_formats import HEADER, rows_strategy

    cooperative, _, _ = office

    @once
    @given(st.lists(rows_strategy, min_size=1, max_size=4) | st.lists(text, max_size=3))
    def upload(lines):
        before = count(Member)
        content = "\n".join([HEADER, *lines])
        response = client.post(
            f"/c/{cooperative.slug}/capital/import/confirm", data={"content": content}
        )
        if "\x00" in content:  # refused whole before any reading (core.security)
            assert response.status_code == 400
            assert count(Member) == before
            return
        assert response.status_code == 303
        added = count(Member) - before
        if response.headers["Location"].endswith("/capital/"):
            assert added == len(lines)
        else:
            assert added == 0

    upload()


def test_the_fuzzed_forms_accept_valid_input(client, office):
    """Guard: a valid subscription goes through, so the properties above are not vacuous."""
    from scic.capital.models import ShareMovement

    cooperative, holders, _ = office
    before = count(ShareMovement)
    response = client.post(
        f"/c/{cooperative.slug}/capital/subscribe",
        data={
            "member": holders[0].id,
            "shares": "2",
            "paid": "100",
            "on": clock.today().isoformat(),
            "confirm": "y",
        },
    )
    assert response.status_code == 303
    assert count(ShareMovement) == before + 1
