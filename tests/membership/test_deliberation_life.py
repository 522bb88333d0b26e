"""A council deliberation's life: transmission, publication, enforceability, the prefect's
referral window, and its withdrawal or annulment with the consequences (R-LA-5, CGCT L2131-6)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from scic.capital.models import ShareMovement
from scic.capital.queries import capital_at
from scic.core.db import db
from scic.core.violations import RuleViolation
from scic.membership import services
from scic.membership.rules import (
    check_deliberation_dates,
    derived_executory_date,
    is_deliberation_enforceable,
    prefect_referral_deadline,
    referral_window,
)
from scic.workflows.deliberations import cancel_deliberation

D = date


@pytest.mark.parametrize(
    ("transmitted", "published", "expected"),
    [
        pytest.param(D(2026, 5, 4), D(2026, 5, 6), D(2026, 5, 6), id="R-LA-5 publication last"),
        pytest.param(D(2026, 5, 9), D(2026, 5, 6), D(2026, 5, 9), id="R-LA-5 transmission last"),
        pytest.param(D(2026, 5, 4), None, None, id="R-LA-5 not published yet"),
        pytest.param(None, D(2026, 5, 6), None, id="R-LA-5 not transmitted yet"),
    ],
)
def test_executory_date_is_the_later_formality(transmitted, published, expected):
    assert derived_executory_date(transmitted, published) == expected


@pytest.mark.parametrize(
    ("transmitted", "published", "executory", "codes"),
    [
        pytest.param(D(2026, 5, 4), D(2026, 5, 6), D(2026, 5, 6), [], id="R-LA-5 consistent"),
        pytest.param(D(2026, 5, 4), D(2026, 5, 6), D(2026, 6, 1), [], id="R-LA-5 later effect"),
        pytest.param(
            D(2026, 5, 4),
            None,
            D(2026, 5, 3),
            ["executory_before_transmission"],
            id="R-LA-5 executory the day before transmission",
        ),
        pytest.param(
            None,
            D(2026, 5, 6),
            D(2026, 5, 5),
            ["executory_before_publication"],
            id="R-LA-5 executory before publication",
        ),
        pytest.param(
            D(2026, 4, 30),
            None,
            None,
            ["formality_before_adoption"],
            id="R-LA-5 transmitted before adoption",
        ),
    ],
)
def test_deliberation_dates_are_checked(transmitted, published, executory, codes):
    problems = check_deliberation_dates(D(2026, 5, 2), transmitted, published, executory)
    assert [v.code for v in problems] == codes


@pytest.mark.parametrize(
    ("transmitted", "today", "until", "open_"),
    [
        pytest.param(D(2026, 5, 4), D(2026, 7, 4), D(2026, 7, 4), True, id="last day open"),
        pytest.param(D(2026, 5, 4), D(2026, 7, 5), D(2026, 7, 4), False, id="day after closed"),
        pytest.param(None, D(2026, 7, 5), None, False, id="not transmitted"),
    ],
)
def test_prefect_referral_window_is_two_months(transmitted, today, until, open_):
    window = referral_window(transmitted, today)
    assert (window.until, window.open) == (until, open_)
    if transmitted:
        assert prefect_referral_deadline(transmitted) == until


@pytest.mark.parametrize(
    ("cancelled", "on", "enforceable"),
    [
        pytest.param(None, D(2026, 9, 1), True, id="R-LA-5 in effect"),
        pytest.param(D(2026, 9, 1), D(2026, 8, 31), True, id="R-LA-5 day before annulment"),
        pytest.param(D(2026, 9, 1), D(2026, 9, 1), False, id="R-LA-5 from the annulment"),
    ],
)
def test_a_cancelled_deliberation_stops_being_enforceable(cancelled, on, enforceable):
    assert is_deliberation_enforceable(D(2026, 5, 6), on, cancelled) is enforceable


def test_recorded_without_executory_date_it_is_derived(make_cooperative, make_la_candidate):
    coop = make_cooperative()
    member = make_la_candidate(coop)
    deliberation = services.record_deliberation(
        member,
        reference="DEL-2026-14",
        adopted_on=D(2026, 5, 2),
        transmitted_to_prefect_on=D(2026, 5, 4),
        acknowledgement_ref="024-212400345-20260504-DEL14-DE",
        published_on=D(2026, 5, 6),
    )
    assert deliberation.executory_on == D(2026, 5, 6)
    assert deliberation.acknowledgement_ref == "024-212400345-20260504-DEL14-DE"
    with pytest.raises(RuleViolation) as refused:
        services.record_deliberation(
            member,
            reference="DEL-2026-15",
            adopted_on=D(2026, 5, 2),
            transmitted_to_prefect_on=D(2026, 5, 4),
            executory_on=D(2026, 5, 3),
        )
    assert [v.code for v in refused.value.violations] == ["executory_before_transmission"]


def test_annulment_reverses_the_entry_and_ends_the_membership(make_cooperative, make_holder):
    coop = make_cooperative()
    make_holder(coop, "USA", 40)
    commune = make_holder(coop, "COLL", 10, on=D(2025, 1, 15))
    deliberation = commune.deliberations[0]
    before = capital_at(coop.id, D(2025, 6, 30))
    reversals = cancel_deliberation(
        deliberation,
        on=D(2025, 7, 1),
        kind="court_annulment",
        reference="TA Bordeaux, 1er juillet 2025, n° 2501234",
    )
    assert reversals  # the subscription (and its payment) reversed by new entries
    assert capital_at(coop.id, D(2025, 6, 30)) == before - 10 * coop.share_value_cents
    originals = db.session.scalar(
        select(func.count(ShareMovement.id)).where(
            ShareMovement.member_id == commune.id, ShareMovement.reverses_id.is_(None)
        )
    )
    assert originals == len(reversals)  # nothing edited or deleted: one reversal each
    assert commune.status == "exited"
    assert commune.exited_on == D(2025, 7, 1)
    assert commune.exit_cause == "deliberation_cancelled"
    assert commune.exit_decision_ref.startswith("TA Bordeaux")
    assert not services.member_deliberation_enforceable(commune, D(2025, 7, 1))
    with pytest.raises(RuleViolation) as again:
        cancel_deliberation(deliberation, on=D(2025, 7, 2), kind="court_annulment", reference="x")
    assert [v.code for v in again.value.violations] == ["deliberation_already_cancelled"]


def test_a_candidate_whose_deliberation_was_withdrawn_cannot_be_admitted(
    make_cooperative, make_la_candidate
):
    coop = make_cooperative()
    candidate = make_la_candidate(coop, executory_on=D(2025, 1, 15))
    cancel_deliberation(
        candidate.deliberations[0],
        on=D(2025, 2, 1),
        kind="council_withdrawal",
        reference="DEL-2025-09 retirant la DEL-2025-02",
    )
    codes = [v.code for v in services.admission_problems(candidate, D(2025, 2, 3))]
    assert codes == ["no_enforceable_deliberation"]
    assert candidate.status == "candidate"  # nothing to undo before admission


def test_member_page_shows_the_life_and_records_an_annulment(client, auth, secretary, make_holder):
    user, coop = secretary
    make_holder(coop, "USA", 40)
    commune = make_holder(coop, "COLL", 10)
    deliberation = commune.deliberations[0]
    deliberation.transmitted_to_prefect_on = D(2025, 1, 20)
    deliberation.acknowledgement_ref = "AR-77"
    db.session.commit()
    auth.login_as(user)
    page = client.get(f"/c/{coop.slug}/members/{commune.id}").get_data(as_text=True)
    assert "AR-77" in page
    assert "Délai de déféré préfectoral expiré le 20 mars 2025." in page
    from tests.conftest import csrf_token_from

    response = client.post(
        f"/c/{coop.slug}/members/{commune.id}/deliberations/{deliberation.id}/cancel",
        data={
            "cancel-csrf_token": csrf_token_from(page),
            "cancel-kind": "court_annulment",
            "cancel-cancelled_on": "2025-07-01",
            "cancel-reference": "TA Bordeaux n° 2501234",
        },
    )
    assert response.status_code == 303
    page = client.get(f"/c/{coop.slug}/members/{commune.id}").get_data(as_text=True)
    assert "délibération du conseil retirée ou annulée" in page
    assert "Annulée par le tribunal administratif" in page


def test_the_member_account_says_why_the_authority_left(
    runner, make_cooperative, make_holder, tmp_path
):
    import io

    from pypdf import PdfReader

    coop = make_cooperative()
    make_holder(coop, "USA", 40)
    commune = make_holder(coop, "COLL", 10, on=D(2025, 1, 15))
    cancel_deliberation(
        commune.deliberations[0],
        on=D(2025, 7, 1),
        kind="court_annulment",
        reference="TA Bordeaux n° 2501234",
    )
    db.session.commit()
    target = tmp_path / "sheet.pdf"
    result = runner.invoke(
        args=[
            "register",
            coop.slug,
            "--document",
            "member-sheet",
            "--member",
            str(commune.number),
            "--at",
            "2025-07-31",
            "--output",
            str(target),
        ]
    )
    assert result.exit_code == 0, result.output
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    assert "délibération du conseil retirée ou annulée" in text
    assert "TA Bordeaux n° 2501234" in text
    assert "deliberation_cancelled" not in text
