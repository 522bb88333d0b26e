"""The quorum of each part of an assembly, from what was recorded, never typed in (R-AG-11).

Participants are counted by ``scic.voting.participation`` from the attendance sheet, the valid
proxies, the postal forms and the members who voted themselves through their link, their account
or in the room. An assembly has one part (ordinary, or extraordinary) or, when combined, both,
each with its own quorum; views and commands read it here.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from scic.assemblies import queries as assembly_queries
from scic.assemblies import rules as assembly_rules
from scic.assemblies.models import Assembly
from scic.assemblies.queries import QuorumStatus
from scic.cooperatives.rules import AssemblyKind, LegalForm
from scic.voting import queries as voting_queries
from scic.voting.assembly_rules import CollegeTurnout, Turnout
from scic.voting.models import Resolution
from scic.voting.participation import participation


def parts_of(assembly: Assembly) -> tuple[AssemblyKind, ...]:
    """The parts of an assembly, each with its own quorum; none for a written consultation."""
    return tuple(AssemblyKind(part) for part in assembly_rules.parts_of(assembly.type))


def part_of(resolution: Resolution) -> AssemblyKind | None:
    """The part a resolution is voted in (``scic.assemblies.rules.part_of``)."""
    part = assembly_rules.part_of(resolution.assembly.type, resolution.kind)
    return None if part is None else AssemblyKind(part)


def decision_part(resolution: Resolution) -> AssemblyKind:
    """The kind of decision a resolution is counted as (``scic.assemblies.rules.decision_part``):
    its part in an assembly, its own kind in a written consultation (R-AG-10, R-AG-12)."""
    return AssemblyKind(assembly_rules.decision_part(resolution.assembly.type, resolution.kind))


def required_ratio(assembly: Assembly, part: AssemblyKind) -> Fraction:
    """The statutes' quorum of a part on the assembly's call (validated not below the law)."""
    return assembly_rules.quorum_required(
        part.value, assembly.call_number, assembly_queries.settings_of(assembly.cooperative)
    )


def attendance_sheet(assembly: Assembly) -> list[assembly_queries.AttendanceRow]:
    """The attendance sheet with the mode that counts for each voter, ballots included."""
    return assembly_queries.attendance_sheet(assembly, participation(assembly))


def quorum_status(assembly: Assembly, part: AssemblyKind | None = None) -> QuorumStatus:
    """The quorum of one part (the stricter part when None), live until the session closes.

    Once closed, the figures frozen at closing are read back (R-AG-11).
    """
    frozen = assembly.quorum_entitled is not None
    return assembly_queries.quorum_status(
        assembly,
        None if frozen else participation(assembly),
        part=None if part is None else part.value,
    )


@dataclass(frozen=True)
class CollegeAttendance:
    """A college's figures on the check-in page: members, taking part, in the room."""

    college_id: int | None
    code: str
    name: str
    members: int
    participating: int
    present: int


@dataclass(frozen=True)
class AttendanceSummary:
    """The quorum and the per-college figures of the check-in page, from one count."""

    quorum: QuorumStatus
    colleges: tuple[CollegeAttendance, ...]
    participation: assembly_rules.Participation


def attendance_summary(assembly: Assembly) -> AttendanceSummary:
    """The quorum (the stricter part) and the figures per college, counted once (R-AG-11).

    The same count as :func:`quorum_status` and :func:`turnout_of`: the attendance sheet as
    corrected, the proxies and the ballots (``scic.voting.participation``).
    """
    seen = participation(assembly)
    frozen = assembly.quorum_entitled is not None
    status = assembly_queries.quorum_status(assembly, None if frozen else seen)
    return AttendanceSummary(status, _per_college(assembly, seen), seen)


def _per_college(
    assembly: Assembly, seen: assembly_rules.Participation
) -> tuple[CollegeAttendance, ...]:
    """Members, participants and members present in the room, per college on the day."""
    colleges = assembly.cooperative.colleges
    if not colleges:
        return ()
    college_of = voting_queries.colleges_on(seen.entitled, assembly_queries.assembly_day(assembly))
    return tuple(
        CollegeAttendance(
            college.id,
            college.code,
            college.name,
            sum(1 for m in seen.entitled if college_of.get(m) == college.id),
            sum(1 for m in seen.participants if college_of.get(m) == college.id),
            sum(1 for m in seen.present if college_of.get(m) == college.id),
        )
        for college in colleges
    )


def turnout_of(assembly: Assembly, part: AssemblyKind) -> Turnout:
    """The ``assembly`` block of scic-tally/1 for a part, now (R-AG-11, R-AG-12).

    Members and participants in heads, overall and per college on the assembly's day; the
    quorum is the statutes' (always written out, so a re-tally needs no statutes).
    """
    seen = participation(assembly)
    cooperative = assembly.cooperative
    colleges = tuple(
        CollegeTurnout(c.code, c.members, c.participating) for c in _per_college(assembly, seen)
    )
    return Turnout(
        legal_form=LegalForm(cooperative.legal_form),
        kind=part,
        call=assembly.call_number,
        members=len(seen.entitled),
        participating=len(seen.participants),
        quorum=required_ratio(assembly, part),
        colleges=colleges,
    )
