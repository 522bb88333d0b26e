"""Pure rules of general assemblies: delays, quorum, proxies, postal votes, minutes, revision.

Legal forms are the strings ``"SA"``, ``"SARL"`` and ``"SAS"``; ratios are exact ``Fraction``
values; time is always an argument. Rule IDs refer to DOMAIN.md §4.8, §4.10, §5 and §6.6–§6.9.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from fractions import Fraction
from typing import Literal, Protocol
from zoneinfo import ZoneInfo

from scic.core.periods import end_of_months_after
from scic.core.violations import Violation

#: Legal time of the registered office: postal-vote deadlines are stated in Paris time (R-AG-8).
PARIS = ZoneInfo("Europe/Paris")
#: R-AG-8: statutes may not require postal forms more than 3 days ahead; e-forms until 15:00.
MAX_CORRESPONDENCE_DAYS = 3
ELECTRONIC_FORM_CUTOFF = time(15, 0)
#: R-AG-10: a written consultation leaves at least 15 days to answer.
WRITTEN_CONSULTATION_DAYS = 15
#: R-AG-1: accounts approved within 6 months of year-end.
ACCOUNTS_DELAY_MONTHS = 6
#: R-AG-5: SA exception, the AG may dismiss and replace directors without an agenda item.
AGENDA_EXEMPT_KINDS = frozenset({"dismiss_director", "replace_director"})


class AssemblyType(StrEnum):
    """Kinds of general assembly (DOMAIN §3.8)."""

    ORDINARY = "ordinary"
    EXTRAORDINARY = "extraordinary"
    COMBINED = "combined"
    ORDINARY_REINFORCED = "ordinary_reinforced"
    WRITTEN = "written"


class PresenceMode(StrEnum):
    """How a member takes part in an assembly (DOMAIN §3.9)."""

    PRESENT = "present"
    DEEMED_PRESENT = "deemed_present"
    REPRESENTED = "represented"
    CORRESPONDENCE = "correspondence"
    ABSENT = "absent"


#: Modes counted for the quorum (§6.7 step 3: present, deemed present, represented, postal).
QUORUM_MODES = frozenset(
    {
        PresenceMode.PRESENT,
        PresenceMode.DEEMED_PRESENT,
        PresenceMode.REPRESENTED,
        PresenceMode.CORRESPONDENCE,
    }
)


class ResolutionKind(StrEnum):
    """Majority family of a resolution (DOMAIN §3.8), plus subjects that force the AGE majority."""

    ORDINARY = "ordinary"
    EXTRAORDINARY = "extraordinary"
    #: R-EXCL-1: exclusion at the majority required to amend the statutes.
    EXCLUSION = "exclusion"
    #: R-COL-7: colleges and weights are in the statutes.
    COLLEGE_WEIGHTS = "college_weights"


class KindRules(Protocol):
    """Quorums and majority of one kind of assembly, as the statutes store them."""

    quorum_first: Fraction
    quorum_second: Fraction
    majority: object


class QuorumSettings(Protocol):
    """The shape of ``scic.cooperatives.rules.AssemblySettings`` these rules read (§5, §8)."""

    ordinary: KindRules
    extraordinary: KindRules


def convocation_delay_days(
    legal_form: str, call_number: int = 1, statutes_days: int | None = None
) -> int:
    """Return the minimum days between sending the convocation and the assembly.

    §5: SA 15 days on first call, 10 on second (R225-69); SARL 15 (R223-20); statutes may
    lengthen but not shorten these. SAS: the statutes, default as SA (§8 #8).
    """
    form = legal_form.upper()
    if form == "SAS" and statutes_days is not None:
        return statutes_days
    legal = 15 if form == "SARL" or call_number == 1 else 10
    return max(legal, statutes_days or 0)


def latest_send_date(assembly_date: date, delay_days: int, margin_days: int = 1) -> date:
    """Return the last day to send the convocation, keeping a safety margin (§6.6 step 2)."""
    return assembly_date - timedelta(days=delay_days + margin_days)


def check_convocation_send(
    today: date,
    assembly_date: date,
    *,
    legal_form: str,
    call_number: int = 1,
    statutes_days: int | None = None,
    margin_days: int = 1,
) -> list[Violation]:
    """Refuse to send a convocation after its last day (§5 delays, §6.6 step 2).

    Params: ``last_day`` (a date), ``delay_days`` and ``assembly_date``.
    """
    delay = convocation_delay_days(legal_form, call_number, statutes_days)
    last_day = latest_send_date(assembly_date, delay, margin_days)
    if today <= last_day:
        return []
    source = {"SA": "R225-69", "SARL": "R223-20"}.get(legal_form.upper())
    return [
        Violation(
            "convocation_too_late",
            rule=source,
            params={"last_day": last_day, "delay_days": delay, "assembly_date": assembly_date},
        )
    ]


def written_consultation_deadline(sent_on: date, days: int = WRITTEN_CONSULTATION_DAYS) -> date:
    """Return the last day to answer a SARL written consultation (R-AG-10: at least 15 days)."""
    return sent_on + timedelta(days=max(days, WRITTEN_CONSULTATION_DAYS))


def quorum_required(
    kind: AssemblyType | str, call_number: int, settings: QuorumSettings
) -> Fraction:
    """Return the share of entitled members who must take part (§5, §8 #9).

    An ``ordinary_reinforced`` AGO uses the AGE quorum; a ``combined`` assembly the stricter of
    the two (check its ordinary part alone with ``kind="ordinary"``); a written consultation none.
    """
    kind = AssemblyType(kind)
    first = call_number == 1
    ordinary = settings.ordinary.quorum_first if first else settings.ordinary.quorum_second
    extraordinary = (
        settings.extraordinary.quorum_first if first else settings.extraordinary.quorum_second
    )
    if kind is AssemblyType.ORDINARY:
        return ordinary
    if kind in (AssemblyType.EXTRAORDINARY, AssemblyType.ORDINARY_REINFORCED):
        return extraordinary
    if kind is AssemblyType.COMBINED:
        return max(ordinary, extraordinary)
    return Fraction(0)


#: The parts each kind of assembly holds, each with its own quorum (R-AG-11); a combined
#: assembly holds both, a written consultation none.
ASSEMBLY_PARTS: dict[AssemblyType, tuple[str, ...]] = {
    AssemblyType.ORDINARY: ("ordinary",),
    AssemblyType.EXTRAORDINARY: ("extraordinary",),
    AssemblyType.ORDINARY_REINFORCED: ("extraordinary",),
    AssemblyType.COMBINED: ("ordinary", "extraordinary"),
    AssemblyType.WRITTEN: (),
}


def parts_of(kind: AssemblyType | str) -> tuple[str, ...]:
    """The parts of an assembly of this kind: ``ordinary``, ``extraordinary`` or both (R-AG-11)."""
    return ASSEMBLY_PARTS[AssemblyType(kind)]


def part_of(kind: AssemblyType | str, resolution_kind: str) -> str | None:
    """The part a resolution is voted in (R-AG-11): in a combined assembly, its own kind decides.

    Extraordinary subjects (statutes, exclusion, college weights) go to the extraordinary part;
    None for a written consultation, which has no quorum.
    """
    parts = parts_of(kind)
    if len(parts) < 2:
        return parts[0] if parts else None
    return "ordinary" if resolution_kind == ResolutionKind.ORDINARY else "extraordinary"


def decision_part(kind: AssemblyType | str, resolution_kind: str) -> str:
    """The kind of decision whose quorum and majority decide a resolution (R-AG-11, R-AG-12).

    In an assembly, the part it is voted in (:func:`part_of`). A written consultation has no
    session, but each of its resolutions is still an ordinary or an extraordinary decision of
    the legal form (R-AG-10: the majorities of L223-29 and L223-30 apply to the answers), as its
    own kind says.
    """
    part = part_of(kind, resolution_kind)
    if part is not None:
        return part
    return "ordinary" if resolution_kind == ResolutionKind.ORDINARY else "extraordinary"


@dataclass(frozen=True)
class Quorum:
    """A quorum count: heads taking part against the required count (§6.7 step 3)."""

    required_count: int
    participants: int
    entitled: int
    reached: bool


def compute_quorum(participants: int, entitled: int, required: Fraction) -> Quorum:
    """Count the quorum, one vote per member (R-CAT-7; §8 #5 default base: all members).

    The required count is rounded up: 1/5 of 200 needs 40, 1/4 of 200 needs 50 (§6.7).
    """
    if not 0 <= participants <= entitled:
        raise ValueError("participants must be between 0 and the number entitled")
    needed = math.ceil(required * entitled)
    return Quorum(needed, participants, entitled, participants >= needed)


def check_proxy(
    grantor_id: int,
    holder_id: int | None,
    *,
    holder_is_member: bool = True,
    holder_same_college: bool = True,
    grantor_already_gave: bool = False,
    holder_current_count: int = 0,
    max_per_holder: int | None = None,
    same_college_required: bool = False,
    session_open: bool = False,
    holder_is_partner: bool = False,
) -> list[Violation]:
    """Check a new proxy (R-AG-4, R-AG-7, §8 #16).

    Refused: after the session opened, a second proxy by the same grantor, a proxy to oneself,
    to a non-member (unless a spouse or civil partner where allowed: ``holder_is_partner``), to
    another college when the statutes require the same one, beyond the statutory cap per holder.
    A blank proxy (``holder_id`` None, to the chair) passes every holder check.
    """
    violations: list[Violation] = []
    if session_open:
        violations.append(Violation("proxy_after_opening", rule="R-AG-7"))
    if grantor_already_gave:
        violations.append(Violation("proxy_already_given", rule="R-AG-7"))
    if holder_id is None:
        return violations
    if holder_id == grantor_id:
        violations.append(Violation("proxy_to_self", rule="R-AG-7"))
    if not (holder_is_member or holder_is_partner):
        violations.append(Violation("proxy_holder_not_member", rule="R-AG-7"))
    if same_college_required and not holder_same_college:
        violations.append(Violation("proxy_holder_other_college", rule="R-AG-7"))
    if max_per_holder is not None and holder_current_count >= max_per_holder:
        violations.append(
            Violation(
                "proxy_holder_limit",
                rule="R-AG-7",
                params={"max_per_holder": max_per_holder, "count": holder_current_count},
            )
        )
    return violations


def check_proxy_revocation(session_opened: bool) -> list[Violation]:
    """Refuse to revoke a proxy once the session has opened (R-AG-7: the proxy has been used)."""
    return [Violation("proxy_revocation_after_opening", rule="R-AG-7")] if session_opened else []


def blank_proxy_choice(board_approved: bool) -> Literal["for", "against"]:
    """Return the chair's vote for a blank proxy: for board-approved resolutions (R-AG-7)."""
    return "for" if board_approved else "against"


def correspondence_deadline(
    assembly_start: datetime, days: int = 1, *, electronic: bool = False
) -> datetime:
    """Return the instant before which a postal-vote form must be received (R-AG-8).

    Paper forms: before midnight (Paris) ending the day ``days`` days before the assembly;
    the statutes may not ask for more than 3 days. Electronic forms: before 15:00 (Paris) the
    day before. ``assembly_start`` must be timezone-aware; the result is in Paris time.
    """
    if assembly_start.tzinfo is None:
        raise ValueError("assembly_start must be timezone-aware")
    local_day = assembly_start.astimezone(PARIS).date()
    if electronic:
        return datetime.combine(local_day - timedelta(days=1), ELECTRONIC_FORM_CUTOFF, PARIS)
    days = min(max(days, 0), MAX_CORRESPONDENCE_DAYS)
    if days == 0:
        return assembly_start.astimezone(PARIS)
    return datetime.combine(local_day - timedelta(days=days - 1), time.min, PARIS)


def is_correspondence_on_time(
    received_at: datetime,
    assembly_start: datetime,
    days: int = 1,
    *,
    electronic: bool = False,
) -> bool:
    """Tell whether a postal-vote form counts: received before its deadline (R-AG-8)."""
    return received_at < correspondence_deadline(assembly_start, days, electronic=electronic)


def accounts_assembly_deadline(fiscal_year_end: date) -> date:
    """Return the last day to approve the accounts: the end of the 6 months that follow the
    year-end (R-AG-1): 31 December gives 30 June, 30 June gives 31 December."""
    return end_of_months_after(fiscal_year_end, ACCOUNTS_DELAY_MONTHS)


def check_attendance(already_recorded: bool, session_closed: bool) -> list[Violation]:
    """Refuse a second attendance line for a member, or any line after closing (§6.7 step 2)."""
    violations: list[Violation] = []
    if session_closed:
        violations.append(Violation("attendance_after_close"))
    if already_recorded:
        violations.append(Violation("attendance_already_recorded"))
    return violations


def can_vote_in_session(
    already_voted_by_correspondence: bool, gave_proxy: bool, statutes_allow: bool = False
) -> bool:
    """Tell whether a member may still vote in the session (R-AG-7, R-AG-8).

    A member who returned a postal form or gave a proxy does not vote again, unless the
    statutes allow it (SARL forbids splitting a vote between a proxy and voting in person).
    """
    return statutes_allow or not (already_voted_by_correspondence or gave_proxy)


def resolution_majority(kind: ResolutionKind | str, settings: QuorumSettings) -> object:
    """Return the statutory majority setting for a resolution (§5, §8 #10).

    Returns ``settings.ordinary.majority`` or ``settings.extraordinary.majority`` (with the
    statutes' ``Majority`` values). Exclusion uses the majority for amending the statutes
    (R-EXCL-1), and so do changes to colleges and weights (R-COL-7).
    """
    kind = ResolutionKind(kind)
    if kind is ResolutionKind.ORDINARY:
        return settings.ordinary.majority
    return settings.extraordinary.majority


def check_resolution_on_agenda(has_agenda_item: bool, kind: str | None = None) -> list[Violation]:
    """Refuse a resolution without an agenda item, except dismissing or replacing a director.

    Rule: R-AG-5 (L225-105, R223-20).
    """
    if has_agenda_item or kind in AGENDA_EXEMPT_KINDS:
        return []
    return [Violation("resolution_not_on_agenda", rule="R-AG-5")]


# --- Additions for the assembly services (preparation, documents, proxies, minutes) -------------

#: Documents members may receive: PDF and OpenDocument / Office Open XML files (zip containers).
DOCUMENT_SIGNATURES: dict[str, tuple[str, bytes]] = {
    "pdf": ("application/pdf", b"%PDF-"),
    "odt": ("application/vnd.oasis.opendocument.text", b"PK\x03\x04"),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", b"PK\x03\x04"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        b"PK\x03\x04",
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK\x03\x04"),
}
#: Largest document accepted (it also travels as an e-mail attachment).
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


def document_extension(filename: str) -> str:
    """Return the lower-case extension of a file name ("" when there is none)."""
    name = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_document(
    filename: str, size: int, head: bytes, max_bytes: int = MAX_DOCUMENT_BYTES
) -> list[Violation]:
    """Accept a PDF or office document whose content matches its extension, within the size cap.

    The extension alone is not trusted: the first bytes must carry the format's signature.
    """
    violations: list[Violation] = []
    extension = document_extension(filename)
    expected = DOCUMENT_SIGNATURES.get(extension)
    if size <= 0:
        violations.append(Violation("document_empty", subject=filename))
    elif size > max_bytes:
        violations.append(
            Violation(
                "document_too_large",
                params={
                    "size_mb": math.ceil(size / 1024 / 1024),
                    "max_mb": max_bytes // 1024 // 1024,
                },
                subject=filename,
            )
        )
    if expected is None:
        violations.append(
            Violation(
                "document_type_not_allowed",
                params={"allowed": ", ".join(sorted(DOCUMENT_SIGNATURES))},
                subject=filename,
            )
        )
    elif size > 0 and not head.startswith(expected[1]):
        violations.append(Violation("document_content_mismatch", subject=filename))
    return violations


class RemoteMode(StrEnum):
    """How members may attend (DOMAIN §3.8): in the room only, both, or only remotely."""

    NONE = "none"
    HYBRID = "hybrid"
    FULLY_REMOTE = "fully_remote"


def check_assembly_setup(
    kind: AssemblyType | str,
    legal_form: str,
    remote_mode: RemoteMode | str,
    *,
    has_place: bool,
    has_video_link: bool,
    fully_remote_allowed: bool,
) -> list[Violation]:
    """Check an assembly's kind and venue (R-AG-9, R-AG-10, §5).

    A written consultation exists for SARL (R-AG-10) and SAS (statutes), never for an SA; a
    meeting in a room needs a place, remote attendance a video link; a fully remote assembly
    needs a statutory clause (R-AG-9).
    """
    kind, mode = AssemblyType(kind), RemoteMode(remote_mode)
    violations: list[Violation] = []
    if kind is AssemblyType.WRITTEN:
        if legal_form.upper() == "SA":
            violations.append(Violation("written_consultation_not_allowed", rule="R-AG-10"))
        return violations
    if mode is not RemoteMode.FULLY_REMOTE and not has_place:
        violations.append(Violation("assembly_place_missing"))
    if mode is not RemoteMode.NONE and not has_video_link:
        violations.append(Violation("assembly_video_link_missing", rule="R-AG-9"))
    if mode is RemoteMode.FULLY_REMOTE and not fully_remote_allowed:
        violations.append(Violation("fully_remote_not_allowed", rule="R-AG-9"))
    return violations


def check_proxy_grantor(grantor_entitled: bool) -> list[Violation]:
    """Only a member with voting rights at the assembly may give a proxy (R-AG-4, §8 #32)."""
    return [] if grantor_entitled else [Violation("proxy_grantor_not_member", rule="R-AG-4")]


def check_second_call(
    first_closed: bool, first_quorum_reached: bool | None, first_call_number: int
) -> list[Violation]:
    """A second call follows a first-call session that missed its quorum (§6.6 step 6)."""
    if first_call_number != 1:
        return [Violation("second_call_of_second_call")]
    if not first_closed:
        return [Violation("second_call_before_first_session")]
    if first_quorum_reached:
        return [Violation("second_call_quorum_was_reached")]
    return []


def split_names(text: str) -> tuple[str, ...]:
    """Split a comma-, semicolon- or line-separated list of names."""
    parts = text.replace(";", ",").replace("\n", ",").split(",")
    return tuple(p.strip() for p in parts if p.strip())


@dataclass(frozen=True)
class Participation:
    """Who takes part in an assembly, each entitled member counted once (§6.7 step 3).

    Sets of member ids; ``absent`` holds those recorded absent, ``unrecorded`` the others.
    """

    entitled: frozenset[int]
    present: frozenset[int]
    deemed_present: frozenset[int]
    represented: frozenset[int]
    correspondence: frozenset[int]
    absent: frozenset[int]

    @property
    def participants(self) -> frozenset[int]:
        """Members counted for the quorum: present, deemed present, represented, postal."""
        return self.present | self.deemed_present | self.represented | self.correspondence

    @property
    def unrecorded(self) -> frozenset[int]:
        return self.entitled - self.participants - self.absent


def combine_participation(
    entitled: frozenset[int] | set[int],
    modes: dict[int, str],
    proxies: list[tuple[int, int | None]],
    correspondence: set[int] | frozenset[int],
) -> Participation:
    """Merge the attendance sheet, the valid proxies and the postal votes (R-AG-3, R-AG-7, R-AG-8).

    ``modes`` maps a member to its recorded presence mode; ``proxies`` lists valid (grantor,
    holder) pairs, holder None for a blank proxy to the chair. A member counts once, in this
    order: present, deemed present, represented, postal. A named proxy represents its grantor
    only when the holder takes part in the session (present or deemed present); a blank proxy
    always does (the chair holds it). When a proxy and a postal form are both returned, the
    proxy counts (R-AG-7). Members without voting rights are ignored.
    """
    entitled = frozenset(entitled)

    def recorded(mode: PresenceMode) -> frozenset[int]:
        return frozenset(m for m, v in modes.items() if v == mode and m in entitled)

    present = recorded(PresenceMode.PRESENT)
    deemed = recorded(PresenceMode.DEEMED_PRESENT) - present
    attending = present | deemed
    represented = (
        frozenset(
            grantor
            for grantor, holder in proxies
            if grantor in entitled and (holder is None or holder in attending)
        )
        - attending
    )
    counted = attending | represented
    postal = recorded(PresenceMode.CORRESPONDENCE) | (frozenset(correspondence) & entitled)
    postal -= counted
    absent = recorded(PresenceMode.ABSENT) - counted - postal
    return Participation(entitled, present, deemed, represented, postal, absent)
