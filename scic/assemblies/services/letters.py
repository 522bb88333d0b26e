"""Paper convocations in bulk: "letters sent on <date>" for many members at once (§6.6 step 4).

The secretary selects members to convene by post (or every member a filter finds) and records
their letters in one step, with the registered-letter numbers pasted or imported from a CSV
file (``scic.assemblies.letter_rules`` reads them). Everything is checked first: one problem,
and nothing is written (the view rolls the transaction back).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from scic.assemblies import letter_rules, queries
from scic.assemblies.models import Assembly
from scic.assemblies.services.convocation import PAPER_CHANNELS, write_paper_record
from scic.assemblies.services.locking import _record, ensure_editable
from scic.core.db import db
from scic.core.violations import RuleViolation, Violation
from scic.membership.models import Member


@dataclass(frozen=True)
class LettersInput:
    """What the secretary gave: the members selected in the list's order, and the numbers as
    pasted text or as the text of a CSV file (at most one of the two)."""

    selected: Sequence[Member]
    pasted: str = ""
    csv_text: str = ""


def letters_to_record(
    assembly: Assembly, given: LettersInput, *, on: date
) -> list[tuple[Member, str]]:
    """Pair each member with its registered-letter number (empty: a letter without number).

    Raises ``RuleViolation`` naming every bad line. ``member;number`` lines and CSV rows name
    members by their number in the register, among the members convened by post on ``on``.
    """
    if given.pasted.strip() and given.csv_text.strip():
        raise RuleViolation(Violation("letters_pasted_and_csv"))
    if given.csv_text.strip():
        lines, problems = letter_rules.read_letters_csv(given.csv_text)
    else:
        lines, problems = letter_rules.read_pasted_numbers(given.pasted)
    if problems:
        raise RuleViolation(problems)
    # Only the members the lines name (a register number each) are looked up.
    keys = [letter_rules.member_key(line.member) for line in lines if line.member is not None]
    named = [int(key) for key in keys if key.isascii() and key.isdigit() and len(key) <= 18]
    recipients = {
        letter_rules.member_key(m.number): m
        for m in queries.paper_recipients(assembly, on, numbers=named)
        if m.number is not None
    }
    pairs, problems = letter_rules.match_letters(lines, list(given.selected), recipients)
    if problems:
        raise RuleViolation(problems)
    if not pairs:
        raise RuleViolation(Violation("letters_nobody_selected"))
    return pairs


def record_paper_letters(
    assembly: Assembly,
    letters: Sequence[tuple[Member, str]],
    *,
    channel: str,
    sent_on: date,
    by=None,
    now: datetime,
) -> int:
    """Record the convocations of many members sent by post on ``sent_on``; return how many.

    The same checks as one letter (§5 delay on ``sent_on``, a voter of this assembly, not a
    member already convened by e-mail, not after the opening), made for every letter before
    anything is written; a registered-letter number is kept for a registered letter only.
    One audit entry lists the letters, with what each one corrected.
    """
    ensure_editable(assembly)
    if channel not in PAPER_CHANNELS:
        raise ValueError(channel)
    if assembly.opened_at is not None:
        raise RuleViolation(Violation("convocation_after_opening"))
    if not letters:
        raise RuleViolation(Violation("letters_nobody_selected"))
    if problems := queries.convocation_violations(assembly, sent_on):
        raise RuleViolation(problems)
    voters = queries.voter_ids(assembly)
    records = queries.convocation_records(assembly)
    problems = []
    for member, _number in letters:
        record = records.get(member.id)
        if member.cooperative_id != assembly.cooperative_id or member.id not in voters:
            problems.append(Violation("attendance_not_entitled", subject=member.display_name))
        elif record is not None and record.channel == "email":
            problems.append(
                Violation(
                    "convocation_paper_for_email",
                    params={"sent_on": record.sent_on},
                    subject=member.display_name,
                )
            )
    if problems:
        raise RuleViolation(problems)
    written = []
    for member, number in letters:
        record = records.get(member.id)
        before = (
            None if record is None else [record.channel, record.sent_on, record.registered_number]
        )
        record = write_paper_record(
            assembly,
            member,
            record,
            channel=channel,
            sent_on=sent_on,
            registered_number=number,
            by=by,
            now=now,
            audit=False,
        )
        written.append(
            {"member_id": member.id, "number": record.registered_number, "before": before}
        )
    db.session.flush()
    _record(
        "convocation.record_letters",
        assembly,
        assembly,
        by,
        {"assembly_id": assembly.id, "channel": channel, "sent_on": sent_on, "letters": written},
    )
    return len(written)
