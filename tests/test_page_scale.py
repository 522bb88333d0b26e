"""Pages that list members stay the same size and run the same SQL whatever the membership.

Issue 18 item 8: the capital page, the member list, the audit log and the journal page their rows
(``db.paginate``) and summarise what grows, so 200 members cost what 10 cost: the same
statements (no query per row) and a page far under 300 KB.
"""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, select

from scic.core import audit
from scic.core.db import db
from scic.membership.models import Member

PAGES = {
    "capital": "/c/{slug}/capital/",
    "members": "/c/{slug}/members",
    "audit log": "/c/{slug}/registers/audit",
    "movement journal": "/c/{slug}/capital/journal",
}
#: The largest page the issue allows, whatever the membership.
MAX_BYTES = 300_000


@pytest.fixture
def signed_in(secretary, auth):
    user, cooperative = secretary
    auth.login_as(user)
    return user, cooperative


def grow_to(cooperative, user, count: int, make_holder) -> None:
    """Admit members (with shares, so with ledger entries) until there are ``count``."""
    members = db.session.scalar(
        select(func.count(Member.id)).where(Member.cooperative_id == cooperative.id)
    )
    for _ in range(count - members):
        member = make_holder(cooperative, "USA", 2)
        audit.record("test.member_seen", member, by=user, data={"n": member.number})
    db.session.commit()


def measure(client, url: str) -> tuple[int, str]:
    """The statements a second request runs (the first warms caches), and its HTML."""
    client.get(url)
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = client.get(url)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 200
    return len(statements), response.get_data(as_text=True)


@pytest.mark.parametrize("page", PAGES)
def test_a_page_runs_the_same_statements_and_shows_one_page_for_10_and_200_members(
    client, signed_in, make_holder, page
):
    user, cooperative = signed_in
    url = PAGES[page].format(slug=cooperative.slug)
    grow_to(cooperative, user, 10, make_holder)
    small_statements, small_html = measure(client, url)
    assert 'rel="next"' not in small_html
    grow_to(cooperative, user, 200, make_holder)
    large_statements, large_html = measure(client, url)
    assert large_statements == small_statements
    assert len(large_html.encode()) < MAX_BYTES
    rows = large_html.count("<tr>") + large_html.count("<tr ")
    assert rows <= 80  # 50 rows, headers and the summary tables (categories, colleges…)
    assert 'rel="next"' in large_html


def test_the_journal_runs_the_same_statements_for_2_and_50_rows_of_transfers(
    client, signed_in, make_holder
):
    """Each transfer row names two members (the transferee and the transferor): both are
    loaded with the page, so 50 rows cost the statements 2 rows cost. The transferors never
    receive, so no row's member is already loaded as another row's counterparty."""
    from datetime import date

    from scic.capital import services

    _, cooperative = signed_in
    givers = [make_holder(cooperative, "USA", 40) for _ in range(13)]
    takers = [make_holder(cooperative, "USA", 1) for _ in range(13)]
    db.session.commit()
    url = PAGES["movement journal"].format(slug=cooperative.slug) + "?type=transfer_in"
    decision = services.Decision("board", date(2025, 2, 1), "CA-1")

    def transfer(index: int) -> None:
        giver, taker = givers[index % 13], takers[(index * 5) % 13]
        services.transfer(giver, taker, 1, on=date(2025, 3, 1), decision=decision)
        db.session.commit()

    transfer(0)
    transfer(1)
    few, few_html = measure(client, url)
    assert few_html.count('<th scope="row">') == 2
    for index in range(2, 50):
        transfer(index)
    many, many_html = measure(client, url)
    assert many_html.count('<th scope="row">') == 50
    assert many_html.count(" ↔ ") == 50  # every row names its counterparty
    assert many == few


#: The assembly's pages that list its voters.
ASSEMBLY_PAGES = {
    "convocation": "/c/{slug}/assemblies/{assembly}/convocation",
    "attendance checklist": "/c/{slug}/assemblies/{assembly}/attendance",
}


def grow_voters(cooperative, assembly, count: int, make_voter) -> None:
    """Add voters until there are ``count``: one in two by letter, every voter convened; one in
    five a local authority with its representative (who consented when one in two did)."""
    from datetime import date

    from scic.assemblies.models import ConvocationRecord
    from scic.membership.models import Mandate

    members = db.session.scalar(
        select(func.count(Member.id)).where(Member.cooperative_id == cooperative.id)
    )
    for index in range(members, count):
        consent = index % 2 == 0
        if index % 5 == 0:
            member = make_voter(cooperative, kind="local_authority", consent=False)
            member.authority_type = "other"  # no council term: whatever the day of the test
            db.session.add(
                Mandate(
                    cooperative_id=cooperative.id, member_id=member.id, full_name="Maire",
                    role="main", email=f"maire{index}@example.org", valid_from=date(2020, 7, 1),
                    econvocation_consent_on=date(2021, 1, 1) if consent else None,
                )
            )  # fmt: skip
        else:
            member = make_voter(cooperative, consent=consent)
        db.session.flush()
        channel = "email" if consent else "registered_letter"
        db.session.add(
            ConvocationRecord(
                assembly_id=assembly.id, member_id=member.id, channel=channel,
                sent_on=date(2024, 1, 15), registered_number=f"1A {member.number:09d}",
            )
        )  # fmt: skip
    db.session.commit()


@pytest.mark.parametrize("page", ASSEMBLY_PAGES)
def test_an_assembly_page_runs_the_same_statements_for_10_and_200_voters(
    client, signed_in, make_voter, make_assembly, page
):
    """The convocation page pages its two lists (paper letters, who was convened) and the
    checklist its members: 200 voters cost the statements and about the bytes of 10."""
    from datetime import UTC, datetime

    _, cooperative = signed_in
    assembly = make_assembly(cooperative, starts_at=datetime(2099, 3, 1, 14, tzinfo=UTC))
    db.session.commit()
    url = ASSEMBLY_PAGES[page].format(slug=cooperative.slug, assembly=assembly.id)
    grow_voters(cooperative, assembly, 10, make_voter)
    small_statements, small_html = measure(client, url)
    assert "page=2" not in small_html  # no link to a second page
    grow_voters(cooperative, assembly, 200, make_voter)
    large_statements, large_html = measure(client, url)
    assert large_statements == small_statements
    assert "page=2" in large_html
    assert len(large_html.encode()) < MAX_BYTES
    # One page of each list (two of 50, or the checklist's 100): not one row per voter.
    assert large_html.count("<tr") <= 110


def test_the_convocation_page_pages_its_two_lists_apart(
    client, signed_in, make_voter, make_assembly
):
    """Paging the letters keeps the page of who was convened, and the reverse; a page past
    the last shows the last."""
    from datetime import UTC, datetime

    _, cooperative = signed_in
    assembly = make_assembly(cooperative, starts_at=datetime(2099, 3, 1, 14, tzinfo=UTC))
    grow_voters(cooperative, assembly, 120, make_voter)  # 60 by letter, 120 convened
    with client.session_transaction() as session:
        session["locale"] = "en"
    url = ASSEMBLY_PAGES["convocation"].format(slug=cooperative.slug, assembly=assembly.id)
    html = client.get(f"{url}?paper_page=2&page=9").get_data(as_text=True)
    assert "Page 2 of 2" in html  # the letters: 60 rows, 50 a page
    assert "Page 3 of 3" in html  # who was convened: 120 rows, the last page
    assert f'href="{url}?page=3&amp;paper_page=1#paper-title" rel="prev"' in html
    assert f'href="{url}?paper_page=2&amp;page=2#records-title" rel="prev"' in html
    assert html.count('name="prefix"') == 10  # a form for each letter of this page only


def test_the_member_list_stops_counting_at_its_bound(client, signed_in, make_holder, monkeypatch):
    """Counting every match grows with the membership: past the bound the list says "more
    than" and still pages forward."""
    from scic.membership import queries

    user, cooperative = signed_in
    grow_to(cooperative, user, 130, make_holder)
    monkeypatch.setattr(queries, "COUNT_LIMIT", 60)
    with client.session_transaction() as session:
        session["locale"] = "en"
    url = PAGES["members"].format(slug=cooperative.slug)
    first = client.get(url).get_data(as_text=True)
    assert "More than 60 members found" in first
    assert "Page 1</span>" in first
    assert 'rel="next"' in first
    third = client.get(f"{url}?page=3").get_data(as_text=True)
    assert "130 members found" in third  # counted up to the page asked for: all of them
    assert "Page 3 of 3" in third
    assert 'rel="next"' not in third


def test_the_voting_pages_run_the_same_statements_for_10_and_200_voters(
    client, signed_in, make_voter, make_assembly
):
    """The secretary's console pages who voted and has the member typed (number or name), and
    the assembly's resolutions page has the member of an exclusion typed too: neither lists
    every member, so 200 voters who voted cost the statements and about the bytes of 10."""
    from datetime import UTC, datetime

    from scic.voting import services
    from scic.voting.models import Ballot

    user, cooperative = signed_in
    assembly = make_assembly(cooperative, starts_at=datetime(2099, 3, 1, 14, tzinfo=UTC))
    resolution = services.create_resolution(
        assembly, title="Approbation des comptes", agenda_item=assembly.agenda_items[0]
    )
    db.session.commit()
    urls = [
        f"/c/{cooperative.slug}/votes/resolutions/{resolution.id}",
        f"/c/{cooperative.slug}/votes/assemblies/{assembly.id}",
    ]

    def vote_until(count: int) -> None:
        grow_voters(cooperative, assembly, count, make_voter)
        voted = set(db.session.scalars(select(Ballot.member_id)))
        members = db.session.scalars(
            select(Member).where(Member.cooperative_id == cooperative.id).order_by(Member.id)
        )
        for member in members:
            if member.id not in voted:
                Ballot(
                    cooperative_id=cooperative.id, resolution_id=resolution.id,
                    member_id=member.id, college_id=member.college_id, choice="for",
                    channel="in_person", cast_by_user_id=user.id, receipt_hash="0" * 64,
                    cast_at=datetime(2099, 3, 1, 14, 30, tzinfo=UTC),
                ).seal()  # fmt: skip
        db.session.commit()

    vote_until(10)
    small = [measure(client, url) for url in urls]
    who_voted = small[0][1].split('id="participants-title"')[1]
    assert who_voted.count("<tr") == 11  # the heading and the 10 who voted
    assert "page=2" not in who_voted
    vote_until(200)
    large = [measure(client, url) for url in urls]
    for (small_statements, small_html), (large_statements, html) in zip(small, large, strict=True):
        assert large_statements == small_statements
        assert len(html.encode()) < MAX_BYTES
        assert html.count("<option") == small_html.count("<option")  # no option per member
    who_voted = large[0][1].split('id="participants-title"')[1]
    assert who_voted.count("<tr") == 51  # one page of 50
    assert "page=2#participants-title" in who_voted
    assert "200 associés ont voté." in who_voted


def test_the_proxies_page_runs_the_same_statements_for_10_and_200_voters(
    client, signed_in, make_voter, make_assembly
):
    """Grantor and holder are typed, not chosen among every voter: the page does not grow."""
    from datetime import UTC, datetime

    _, cooperative = signed_in
    assembly = make_assembly(cooperative, starts_at=datetime(2099, 3, 1, 14, tzinfo=UTC))
    db.session.commit()
    url = f"/c/{cooperative.slug}/assemblies/{assembly.id}/proxies"
    grow_voters(cooperative, assembly, 10, make_voter)
    small_statements, small_html = measure(client, url)
    grow_voters(cooperative, assembly, 200, make_voter)
    large_statements, large_html = measure(client, url)
    assert 'name="holder_id_text"' in large_html  # the form is there
    assert large_statements == small_statements
    assert large_html.count("<option") == small_html.count("<option")
    assert abs(len(large_html) - len(small_html)) < 200  # a count's digits at most
