"""§8 #24 table tests: a designation ends with the term of the council that made it."""

from datetime import date
from pathlib import Path

import pytest

import scic
from scic.membership.mandate_rules import (
    ElectionKind,
    acting_representatives,
    acting_valid_to,
    check_term,
    council_term_end,
    is_replaced,
    parse_election_calendar,
)
from scic.membership.rules import Mandate, RepresentativeRole, check_can_act

E = ElectionKind
CALENDAR = {
    E.MUNICIPAL: (date(2020, 3, 15), date(2026, 3, 15)),
    E.DEPARTMENTAL: (date(2021, 6, 20),),
    E.REGIONAL: (date(2015, 12, 6), date(2021, 6, 20)),
}


@pytest.mark.parametrize(
    ("authority", "designated_on", "expected"),
    [
        pytest.param(
            "commune", date(2020, 7, 1), date(2026, 3, 15), id="§8 #24 commune: municipal"
        ),
        pytest.param("epci", date(2020, 7, 1), date(2026, 3, 15), id="§8 #24 EPCI: municipal"),
        pytest.param(
            "departement",
            date(2020, 7, 1),
            date(2021, 6, 20),
            id="§8 #24 département: departmental",
        ),
        pytest.param("region", date(2016, 1, 10), date(2021, 6, 20), id="§8 #24 région: regional"),
        pytest.param(
            "departement",
            date(2021, 6, 20),
            None,
            id="§8 #24 designated on election day: next election not yet known",
        ),
        pytest.param(
            "commune", date(2020, 3, 14), date(2020, 3, 15), id="§8 #24 the day before an election"
        ),
        pytest.param("other", date(2020, 7, 1), None, id="§8 #24 other: no known term"),
        pytest.param(None, date(2020, 7, 1), None, id="§8 #24 not a local authority"),
    ],
)
def test_council_term_end_by_kind_of_authority(authority, designated_on, expected):
    assert council_term_end(authority, designated_on, CALENDAR) == expected


def test_a_departement_does_not_lapse_at_the_municipal_elections():
    # The bug of issue 16: a département's representative lapsed in March 2026.
    end = council_term_end("departement", date(2021, 7, 1), CALENDAR)
    assert end is None or end != date(2026, 3, 15)
    assert check_term(date(2026, 3, 16), end) == []


@pytest.mark.parametrize(
    ("on", "act_until_replaced", "replaced", "expected"),
    [
        pytest.param(date(2026, 3, 15), False, False, [], id="R-LA-5 term's last day"),
        pytest.param(
            date(2026, 3, 16), False, False, ["mandate_term_ended"], id="R-LA-5 day after"
        ),
        pytest.param(date(2026, 3, 16), True, False, [], id="§8 #24 SEM option until replaced"),
        pytest.param(
            date(2026, 3, 16), True, True, ["mandate_term_ended"], id="§8 #24 SEM option replaced"
        ),
    ],
)
def test_check_term(on, act_until_replaced, replaced, expected):
    violations = check_term(
        on, date(2026, 3, 15), act_until_replaced=act_until_replaced, replaced=replaced
    )
    assert [v.code for v in violations] == expected
    assert all(v.rule == "R-LA-5" for v in violations)


def test_the_shipped_calendar_parses_and_is_sorted():
    path = Path(scic.__file__).parent / "membership" / "data" / "elections.csv"
    calendar = parse_election_calendar(path.read_text(encoding="utf-8").splitlines())
    assert set(calendar) == set(ElectionKind)
    for days in calendar.values():
        assert days
        assert list(days) == sorted(days)
    assert date(2026, 3, 15) in calendar[E.MUNICIPAL]
    assert date(2021, 6, 20) in calendar[E.DEPARTMENTAL]


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("cantonal,2011-03-20,settled", id="unknown kind"),
        pytest.param("municipal,2026-13-15,settled", id="bad date"),
    ],
)
def test_a_bad_calendar_line_is_refused_with_its_number(line):
    with pytest.raises(ValueError, match="line 3"):
        parse_election_calendar(["kind,first_round,status", "municipal,2020-03-15,settled", line])


# --- acting_representatives: the one rule every channel asks (§8 #24) ----------------------------

TERM_END = date(2026, 3, 15)
OUTGOING = Mandate("Jeanne Maire", RepresentativeRole.MAIN, date(2020, 7, 1), TERM_END, 1)
OPEN_ENDED = Mandate("Jeanne Maire", RepresentativeRole.MAIN, date(2020, 7, 1), None, 1)
ALTERNATE = Mandate("Paul Adjoint", RepresentativeRole.ALTERNATE, date(2020, 7, 1), TERM_END, 2)
SUCCESSOR = Mandate("Lucie Neuve", RepresentativeRole.MAIN, date(2026, 4, 2), None, 3)
EARLY_END = Mandate("Jeanne Maire", RepresentativeRole.MAIN, date(2020, 7, 1), date(2024, 1, 1), 1)


def _term_end(mandate):
    return council_term_end("commune", mandate.valid_from, CALENDAR)


@pytest.mark.parametrize(
    ("mandates", "on", "sem", "expected"),
    [
        pytest.param((OUTGOING,), TERM_END, False, {"main": 1}, id="§8 #24 election day: acts"),
        pytest.param(
            (OUTGOING,), date(2026, 3, 16), False, {}, id="§8 #24 day after: blocked by default"
        ),
        pytest.param(
            (OUTGOING,), date(2026, 3, 16), True, {"main": 1}, id="§8 #24 SEM: acts until replaced"
        ),
        pytest.param(
            (OPEN_ENDED,), date(2026, 3, 16), False, {}, id="§8 #24 no end stored: term blocks"
        ),
        pytest.param(
            (OPEN_ENDED,), date(2026, 3, 16), True, {"main": 1}, id="§8 #24 SEM, no end stored"
        ),
        pytest.param(
            (OUTGOING, SUCCESSOR),
            date(2026, 4, 1),
            True,
            {"main": 1},
            id="§8 #24 SEM: the day before the successor starts",
        ),
        pytest.param(
            (OUTGOING, SUCCESSOR),
            date(2026, 4, 2),
            True,
            {"main": 3},
            id="§8 #24 SEM: the successor replaces the outgoing one",
        ),
        pytest.param(
            (OUTGOING, ALTERNATE, SUCCESSOR),
            date(2026, 4, 2),
            True,
            {"main": 3, "alternate": 2},
            id="§8 #24 SEM: the alternate acts until its own successor",
        ),
        pytest.param(
            (EARLY_END,),
            date(2025, 1, 1),
            True,
            {},
            id="R-LA-5 an end set by the council is never extended",
        ),
    ],
)
def test_acting_representatives(mandates, on, sem, expected):
    acting = acting_representatives(mandates, on, _term_end, act_until_replaced=sem)
    assert {str(role): m.person_id for role, m in acting.items()} == expected


def test_acting_agrees_with_the_ballot_rule():
    """The ballot (check_can_act + check_term after acting_valid_to) and the list agree."""
    for sem in (False, True):
        for on in (TERM_END, date(2026, 3, 16), date(2026, 4, 2)):
            mandates = (OUTGOING, SUCCESSOR)
            listed = acting_representatives(mandates, on, _term_end, act_until_replaced=sem)
            replaced = is_replaced(OUTGOING, mandates, on)
            valid_to = acting_valid_to(
                OUTGOING, TERM_END, act_until_replaced=sem, replaced=replaced
            )
            extended = Mandate(OUTGOING.name, OUTGOING.role, OUTGOING.valid_from, valid_to, 1)
            ballot = check_can_act(
                extended, tuple(extended if m == OUTGOING else m for m in mandates), on
            ) or check_term(on, TERM_END, act_until_replaced=sem, replaced=replaced)
            assert (listed.get(RepresentativeRole.MAIN) == OUTGOING) == (not ballot), (sem, on)
