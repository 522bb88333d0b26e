"""The tally export (FORMATS.md scic-tally/1)."""

from __future__ import annotations

from scic.assemblies.models import Assembly
from scic.core.percent import from_percent
from scic.core.violations import RuleViolation, Violation
from scic.voting import queries, rules
from scic.voting.rules import CollegeCount, Majority, Method, VotingSettings
from scic.voting.tally_format import (
    TallyCollege,
    TallyFile,
    TallyResolution,
    tally_to_json,
    turnout_from_json,
)

# --- Export (R-TAL-4) ---------------------------------------------------------------------------


def export_tally(assembly: Assembly, part: str | None = None) -> TallyFile:
    """The scic-tally/1 file of an assembly's closed resolutions: per-college counts only.

    The file carries the ``assembly`` block each result was decided with (R-AG-11, R-AG-12), so
    ``scic tally`` on it gives exactly the recorded results (R-TAL-4). A combined assembly has
    two parts, each with its own block: ``part`` (``ordinary`` or ``extraordinary``) picks one.
    Refused when nothing is closed yet, or when resolutions were counted with different
    colleges, rules or turnouts (a single file has one set of each).
    """
    closed = [r for r in queries.resolutions_of(assembly) if r.outcome is not None]
    if part is not None:
        closed = [r for r in closed if (r.outcome.turnout or {}).get("kind") == part]
    if not closed:
        raise RuleViolation(Violation("export_nothing_closed"))
    turnouts = [r.outcome.turnout for r in closed]
    if any(t != turnouts[0] for t in turnouts):
        kinds = {(t or {}).get("kind") for t in turnouts}
        code = "export_mixed_parts" if len(kinds) > 1 else "export_mixed_turnout"
        raise RuleViolation(Violation(code))
    first = closed[0].outcome
    headcount = first.rules["method"] == Method.HEADCOUNT.value
    colleges_of = lambda o: [(c["code"], c["weight"]) for c in o.colleges]  # noqa: E731
    if any(
        r.outcome.rules != first.rules or colleges_of(r.outcome) != colleges_of(first)
        for r in closed
    ):
        raise RuleViolation(Violation("export_mixed_rules"))
    colleges = tuple(
        TallyCollege(c["code"], from_percent(c["weight"]), c["name"] or None)
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
        assembly=None if turnouts[0] is None else turnout_from_json(turnouts[0]),
    )


def export_tally_json(assembly: Assembly, part: str | None = None) -> dict[str, object]:
    return tally_to_json(export_tally(assembly, part))
