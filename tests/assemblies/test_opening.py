"""When a session may open, read from the convocations recorded (R-AG-13, R-AG-1/§5)."""

from datetime import UTC, date, datetime

from scic.assemblies import queries
from scic.assemblies.models import ConvocationRecord
from scic.core.db import db
from tests.fixtures.assemblies import STARTS_AT
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
