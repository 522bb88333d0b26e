"""The tally export (FORMATS.md scic-tally/1)."""

from __future__ import annotations

from fractions import Fraction

from scic.assemblies.models import Assembly
from scic.core.violations import RuleViolation, Violation
from scic.voting import queries, rules
from scic.voting.rules import CollegeCount, Majority, Method, VotingSettings
from scic.voting.tally_format import TallyCollege, TallyFile, TallyResolution, tally_to_json

# --- Export (R-TAL-4) ---------------------------------------------------------------------------


def export_tally(assembly: Assembly) -> TallyFile:
    """The scic-tally/1 file of an assembly's closed resolutions: per-college counts only.

    Refused when nothing is closed yet or when resolutions were counted with different colleges
    or rules (a single file has one set of both).
    """
    closed = [r for r in queries.resolutions_of(assembly) if r.outcome is not None]
    if not closed:
        raise RuleViolation(Violation("export_nothing_closed"))
    first = closed[0].outcome
    headcount = first.rules["method"] == Method.HEADCOUNT.value
    colleges_of = lambda o: [(c["code"], c["weight"]) for c in o.colleges]  # noqa: E731
    if any(
        r.outcome.rules != first.rules or colleges_of(r.outcome) != colleges_of(first)
        for r in closed
    ):
        raise RuleViolation(Violation("export_mixed_rules"))
    colleges = tuple(
        TallyCollege(c["code"], Fraction(c["weight"]) / 100, c["name"] or None)
        for c in first.colleges
        if c["code"] is not None and c["weight"] is not None
    )
    resolutions = []
    for resolution in closed:
        ballots = tuple(
            CollegeCount(None if headcount else c["code"], c["for"], c["against"], c["abstain"])
            for c in resolution.outcome.colleges
            if c["for"] or c["against"] or c["abstain"]
        )
        resolutions.append(
            TallyResolution(
                id=f"R{resolution.number}",
                ballots=ballots,
                majority=Majority.parse(resolution.outcome.majority),
                title=resolution.title,
            )
        )
    return TallyFile(
        colleges=colleges,
        rules=VotingSettings(
            Method(first.rules["method"]),
            rules.AbstentionRule(first.rules["abstentions"]),
            rules.SilentCollegeRule(first.rules["silent_college"]),
        ),
        resolutions=tuple(resolutions),
        cooperative=assembly.cooperative.name,
    )


def export_tally_json(assembly: Assembly) -> dict[str, object]:
    return tally_to_json(export_tally(assembly))
