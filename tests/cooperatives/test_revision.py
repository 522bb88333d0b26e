"""The révision coopérative (issue 20 item 3): losses that call for an extra one (R-REV-2),
requests that bind the cooperative (R-REV-3), the approved and independent reviser and the report
presented at the next assembly (R-REV-4), and the page."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest

from scic.assemblies.models import AgendaItem
from scic.cooperatives import revision as records
from scic.cooperatives.rules.revision import (
    check_extra_revision,
    check_reviser,
    check_revision_request,
)
from scic.core.db import db
from scic.core.violations import CheckStatus, RuleViolation
from scic.workflows import accounts_assembly
from scic.workflows import revision as revision_workflow
from tests.violations import codes

EUR = 100
NOW = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
TODAY = date(2026, 5, 4)
PDF = b"%PDF-1.4 rapport de revision"


@pytest.mark.parametrize(
    ("results", "highest", "reviewed_after", "code", "status"),
    [
        pytest.param({2023: -1, 2024: -1, 2025: -1}, 10**9, None,
                     "revision_extra_three_losses", CheckStatus.FAIL, id="R-REV-2 three in a row"),
        pytest.param({2023: -1, 2024: 5, 2025: -1}, 10**9, None,
                     "revision_extra_none", CheckStatus.PASS, id="R-REV-2 a profit breaks the run"),
        pytest.param({2022: -1, 2024: -1, 2025: -1}, 10**9, None,
                     "revision_extra_none", CheckStatus.PASS, id="R-REV-2 a year missing"),
        pytest.param({2025: -500 * EUR}, 1000 * EUR, None,
                     "revision_extra_half_capital", CheckStatus.FAIL, id="R-REV-2 exactly half"),
        pytest.param({2025: -499 * EUR}, 1000 * EUR, None,
                     "revision_extra_none", CheckStatus.PASS, id="R-REV-2 just under half"),
        pytest.param({2023: -1, 2024: -1, 2025: -1}, 10**9, 2025,
                     "revision_extra_three_losses_reviewed", CheckStatus.PASS,
                     id="R-REV-2 reviewed after the last year"),
        pytest.param({2023: -1, 2024: -1, 2025: -1}, 10**9, 2024,
                     "revision_extra_three_losses", CheckStatus.FAIL,
                     id="R-REV-2 reviewed before the last year"),
        pytest.param({}, 0, None, "revision_extra_none", CheckStatus.PASS, id="R-REV-2 no result"),
    ],
)  # fmt: skip
def test_extra_revision(results, highest, reviewed_after, code, status):
    check = check_extra_revision(results, highest, reviewed_after)
    assert (check.rule, check.code, check.status) == ("R-REV-2", code, status)


@pytest.mark.parametrize(
    ("requested_by", "signatories", "out_of", "expected"),
    [
        pytest.param("members", 12, 120, [], id="R-REV-3 exactly a tenth"),
        pytest.param("members", 11, 120, ["revision_request_too_few"], id="R-REV-3 one short"),
        pytest.param("members", 10, 101, ["revision_request_too_few"], id="R-REV-3 rounds up"),
        pytest.param("directors", 3, 9, [], id="R-REV-3 a third of the directors"),
        pytest.param("directors", 2, 9, ["revision_request_too_few"], id="R-REV-3 under a third"),
        pytest.param("minister", 0, 0, [], id="R-REV-3 the minister alone"),
        pytest.param("members", 5, 0, ["revision_request_count"], id="R-REV-3 nobody to count"),
        pytest.param("friends", 5, 10, ["revision_request_unknown"], id="R-REV-3 not entitled"),
    ],
)
def test_revision_request(requested_by, signatories, out_of, expected):
    assert codes(check_revision_request(requested_by, signatories, out_of)) == expected


@pytest.mark.parametrize(
    ("approval", "independent", "expected"),
    [
        pytest.param("AGR-1", True, [], id="R-REV-4 approved and independent"),
        pytest.param(" ", True, ["reviser_approval_missing"], id="R-REV-4 no approval"),
        pytest.param("AGR-1", False, ["reviser_independence_missing"], id="R-REV-4 not declared"),
    ],
)
def test_reviser(approval, independent, expected):
    assert codes(check_reviser(approval, independent)) == expected


@pytest.fixture
def coop(app, frozen_clock, make_cooperative, make_holder):
    frozen_clock(NOW)
    cooperative = make_cooperative()
    make_holder(cooperative, "USA", 10, on=date(2024, 1, 10))
    db.session.commit()
    return cooperative


def start(cooperative, **overrides):
    values = {
        "kind": "periodic",
        "reviser_name": "Cabinet Révision",
        "reviser_approval": "AGR-2024-17",
        "independence_declared": True,
        "started_on": date(2026, 3, 2),
        "today": TODAY,
    }
    return records.open_revision(cooperative, **{**values, **overrides})


def test_a_reviser_without_approval_is_refused_and_nothing_written(coop):
    with pytest.raises(RuleViolation) as refused:
        start(coop, reviser_approval="", independence_declared=False)
    assert codes(refused.value.violations) == [
        "reviser_approval_missing",
        "reviser_independence_missing",
    ]
    db.session.rollback()
    assert records.revisions_of(coop) == []


def test_the_report_moves_the_cycle_and_goes_on_the_next_assembly(coop, make_assembly):
    later = make_assembly(coop, starts_at=datetime(2026, 6, 20, 12, 0, tzinfo=UTC))
    revision = start(coop)
    with pytest.raises(RuleViolation) as early:
        revision_workflow.record_report(
            revision,
            report_on=date(2026, 3, 1),
            filename="r.pdf",
            content=PDF,
            today=TODAY,
            now=NOW,
        )
    assert codes(early.value.violations) == ["revision_report_date"]
    assembly = revision_workflow.record_report(
        revision, report_on=date(2026, 4, 30), filename="r.pdf", content=PDF, today=TODAY, now=NOW
    )
    assert assembly.id == later.id
    assert coop.last_revision_on == date(2026, 4, 30)
    assert revision.presented_assembly_id == later.id
    titles = [item.title for item in later.agenda_items]
    assert titles[-1] == "Présentation du rapport de révision coopérative"
    # The accounts assembly prepared afterwards does not present it a second time.
    accounts = accounts_assembly.prepare(
        coop, 2025, starts_at=datetime(2026, 6, 25, 16, 0, tzinfo=UTC), place="Mairie"
    )
    presentations = db.session.query(AgendaItem).filter(
        AgendaItem.title == "Présentation du rapport de révision coopérative"
    )
    assert [item.assembly_id for item in presentations] == [later.id]
    assert accounts.id != later.id


def test_without_an_assembly_in_preparation_the_accounts_assembly_presents_it(coop):
    revision = start(coop)
    assert (
        revision_workflow.record_report(
            revision,
            report_on=date(2026, 4, 30),
            filename="r.pdf",
            content=PDF,
            today=TODAY,
            now=NOW,
        )
        is None
    )
    accounts = accounts_assembly.prepare(
        coop, 2025, starts_at=datetime(2026, 6, 25, 16, 0, tzinfo=UTC), place="Mairie"
    )
    assert accounts.agenda_items[-1].title == "Présentation du rapport de révision coopérative"
    assert revision.presented_assembly_id == accounts.id
    state = accounts_assembly.status(coop, 2025)
    assert "revision_report" in [kind.value for kind, _done in state.documents]


def test_the_page_records_a_revision_its_report_and_refuses_a_thin_request(
    coop, no_csrf, client, auth, make_user, grant
):
    secretary, member = make_user(), make_user()
    grant(secretary, coop, "secretary")
    grant(member, coop, "member")
    db.session.commit()
    auth.login_as(secretary)
    base = f"/c/{coop.slug}/revision/"
    page = client.get(base).get_data(as_text=True)
    assert "Révision supplémentaire après des pertes" in page  # R-REV-2's line
    assert "aucune révision supplémentaire n’est due" in page
    opened = client.post(
        base,
        data={
            "open-kind": "periodic",
            "open-reviser_name": "Cabinet Révision",
            "open-approval": "AGR-2024-17",
            "open-independent": "y",
            "open-started_on": "2026-03-02",
        },
    )
    assert opened.status_code == 303
    (revision,) = records.revisions_of(coop)
    reported = client.post(
        f"{base}{revision.id}/report",
        data={"report-report_on": "2026-04-30", "report-report": (io.BytesIO(PDF), "r.pdf")},
        content_type="multipart/form-data",
    )
    assert reported.status_code == 303
    thin = client.post(
        f"{base}requests",
        data={
            "request-requested_by": "members",
            "request-requested_on": "2026-05-01",
            "request-signatories": "3",
            "request-out_of": "120",
        },
    )
    assert thin.status_code == 400
    assert "au moins 12" in thin.get_data(as_text=True)
    assert records.requests_of(coop) == []
    auth.login_as(member)
    download = client.get(f"{base}{revision.id}/report.pdf")
    assert download.status_code == 200
    assert download.data == PDF


def test_the_page_says_at_which_assembly_the_report_is_presented(
    coop, client, auth, make_user, grant
):
    revision = start(coop)
    revision_workflow.record_report(
        revision, report_on=date(2026, 4, 30), filename="r.pdf", content=PDF, today=TODAY, now=NOW
    )
    accounts = accounts_assembly.prepare(
        coop, 2025, starts_at=datetime(2026, 6, 25, 16, 0, tzinfo=UTC), place="Mairie"
    )
    secretary = make_user()
    grant(secretary, coop, "secretary")
    db.session.commit()
    auth.login_as(secretary)
    page = client.get(f"/c/{coop.slug}/revision/").get_data(as_text=True)
    assert "À présenter à l’assemblée du 25 juin 2026" in page
    accounts.opened_at = datetime(2026, 6, 25, 16, 5, tzinfo=UTC)  # the session is held
    db.session.commit()
    page = client.get(f"/c/{coop.slug}/revision/").get_data(as_text=True)
    assert "Présenté à l’assemblée du 25 juin 2026" in page
