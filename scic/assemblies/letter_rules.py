"""Pure rules for paper convocations recorded in bulk: registered-letter numbers (§6.6 step 4).

The secretary records "letters sent on <date>" for many members at once, with the
registered-letter numbers pasted (one per line, matched with the selected members in the
order of the list, or ``member;number`` lines) or imported from a CSV file. These functions
read the text and pair each number with a member; every problem names its line, and a caller
writes nothing while there is one.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from scic.core.violations import Violation

#: The longest registered-letter number stored (``ConvocationRecord.registered_number``).
MAX_NUMBER_LENGTH = 64
#: Separators of a ``member;number`` line (a spreadsheet column pasted gives a tab).
SEPARATORS = (";", "\t", ",")
#: Columns of the CSV import: the member's number in the register, the letter's number.
CSV_MEMBER_COLUMNS = ("member", "member_number", "numero_associe", "associe")
CSV_NUMBER_COLUMNS = ("registered_number", "numero_recommande", "recommande")

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class LetterLine:
    """One line read: its line number, the member as written (None: matched by order), and
    the registered-letter number."""

    line: int
    member: str | None
    number: str


def _split(line: str) -> tuple[str | None, str]:
    for separator in SEPARATORS:
        if separator in line:
            member, _, number = line.partition(separator)
            return member.strip(), number.strip()
    return None, line.strip()


def _check_number(line: int, number: str) -> list[Violation]:
    if not number:
        return [Violation("letters_number_missing", params={"line": line})]
    if len(number) > MAX_NUMBER_LENGTH:
        return [
            Violation("letters_number_too_long", params={"line": line, "max": MAX_NUMBER_LENGTH})
        ]
    return []


def read_pasted_numbers(text: str) -> tuple[list[LetterLine], list[Violation]]:
    """Read pasted registered-letter numbers: one per line, or ``member;number`` lines.

    Blank lines are skipped but counted, so that a problem names the line the secretary sees.
    A line is ``NUMBER`` (matched by order with the selection) or ``MEMBER;NUMBER`` (the
    member's number in the register; a tab or a comma also separates). Mixing both kinds is
    refused: the order would mean nothing.
    """
    lines: list[LetterLine] = []
    problems: list[Violation] = []
    for index, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        member, number = _split(raw)
        if member is not None and not member:
            problems.append(Violation("letters_member_missing", params={"line": index}))
            continue
        problems += _check_number(index, number)
        lines.append(LetterLine(index, member, number))
    keyed = {line.member is not None for line in lines}
    if len(keyed) > 1:
        problems.append(Violation("letters_mixed_lines"))
    return lines, problems


def read_letters_csv(text: str) -> tuple[list[LetterLine], list[Violation]]:
    """Read a CSV of registered letters: a header line, then ``member;registered_number``.

    UTF-8 (a BOM is accepted), comma or semicolon separated, like the members CSV (FORMATS §3);
    ``member`` is the member's number in the register. Line 1 is the header, so the first
    letter is on line 2, as a spreadsheet numbers it.
    """
    text = text.removeprefix("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        return [], [Violation("letters_csv_empty")]
    header = [cell.strip().lower() for cell in rows[0]]
    member_column = next((header.index(c) for c in CSV_MEMBER_COLUMNS if c in header), None)
    number_column = next((header.index(c) for c in CSV_NUMBER_COLUMNS if c in header), None)
    if member_column is None or number_column is None:
        return [], [Violation("letters_csv_header", params={"found": ", ".join(header)})]
    lines: list[LetterLine] = []
    problems: list[Violation] = []
    for index, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = row + [""] * (max(member_column, number_column) + 1 - len(row))
        member, number = cells[member_column].strip(), cells[number_column].strip()
        if not member:
            problems.append(Violation("letters_member_missing", params={"line": index}))
            continue
        problems += _check_number(index, number)
        lines.append(LetterLine(index, member, number))
    if not lines and not problems:
        problems.append(Violation("letters_csv_empty"))
    return lines, problems


def match_letters(
    lines: Sequence[LetterLine],
    selected: Sequence[K],
    recipients: Mapping[str, K],
) -> tuple[list[tuple[K, str]], list[Violation]]:
    """Pair each registered-letter number with a member; return the pairs and the problems.

    ``selected`` are the members ticked (or every member of the filter), in the list's order;
    ``recipients`` maps a member's number in the register to the member, for every member to
    convene by post. Without lines, every selected member gets a letter without number. Lines
    without a member are matched by order with ``selected`` and must be exactly as many;
    ``member;number`` lines name their members, who must be convened by post, once each. A
    registered-letter number is used once.
    """
    if not lines:
        return [(key, "") for key in selected], []
    problems: list[Violation] = []
    pairs: list[tuple[K, str]] = []
    if all(line.member is None for line in lines):
        if len(lines) != len(selected):
            return [], [
                Violation(
                    "letters_count_mismatch",
                    params={"numbers": len(lines), "selected": len(selected)},
                )
            ]
        pairs = [(key, line.number) for key, line in zip(selected, lines, strict=True)]
    else:
        seen_members: dict[K, int] = {}
        for line in lines:
            key = recipients.get((line.member or "").lstrip("0") or "0")
            if key is None:
                problems.append(
                    Violation(
                        "letters_member_unknown", params={"line": line.line, "member": line.member}
                    )
                )
                continue
            if key in seen_members:
                problems.append(
                    Violation(
                        "letters_member_twice",
                        params={"line": line.line, "first": seen_members[key]},
                    )
                )
                continue
            seen_members[key] = line.line
            pairs.append((key, line.number))
    seen_numbers: dict[str, int] = {}
    for line in lines:
        if not line.number:
            continue
        if line.number in seen_numbers:
            problems.append(
                Violation(
                    "letters_number_twice",
                    params={"line": line.line, "first": seen_numbers[line.number]},
                )
            )
        else:
            seen_numbers[line.number] = line.line
    return ([] if problems else pairs), problems


def member_key(number: int) -> str:
    """How ``match_letters`` looks a member's register number up (``"0042"`` is 42)."""
    return str(number).lstrip("0") or "0"
