"""Pure rules on representatives' terms: which council's term ends a designation, and when.

A local authority's designation ends at the latest with the term of the council that made it
(DOMAIN.md §3.5, §6.3 step 3, §8 #24): municipal elections for communes and their groupings,
departmental elections for départements, regional elections for régions. The election dates are
data (``scic/membership/data/elections.csv``, read by ``queries.election_calendar``): these rules
receive them, so that a new decree is a line of data, not a change of code.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from enum import StrEnum

from scic.core.violations import Violation
from scic.membership.rules import AuthorityType, Mandate, RepresentativeRole


class ElectionKind(StrEnum):
    """General elections that end a council's term."""

    MUNICIPAL = "municipal"
    DEPARTMENTAL = "departmental"
    REGIONAL = "regional"


#: The council whose term bounds a designation, per kind of authority (§8 #24). Groupings of
#: communes (EPCI, syndicats, EPT) are run by municipal councillors: their councils are renewed
#: after the municipal elections. ``other`` has no known term: only ``valid_to`` ends it.
TERM_OF: Mapping[AuthorityType, ElectionKind | None] = {
    AuthorityType.COMMUNE: ElectionKind.MUNICIPAL,
    AuthorityType.EPCI: ElectionKind.MUNICIPAL,
    AuthorityType.SYNDICAT: ElectionKind.MUNICIPAL,
    AuthorityType.EPT: ElectionKind.MUNICIPAL,
    AuthorityType.DEPARTEMENT: ElectionKind.DEPARTMENTAL,
    AuthorityType.REGION: ElectionKind.REGIONAL,
    AuthorityType.OTHER: None,
}

#: Election dates per kind, sorted: the shape ``council_term_end`` receives.
ElectionCalendar = Mapping[ElectionKind, Sequence[date]]


def parse_election_calendar(lines: Iterable[str]) -> dict[ElectionKind, tuple[date, ...]]:
    """Read the elections CSV (``kind,first_round,status``) into sorted dates per kind.

    A bad line raises ``ValueError`` naming it: the file ships with the application and a typo
    must stop the start-up, never silently shorten or lengthen a mandate.
    """
    found: dict[ElectionKind, list[date]] = {kind: [] for kind in ElectionKind}
    for number, row in enumerate(csv.DictReader(lines), start=2):
        try:
            found[ElectionKind(row["kind"])].append(date.fromisoformat(row["first_round"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"elections.csv line {number}: {exc}") from None
    return {kind: tuple(sorted(days)) for kind, days in found.items()}


def council_term_end(
    authority_type: AuthorityType | str | None,
    designated_on: date,
    calendar: ElectionCalendar,
) -> date | None:
    """Return the last day a designation made on ``designated_on`` may last: the next election.

    Rule: R-LA-5, DOMAIN §8 #24 — the term ends with *that* council's term: the first general
    election of its kind strictly after the designation. ``None`` when the authority has no known
    term or when the calendar holds no later election of its kind (add the date once decreed).
    """
    if authority_type is None:
        return None
    kind = TERM_OF.get(AuthorityType(authority_type))
    if kind is None:
        return None
    return next((day for day in sorted(calendar.get(kind, ())) if day > designated_on), None)


def check_term(
    on: date,
    term_end: date | None,
    *,
    act_until_replaced: bool = False,
    replaced: bool = False,
    subject: str | None = None,
) -> list[Violation]:
    """Refuse an act by a representative whose council's term ended before ``on``.

    Rule: R-LA-5, DOMAIN §8 #24 — blocked by default; with the statutes' SEM option (CGCT
    L1524-5) the outgoing representative may act until the new council designates someone.
    The representative may still act on the election day itself (``on == term_end``).
    """
    if term_end is None or on <= term_end:
        return []
    if act_until_replaced and not replaced:
        return []
    return [
        Violation(
            "mandate_term_ended",
            rule="R-LA-5",
            params={"term_end": term_end, "vote_date": on},
            subject=subject,
        )
    ]


# --- Who acts for the member on a day (one rule for every channel) -------------------------------


def is_replaced(mandate: Mandate, mandates: Iterable[Mandate], on: date) -> bool:
    """Return whether a later designation of the same role has started by ``on`` (R-LA-5)."""
    return any(m.role is mandate.role and mandate.valid_from < m.valid_from <= on for m in mandates)


def acting_valid_to(
    mandate: Mandate, term_end: date | None, *, act_until_replaced: bool, replaced: bool
) -> date | None:
    """Return the last day ``mandate`` lets its holder act (None: no end known yet).

    Rule: §8 #24, CGCT L1524-5 — with the statutes' SEM option, a designation that ends with
    its council's term (stored as that day, or without an end) goes on until the new council
    designates someone of the same role; otherwise (the default) its stored end stands and
    ``check_term`` blocks it after the term.
    """
    if (
        act_until_replaced
        and not replaced
        and term_end is not None
        and mandate.valid_to in (None, term_end)
    ):
        return None
    return mandate.valid_to


def may_act(
    mandate: Mandate,
    mandates: Iterable[Mandate],
    on: date,
    term_end: date | None,
    *,
    act_until_replaced: bool,
) -> bool:
    """Return whether the holder of ``mandate`` may act for the member on ``on``.

    Rules: R-LA-5, §8 #24 — the designation has started, has not ended (its stored end, or
    its council's term unless the SEM option extends it until a successor is designated).
    Whether a later designation replaced it is ``acting_representatives``' concern.
    """
    replaced = is_replaced(mandate, mandates, on)
    valid_to = acting_valid_to(
        mandate, term_end, act_until_replaced=act_until_replaced, replaced=replaced
    )
    if on < mandate.valid_from or (valid_to is not None and on > valid_to):
        return False
    return not check_term(on, term_end, act_until_replaced=act_until_replaced, replaced=replaced)


def acting_representatives(
    mandates: Iterable[Mandate],
    on: date,
    term_end_of: Callable[[Mandate], date | None],
    *,
    act_until_replaced: bool,
) -> dict[RepresentativeRole, Mandate]:
    """Return, per role, the designation whose holder acts for the member on ``on``.

    Rules: R-LA-5, §8 #24 — the latest designation of each role that ``may_act`` on that day
    (``term_end_of(mandate)`` gives its council's term end, None for an organisation). The
    ballot (``voting.ballot_rules``), the signed-in capacity list, the convocation's
    recipients and the list of members without a representative all ask this one function.
    """
    mandates = tuple(mandates)
    current: dict[RepresentativeRole, Mandate] = {}
    for mandate in mandates:
        if not may_act(
            mandate, mandates, on, term_end_of(mandate), act_until_replaced=act_until_replaced
        ):
            continue
        held = current.get(mandate.role)
        if held is None or mandate.valid_from >= held.valid_from:
            current[mandate.role] = mandate
    return current
