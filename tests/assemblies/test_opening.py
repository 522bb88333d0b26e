"""When a session may open, read from the convocations recorded (R-AG-13, R-AG-1/§5)."""

from datetime import UTC, date, datetime, timedelta

import pytest

from scic.assemblies import queries, services
from scic.assemblies.models import Assembly, ConvocationRecord
from scic.core.db import db
from scic.core.violations import RuleViolation
from scic.workflows import session as session_workflow
from tests.conftest import csrf_token_from
from tests.fixtures.assemblies import NOW, STARTS_AT, TODAY, convene_everyone
from tests.violations import codes


def convene(assembly, member, sent_on, channel="letter"):
    db.session.add(
        ConvocationRecord(
            assembly_id=assembly.id, member_id=member.id, channel=channel, sent_on=sent_on
        )
    )
    db.session.flush()


def test_the_session_opens_at_its_time_once_every_voter_was_convened_in_time(
    secretary, make_voter, make_assembly
):
    _, cooperative = secretary
    voters = [make_voter(cooperative) for _ in range(3)]
    assembly = make_assembly(cooperative)  # 15 April 2026, 16:00 UTC, SA first call: 15 days
    assert codes(queries.opening_violations(assembly, STARTS_AT)) == [
        "session_members_not_convened",
        "session_no_convocation",
    ]
    for voter in voters[:2]:
        convene(assembly, voter, date(2026, 3, 1), channel="email")
    (missing,) = queries.opening_violations(assembly, STARTS_AT)
    assert (missing.code, missing.params) == ("session_members_not_convened", {"count": 1})
    # The paper letter of the third voter left last, 14 days before: the notice has not run.
    convene(assembly, voters[2], date(2026, 4, 1))
    (late,) = queries.opening_violations(assembly, STARTS_AT)
    assert (late.code, late.params["last_sent_on"], late.params["earliest"]) == (
        "session_notice_not_run",
        date(2026, 4, 1),
        date(2026, 4, 16),
    )


def test_not_before_the_convened_date_and_time(secretary, make_voter, make_assembly):
    _, cooperative = secretary
    voter = make_voter(cooperative)
    assembly = make_assembly(cooperative)
    convene(assembly, voter, date(2026, 3, 31))  # exactly 15 days before
    assert queries.opening_violations(assembly, STARTS_AT) == []
    a_minute_early = datetime(2026, 4, 15, 15, 59, tzinfo=UTC)
    assert codes(queries.opening_violations(assembly, a_minute_early)) == [
        "session_before_convened_time"
    ]
    # Issue 16: opened on the day the e-mails went out.
    assert codes(queries.opening_violations(assembly, datetime(2026, 3, 31, 9, tzinfo=UTC))) == [
        "session_before_convened_time",
        "session_notice_not_run",
    ]


def test_the_workflow_refuses_to_open_until_every_letter_is_recorded(
    secretary, make_voter, make_assembly
):
    """R-AG-1/§5: the e-mails left, two letters are not recorded: the service refuses, with
    every reason; once the letters are recorded the session opens at its convened time."""
    user, cooperative = secretary
    make_voter(cooperative)
    paper = [make_voter(cooperative, consent=False) for _ in range(2)]
    assembly = make_assembly(cooperative)
    services.send_convocation(assembly, TODAY, user, now=NOW)
    services.set_bureau(assembly, chair="Ana", secretary="Di", scrutineers="Bo")
    with pytest.raises(RuleViolation) as refused:
        session_workflow.open_session(assembly, now=NOW)
    assert [(v.code, v.rule) for v in refused.value.violations] == [
        ("session_before_convened_time", "R-AG-13"),
        ("session_members_not_convened", "R-AG-1"),
        ("session_notice_not_run", "R-AG-1"),
    ]
    with pytest.raises(RuleViolation) as refused:
        session_workflow.open_session(assembly, now=STARTS_AT)
    assert codes(refused) == ["session_members_not_convened"]
    assert assembly.status == "convened"
    assert assembly.opened_at is None
    services.record_paper_letters(
        assembly, [(m, "") for m in paper], channel="letter", sent_on=TODAY, now=NOW
    )
    session_workflow.open_session(assembly, now=STARTS_AT)
    assert (assembly.status, assembly.opened_at) == ("open", STARTS_AT)


def test_a_letter_sent_last_moves_the_first_day_of_the_session(
    secretary, make_voter, make_assembly
):
    """The notice runs from the last convocation: a letter recorded on the last day to send
    (one safety day before the 15 days) still lets the session open at its time."""
    user, cooperative = secretary
    make_voter(cooperative)
    late = make_voter(cooperative, consent=False)
    assembly = make_assembly(cooperative)
    services.send_convocation(assembly, TODAY, user, now=NOW)
    last_day = queries.convocation_last_day(assembly)
    services.record_paper_letters(
        assembly, [(late, "1A 1")], channel="registered_letter", sent_on=last_day, now=NOW
    )
    assert queries.opening_violations(assembly, STARTS_AT) == []


def _opening_page(client, cooperative, assembly) -> str:
    with client.session_transaction() as session:
        session["locale"] = "en"
    return client.get(f"/c/{cooperative.slug}/assemblies/{assembly.id}/session").get_data(
        as_text=True
    )


def test_the_session_page_says_why_and_the_action_refuses(
    secretary, make_voter, make_assembly, client, auth, frozen_clock
):
    user, cooperative = secretary
    make_voter(cooperative)
    make_voter(cooperative, consent=False)
    assembly = make_assembly(cooperative)
    services.send_convocation(assembly, TODAY, user, now=NOW)
    services.set_bureau(assembly, chair="Ana", secretary="Di", scrutineers="Bo")
    db.session.commit()
    auth.login_as(user)
    frozen_clock(STARTS_AT - timedelta(minutes=1))
    html = _opening_page(client, cooperative, assembly)
    problems = html[html.index('id="opening-problems"') :]
    problems = problems[: problems.index("</div>")]
    assert "The session cannot open yet:" in problems
    assert (
        "The session was convened for Apr 15, 2026, 6:00\u202fPM: it cannot open before then. "
        "Open it at that time. (R-AG-13)" in problems
    )
    assert (
        "Members entitled to vote without a recorded convocation: 1. The convocation is "
        "complete only when every one is recorded: e-mail the convocation, then record the "
        "letters sent by post on the Convocation page. (R-AG-1)" in problems
    )
    assert f"/c/{cooperative.slug}/assemblies/{assembly.id}/convocation" in problems
    token = csrf_token_from(html)
    response = client.post(
        f"/c/{cooperative.slug}/assemblies/{assembly.id}/open", data={"csrf_token": token}
    )
    assert response.status_code == 303
    with client.session_transaction() as session:
        flashed = [message for _category, message in session.pop("_flashes", [])]
    assert flashed == [
        "The session was convened for Apr 15, 2026, 6:00\u202fPM: it cannot open before then. "
        "Open it at that time. (R-AG-13)",
        "Members entitled to vote without a recorded convocation: 1. The convocation is "
        "complete only when every one is recorded: e-mail the convocation, then record the "
        "letters sent by post on the Convocation page. (R-AG-1)",
    ]
    db.session.expire_all()
    assert db.session.get(Assembly, assembly.id).status == "convened"


def test_the_session_opens_through_the_page_at_its_time(
    secretary, make_voter, make_assembly, client, auth, frozen_clock
):
    user, cooperative = secretary
    make_voter(cooperative)
    assembly = make_assembly(cooperative)
    convene_everyone(assembly, by=user)
    services.set_bureau(assembly, chair="Ana", secretary="Di", scrutineers="Bo")
    db.session.commit()
    auth.login_as(user)
    frozen_clock(STARTS_AT)
    html = _opening_page(client, cooperative, assembly)
    assert 'id="opening-problems"' not in html
    response = client.post(
        f"/c/{cooperative.slug}/assemblies/{assembly.id}/open",
        data={"csrf_token": csrf_token_from(html)},
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Assembly, assembly.id).opened_at == STARTS_AT
