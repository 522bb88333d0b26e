"""Elections of the governing body by the assembly (R-AG-2, issue 20 item 2): the rules at their
boundaries, an election with more adopted candidates than seats, a secret ballot through the
sealed urn, the officers in office and their terms in the calendar."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from fractions import Fraction

import pytest

from scic.assemblies import officer_rules as rules
from scic.cooperatives.calendar_rules import DeadlineKind
from scic.core.db import db
from scic.core.violations import RuleViolation
from scic.voting import services as voting
from scic.workflows import calendar
from scic.workflows import elections as workflow
from scic.workflows import votes as votes_workflow
from tests.fixtures.voting import attend, open_urn, seal_urn
from tests.html import row
from tests.violations import codes

NOW = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
SESSION = datetime(2026, 6, 25, 16, 0, tzinfo=UTC)  # 18:00 in Paris


@pytest.mark.parametrize(
    ("years", "seats", "candidates", "expected"),
    [
        pytest.param(6, 1, ["A"], [], id="R-AG-2 six years"),
        pytest.param(6, 3, ["A", "B", "C"], [], id="R-AG-2 a board of three"),
        pytest.param(7, 1, ["A"], ["officer_term_out_of_range"], id="R-AG-2 seven years"),
        pytest.param(0, 1, ["A"], ["officer_term_out_of_range"], id="R-AG-2 no term"),
        pytest.param(3, 0, ["A"], ["election_no_seat"], id="R-AG-2 no seat"),
        pytest.param(3, 1, [" "], ["election_no_candidate"], id="R-AG-2 no candidate"),
        pytest.param(3, 2, ["Ana", "ana "], ["election_candidate_twice"], id="R-AG-2 twice"),
    ],
)
def test_check_election(years, seats, candidates, expected):
    assert codes(rules.check_election(years, seats, candidates)) == expected


@pytest.mark.parametrize(
    ("body", "seats", "expected"),
    [
        pytest.param("president", 1, [], id="R-AG-17 one president"),
        pytest.param("president", 2, ["election_one_seat"], id="R-AG-17 two presidents"),
        pytest.param("president", 0, ["election_no_seat"], id="R-AG-17 no seat said once"),
        pytest.param("managers", 2, [], id="R-AG-17 SARL managers may be several"),
        pytest.param("board", 2, [], id="R-AG-17 a board has seats"),
    ],
)
def test_check_election_seats_of_the_body(body, seats, expected):
    assert codes(rules.check_election(6, seats, ["A", "B"], body=body)) == expected


def test_term_end_is_six_years_later_on_the_same_day():
    assert rules.term_end(date(2026, 6, 25), 6) == date(2032, 6, 25)
    assert rules.term_end(date(2028, 2, 29), 3) == date(2031, 2, 28)


@pytest.mark.parametrize(
    ("results", "seats", "expected"),
    [
        pytest.param([("A", True, "3/4"), ("B", True, "2/3"), ("C", True, "3/5")], 2, ["A", "B"],
                     id="R-AG-2 the most votes for"),
        pytest.param([("A", True, "3/4"), ("B", False, "1/3")], 2, ["A"], id="R-AG-2 a seat left"),
        pytest.param([("A", True, "3/4"), ("B", True, "2/3"), ("C", True, "2/3")], 2, ["A"],
                     id="R-AG-2 a tie for the last seat leaves it empty"),
        pytest.param([("A", True, "2/3"), ("B", True, "2/3")], 2, ["A", "B"], id="R-AG-2 tie fits"),
    ],
)  # fmt: skip
def test_elected(results, seats, expected):
    ballots = [rules.Ballot(name, adopted, Fraction(share)) for name, adopted, share in results]
    assert rules.elected(ballots, seats) == expected


@pytest.fixture
def assembly(app, frozen_clock, make_cooperative, make_holder, make_assembly):
    frozen_clock(NOW)
    # A board (SA): several seats; an SAS elects one president (R-AG-17).
    coop = make_cooperative(legal_form="SA", governance="board")
    members = [make_holder(coop, "USA", 10, on=date(2024, 1, 10)) for _ in range(4)]
    meeting = make_assembly(coop, starts_at=SESSION)
    db.session.commit()
    return meeting, members


def hold_votes(meeting, members, election, choices, opened_urn=None):
    """Open the session, record the four members present and vote on each candidate."""
    meeting.status = "open"
    meeting.convocation_sent_on = date(2026, 6, 1)
    attend(meeting, *members)
    for resolution, votes in zip(workflow.candidate_resolutions(election), choices, strict=True):
        voting.open_vote(resolution, now=SESSION)
        for member, choice in zip(members, votes, strict=True):
            voting.cast_ballot(resolution, member, choice, now=SESSION, secretary=True)
        votes_workflow.close_vote(
            resolution, now=SESSION, urn=opened_urn(resolution) if opened_urn else None
        )


def test_an_election_elects_within_the_seats_and_records_the_officers(assembly):
    meeting, members = assembly
    election = workflow.prepare_election(
        meeting,
        seats=2,
        term_years=6,
        candidates=[workflow.Candidate(n) for n in ("Ana", "Bruno", "Chloé")],
        secret=False,
    )
    item = meeting.agenda_items[-1]
    assert item.title.startswith("Élection")
    resolutions = workflow.candidate_resolutions(election)
    assert [r.title for r in resolutions] == [
        "Élection d’Ana",  # French elision (issue 18 item 4)
        "Élection de Bruno",
        "Élection de Chloé",
    ]
    with pytest.raises(RuleViolation) as early:
        workflow.record_results(election, now=SESSION)
    assert codes(early.value.violations) == ["election_votes_open"]
    hold_votes(
        meeting,
        members,
        election,
        [
            ["for", "for", "for", "for"],  # Ana 4/4
            ["for", "for", "for", "against"],  # Bruno 3/4
            ["for", "for", "against", "abstain"],  # Chloé adopted with less
        ],
    )
    officers = workflow.record_results(election, now=SESSION)
    assert [(o.name, o.elected_on, o.term_end) for o in officers] == [
        ("Ana", date(2026, 6, 25), date(2032, 6, 25)),
        ("Bruno", date(2026, 6, 25), date(2032, 6, 25)),
    ]
    assert [c.elected for c in election.candidacies] == [True, True, False]
    with pytest.raises(RuleViolation):
        workflow.record_results(election, now=SESSION)
    in_office = workflow.officers_in_office(meeting.cooperative, date(2026, 7, 1))
    assert [o.name for o in in_office] == ["Ana", "Bruno"]
    due = {(d.kind, d.day) for d in calendar.deadlines(meeting.cooperative, date(2031, 6, 1))}
    assert (DeadlineKind.OFFICER_TERM_END, date(2032, 6, 25)) in due


def test_the_minutes_name_the_elected_within_the_seats_and_their_term(assembly):
    import io

    from pypdf import PdfReader

    from scic.registers import assembly_documents

    meeting, members = assembly
    election = workflow.prepare_election(
        meeting,
        seats=2,
        term_years=6,
        candidates=[workflow.Candidate(n) for n in ("Ana", "Bruno", "Chloé")],
        secret=False,
    )

    def minutes() -> str:
        buffer = io.BytesIO()
        assembly_documents.write_minutes_pdf(buffer, meeting, locale="fr", now=SESSION)
        text = " ".join(p.extract_text() for p in PdfReader(buffer).pages)
        return " ".join(text.split())

    hold_votes(
        meeting,
        members,
        election,
        [["for"] * 4, ["for", "for", "for", "against"], ["for", "for", "against", "abstain"]],
    )
    assert "Les résultats de l’élection n’ont pas été enregistrés." in minutes()
    workflow.record_results(election, now=SESSION)
    text = minutes()
    # Chloé's resolution is adopted too, but the two seats go to the most votes for.
    assert (
        "2 siège(s) pour 6 ans. Élu(e)s : Ana, jusqu’au 25/06/2032; Bruno, jusqu’au 25/06/2032."
        in text
    ), text


def test_a_secret_election_goes_through_the_sealed_urn(assembly):
    meeting, members = assembly
    election = workflow.prepare_election(
        meeting, seats=1, term_years=3, candidates=[workflow.Candidate("Ana")], secret=True
    )
    (resolution,) = workflow.candidate_resolutions(election)
    assert resolution.secret
    seal_urn(resolution)
    hold_votes(meeting, members, election, [["for", "for", "against", "for"]], open_urn)
    (officer,) = workflow.record_results(election, now=SESSION)
    assert (officer.name, officer.term_end) == ("Ana", date(2029, 6, 25))


def test_a_term_above_six_years_is_refused_and_nothing_written(assembly):
    meeting, _members = assembly
    with pytest.raises(RuleViolation) as refused:
        workflow.prepare_election(
            meeting, seats=1, term_years=7, candidates=[workflow.Candidate("Ana")], secret=False
        )
    assert codes(refused.value.violations) == ["officer_term_out_of_range"]
    db.session.rollback()
    assert workflow.elections_of(meeting) == []


def test_an_sas_elects_one_president_and_nothing_is_written_for_two(
    app, frozen_clock, make_cooperative, make_assembly
):
    frozen_clock(NOW)
    sas = make_cooperative()  # an SAS: governed by its president
    meeting = make_assembly(sas, starts_at=SESSION)
    db.session.commit()
    two = [workflow.Candidate("Ana"), workflow.Candidate("Bruno")]
    with pytest.raises(RuleViolation) as refused:
        workflow.prepare_election(meeting, seats=2, term_years=3, candidates=two, secret=False)
    (violation,) = refused.value.violations
    assert (violation.code, violation.rule, violation.subject) == (
        "election_one_seat",
        "R-AG-17",
        "seats",
    )
    db.session.rollback()
    assert workflow.elections_of(meeting) == []
    election = workflow.prepare_election(
        meeting, seats=1, term_years=3, candidates=two, secret=False
    )
    assert election.seats == 1


def test_an_sas_election_page_offers_one_seat_and_says_why_two_are_refused(
    app, frozen_clock, make_cooperative, make_assembly, no_csrf, client, auth, make_user, grant
):
    frozen_clock(NOW)
    sas = make_cooperative()
    meeting = make_assembly(sas, starts_at=SESSION)
    user = make_user()
    grant(user, sas, "secretary")
    db.session.commit()
    auth.login_as(user)
    url = f"/c/{sas.slug}/assemblies/{meeting.id}/elections"
    page = client.get(url).get_data(as_text=True)
    seats = re.search(r"<input[^>]*\bid=\"seats\"[^>]*>", page).group(0)
    assert 'value="1"' in seats
    refused = client.post(url, data={"seats": "2", "term_years": "6", "candidates": "Ana\nBo"})
    assert refused.status_code == 400
    error = refused.get_data(as_text=True).split('id="seats-error">')[1].split("</p>")[0]
    assert "une seule personne" in error
    assert workflow.elections_of(meeting) == []


def test_the_page_puts_an_election_on_the_agenda(assembly, no_csrf, client, auth, make_user, grant):
    meeting, _members = assembly
    user = make_user()
    grant(user, meeting.cooperative, "secretary")
    db.session.commit()
    auth.login_as(user)
    url = f"/c/{meeting.cooperative.slug}/assemblies/{meeting.id}/elections"
    refused = client.post(url, data={"seats": "1", "term_years": "8", "candidates": "Ana"})
    assert refused.status_code == 400
    assert "de un à 6 ans" in refused.get_data(as_text=True)
    done = client.post(url, data={"seats": "1", "term_years": "6", "candidates": "Ana\nBruno\n"})
    assert done.status_code == 303
    page = client.get(url).get_data(as_text=True)
    assert row(page, "Ana") == ["N° 1 — Élection d’Ana", "Vote à venir"]
    assert row(page, "Bruno") == ["N° 2 — Élection de Bruno", "Vote à venir"]
