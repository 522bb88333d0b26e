"""The annual accounts assembly prepared from the year-end (R-AG-1, R-AG-14, R-AG-15, R-REV-4):
pure rules at their boundaries, the preparation, the page and the filing after the vote."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from scic.assemblies import accounts_rules as rules
from scic.assemblies import services as assembly_services
from scic.assemblies.accounts_rules import AccountsDocument as Doc
from scic.assemblies.models import Assembly
from scic.capital.models import ResultAllocation
from scic.cooperatives.calendar_rules import DeadlineKind
from scic.core.db import db
from scic.core.violations import RuleViolation
from scic.voting import services as voting
from scic.voting.models import Resolution
from scic.workflows import accounts_assembly, calendar
from scic.workflows import votes as votes_workflow
from tests.fixtures.voting import attend
from tests.violations import codes

#: 20 May 2026: the accounts of 2025 are due by 30 June 2026.
NOW = datetime(2026, 5, 20, 8, 0, tzinfo=UTC)
SESSION = datetime(2026, 6, 25, 16, 0, tzinfo=UTC)  # 18:00 in Paris


@pytest.mark.parametrize(
    ("session_day", "available_by"),
    [
        pytest.param(date(2026, 6, 25), date(2026, 6, 10), id="R-AG-14 15 days before"),
        pytest.param(date(2026, 3, 1), date(2026, 2, 14), id="R-AG-14 across February"),
    ],
)
def test_documents_available_by(session_day, available_by):
    assert rules.documents_available_by(session_day) == available_by


@pytest.mark.parametrize(
    ("session_day", "expected"),
    [
        pytest.param(date(2026, 6, 30), [], id="R-AG-1 on the last day"),
        pytest.param(date(2026, 7, 1), ["accounts_assembly_after_deadline"], id="R-AG-1 day after"),
    ],
)
def test_accounts_assembly_date(session_day, expected):
    assert codes(rules.check_accounts_assembly_date(session_day, date(2026, 6, 30))) == expected


@pytest.mark.parametrize(
    ("approved_on", "electronic", "deadline"),
    [
        pytest.param(date(2026, 6, 30), True, date(2026, 8, 30), id="R-AG-15 two months online"),
        pytest.param(date(2026, 6, 30), False, date(2026, 7, 30), id="R-AG-15 one month on paper"),
        pytest.param(date(2026, 12, 31), True, date(2027, 2, 28), id="R-AG-15 month end"),
    ],
)
def test_filing_deadline(approved_on, electronic, deadline):
    assert rules.filing_deadline(approved_on, electronic=electronic) == deadline


@pytest.mark.parametrize(
    ("last_revision_on", "expected"),
    [
        pytest.param(None, False, id="R-REV-4 no révision"),
        pytest.param(date(2025, 12, 31), False, id="R-REV-4 on the previous year-end: presented"),
        pytest.param(date(2026, 1, 1), True, id="R-REV-4 the day after: to present"),
    ],
)
def test_revision_to_present(last_revision_on, expected):
    assert rules.revision_to_present(last_revision_on, date(2025, 12, 31)) is expected


def test_documents_to_provide_and_missing():
    everything = rules.documents_to_provide(has_auditor=True, revision_to_present=True)
    assert everything == [
        Doc.ACCOUNTS,
        Doc.MANAGEMENT_REPORT,
        Doc.AUDITOR_REPORT,
        Doc.DRAFT_RESOLUTIONS,
        Doc.REVISION_REPORT,
    ]
    missing = rules.missing_documents(
        {"accounts", "draft_resolutions"}, has_auditor=False, revision_to_present=False
    )
    assert missing == [Doc.MANAGEMENT_REPORT]


@pytest.mark.parametrize(
    ("legal_form", "body"), [("SA", "board"), ("SARL", "managers"), ("SAS", "president")]
)
def test_discharged_body(legal_form, body):
    assert rules.discharged_body(legal_form) == body


@pytest.fixture
def coop(app, frozen_clock, make_cooperative, make_holder):
    frozen_clock(NOW)
    cooperative = make_cooperative()
    members = [make_holder(cooperative, "USA", 10, on=date(2024, 1, 10)) for _ in range(4)]
    db.session.commit()
    return cooperative, members


def resolutions_of(assembly):
    return db.session.scalars(
        select(Resolution).where(Resolution.assembly_id == assembly.id).order_by(Resolution.number)
    ).all()


def prepare(cooperative, starts_at=SESSION):
    return accounts_assembly.prepare(
        cooperative, 2025, starts_at=starts_at, place="Salle des fêtes"
    )


def test_prepare_creates_the_agenda_and_standard_resolutions_in_french(coop):
    cooperative, _members = coop
    assembly = prepare(cooperative)
    assert (assembly.type, assembly.approves_accounts_of, assembly.status) == (
        "ordinary",
        2025,
        "draft",
    )
    titles = [item.title for item in assembly.agenda_items]
    assert titles == [
        "Approbation des comptes de l’exercice clos le 31 décembre 2025",
        "Quitus",
        "Affectation du résultat de l’exercice clos le 31 décembre 2025",
    ]
    resolutions = resolutions_of(assembly)
    assert [r.agenda_item_id for r in resolutions] == [i.id for i in assembly.agenda_items]
    assert "projet coopératif" in resolutions[0].text
    discharged = {"SA": "administrateurs", "SARL": "gérants", "SAS": "président"}
    assert discharged[cooperative.legal_form] in resolutions[1].text


def test_a_recorded_allocation_gives_its_text_and_a_new_revision_is_presented(coop):
    cooperative, _members = coop
    cooperative.last_revision_on = date(2026, 3, 15)
    db.session.add(
        ResultAllocation(
            cooperative_id=cooperative.id,
            fiscal_year=2025,
            fiscal_year_start=date(2025, 1, 1),
            fiscal_year_end=date(2025, 12, 31),
            result_cents=10_000_00,
            resolution_text="L’assemblée affecte 1 500 € à la réserve légale.",
        )
    )
    assembly = prepare(cooperative)
    allocation = resolutions_of(assembly)[-1]
    assert allocation.text == "L’assemblée affecte 1 500 € à la réserve légale."
    last = assembly.agenda_items[-1]
    assert last.title == "Présentation du rapport de révision coopérative"
    assert len(resolutions_of(assembly)) == 3  # presented and discussed, not voted


def test_after_the_deadline_or_twice_is_refused_and_nothing_written(coop):
    cooperative, _members = coop
    with pytest.raises(RuleViolation) as late:
        prepare(cooperative, datetime(2026, 7, 1, 16, 0, tzinfo=UTC))
    assert codes(late.value.violations) == ["accounts_assembly_after_deadline"]
    db.session.rollback()
    assert db.session.scalar(select(func.count(Assembly.id))) == 0
    prepare(cooperative)
    with pytest.raises(RuleViolation) as twice:
        prepare(cooperative)
    assert codes(twice.value.violations) == ["accounts_assembly_exists"]


def test_status_follows_documents_then_the_vote_to_the_filing(coop, tmp_path):
    cooperative, members = coop
    assembly = prepare(cooperative)
    state = accounts_assembly.status(cooperative, 2025)
    assert state.documents_by == date(2026, 6, 10)
    assert [(kind, done) for kind, done in state.documents] == [
        (Doc.ACCOUNTS, False),
        (Doc.MANAGEMENT_REPORT, False),
        (Doc.DRAFT_RESOLUTIONS, False),
    ]
    assembly_services.add_document(
        assembly,
        kind="accounts",
        title="Comptes 2025",
        filename="comptes.pdf",
        content=b"%PDF-1.4 comptes",
        now=NOW,
    )
    state = accounts_assembly.status(cooperative, 2025)
    assert dict(state.documents)[Doc.ACCOUNTS] is True
    due = {(d.kind, d.day) for d in calendar.deadlines(cooperative, NOW.date())}
    assert (DeadlineKind.DOCUMENTS_AVAILABLE, date(2026, 6, 10)) in due
    assert state.approved is None
    assert state.filing_deadline is None
    # The session: the approval is adopted by the four members present.
    assembly.status = "open"
    assembly.convocation_sent_on = date(2026, 6, 1)
    approval = resolutions_of(assembly)[0]
    attend(assembly, *members)
    voting.open_vote(approval, now=SESSION)
    for member in members:
        voting.cast_ballot(approval, member, "for", now=SESSION, secretary=True)
    votes_workflow.close_vote(approval, now=SESSION)
    state = accounts_assembly.status(cooperative, 2025)
    assert state.approved is True
    assert state.approved_on == date(2026, 6, 25)
    assert state.filing_deadline == date(2026, 8, 25)
    due = {(d.kind, d.day) for d in calendar.deadlines(cooperative, date(2026, 6, 26))}
    assert (DeadlineKind.ACCOUNTS_FILING, date(2026, 8, 25)) in due
    assert DeadlineKind.DOCUMENTS_AVAILABLE not in {kind for kind, _day in due}


FORM = {"year": "2025", "place": "Mairie", "remote_mode": "none"}


def test_the_page_prepares_the_assembly(coop, no_csrf, client, auth, make_user, grant):
    cooperative, _members = coop
    user = make_user()
    grant(user, cooperative, "secretary")
    db.session.commit()
    auth.login_as(user)
    page = client.get(f"/c/{cooperative.slug}/assemblies/accounts")  # the last closed year
    assert page.status_code == 200
    assert "30 juin 2026" in page.get_data(as_text=True)
    late = client.post(
        f"/c/{cooperative.slug}/assemblies/accounts",
        data={**FORM, "starts_at": "2026-07-02T18:00"},
    )
    assert late.status_code == 400
    assert "président du tribunal de commerce" in late.get_data(as_text=True)
    done = client.post(
        f"/c/{cooperative.slug}/assemblies/accounts",
        data={**FORM, "starts_at": "2026-06-25T18:00"},
    )
    assert done.status_code == 303
    assembly = db.session.scalar(select(Assembly).where(Assembly.approves_accounts_of == 2025))
    assert done.headers["Location"].endswith(f"/assemblies/{assembly.id}")
    page = client.get(f"/c/{cooperative.slug}/assemblies/accounts").get_data(as_text=True)
    assert "10 juin 2026" in page  # documents available 15 days before
    assert client.get(f"/c/{cooperative.slug}/assemblies/accounts?year=3000").status_code == 404
