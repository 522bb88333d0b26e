"""Directors and officers elected by the assembly (R-AG-2), as pure functions.

R-AG-2 · settled · loi 1947 art. 6 — directors (or the *conseil coopératif*, the managers, the
president, according to the legal form and the statutes) are elected by the assembly for at most
**six years**, and may be dismissed by it. The statutes may shorten the term and stagger the
renewals (by thirds, usually); the assembly may require a secret ballot for elections (R-AG-1's
statutory choice). A candidate is elected when the resolution naming them is adopted; when more
candidates are adopted than there are seats, those with the largest share of votes for win.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from scic.core.periods import add_years
from scic.core.violations import Violation

#: R-AG-2: the longest term an assembly may give.
MAX_TERM_YEARS = 6

#: The body the assembly elects, by governance (DOMAIN §3.1).
BODY_OF_GOVERNANCE = {
    "board": "board",
    "two_tier": "supervisory_board",
    "president": "president",
    "manager": "managers",
}


#: R-AG-17: bodies held by one person. An SAS is represented by *a* president (Code de
#: commerce L227-6); its statutes may add managing directors, who are not elected as the
#: presidency.
ONE_SEAT_BODIES = frozenset({"president"})


def body_of(governance: str) -> str:
    """The body an assembly elects under ``governance``."""
    return BODY_OF_GOVERNANCE.get(governance, "board")


def check_election(
    term_years: int, seats: int, candidates: Sequence[str], *, body: str = "board"
) -> list[Violation]:
    """An election the assembly may hold: a term of one to six years, seats, and candidates,
    each named once (R-AG-2); one seat for a body held by one person (R-AG-17)."""
    problems = []
    if not 1 <= term_years <= MAX_TERM_YEARS:
        problems.append(
            Violation(
                "officer_term_out_of_range",
                rule="R-AG-2",
                params={"years": term_years, "max": MAX_TERM_YEARS},
                subject="term_years",
            )
        )
    if seats < 1:
        problems.append(Violation("election_no_seat", rule="R-AG-2", subject="seats"))
    elif body in ONE_SEAT_BODIES and seats != 1:
        problems.append(Violation("election_one_seat", rule="R-AG-17", subject="seats"))
    names = [name.strip().casefold() for name in candidates if name.strip()]
    if not names:
        problems.append(Violation("election_no_candidate", rule="R-AG-2", subject="candidates"))
    elif len(set(names)) != len(names):
        problems.append(Violation("election_candidate_twice", rule="R-AG-2", subject="candidates"))
    return problems


def term_end(elected_on: date, years: int) -> date:
    """The last day of a term of ``years`` years starting on the assembly's day."""
    return add_years(elected_on, years)


@dataclass(frozen=True)
class Ballot:
    """One candidate's resolution once closed: adopted or not, and the share of votes for."""

    candidate: str
    adopted: bool
    share_for: Fraction | None


def elected(results: Iterable[Ballot], seats: int) -> list[str]:
    """The candidates elected: adopted, the largest shares for first, up to ``seats``; a tie
    for the last seat leaves it empty (the assembly votes again) rather than choosing."""
    adopted = sorted(
        (r for r in results if r.adopted),
        key=lambda r: r.share_for or Fraction(0),
        reverse=True,
    )
    if len(adopted) <= seats:
        return [r.candidate for r in adopted]
    cutoff = adopted[seats - 1].share_for
    winners = [r for r in adopted[:seats] if r.share_for != cutoff]
    tied = [r for r in adopted if r.share_for == cutoff]
    if len(winners) + len(tied) <= seats:
        winners += tied
    return [r.candidate for r in winners]
