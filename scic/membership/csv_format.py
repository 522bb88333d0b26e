"""Read and write the members CSV (FORMATS.md §3), without touching the database.

The reader checks every row against the format and the statutes (known category, minimum shares,
SIREN key, R-CAT-3, R-LA-5) and reports every problem with its line number, the header being
line 1. Checks that need the database (numbers already used, R-LA-1 over the capital timeline)
belong to the import service.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TypeVar

from scic.cooperatives.rules import CategoryKind, is_siren_valid
from scic.core.csv_cells import cell, unguard
from scic.core.violations import Violation
from scic.membership.rules import (
    AuthorityType,
    MemberKind,
    check_member_category,
    is_deliberation_enforceable,
)

#: Every column, in the order the writer uses.
COLUMNS: tuple[str, ...] = (
    "number",
    "kind",
    "name",
    "first_name",
    "category",
    "email",
    "address",
    "siren",
    "authority_type",
    "deliberation_ref",
    "deliberation_date",
    "deliberation_executory_date",
    "representative",
    "representative_email",
    "admitted_on",
    "shares",
)
#: Columns every file must have; the others may be left out.
REQUIRED_COLUMNS: tuple[str, ...] = ("kind", "name", "category", "admitted_on", "shares")
#: Columns that only make sense for a local authority.
_LOCAL_AUTHORITY_COLUMNS = (
    "authority_type",
    "deliberation_ref",
    "deliberation_date",
    "deliberation_executory_date",
)

_E = TypeVar("_E", bound=StrEnum)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_FRENCH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_INTEGER = re.compile(r"^\d+$")


@dataclass(frozen=True)
class MemberRow:
    """One valid member line of the CSV, parsed into exact types."""

    kind: MemberKind
    name: str
    category: str
    admitted_on: date
    shares: int
    number: int | None = None
    first_name: str | None = None
    email: str | None = None
    address: str | None = None
    siren: str | None = None
    authority_type: AuthorityType | None = None
    deliberation_ref: str | None = None
    deliberation_date: date | None = None
    deliberation_executory_date: date | None = None
    #: True when the executory date was absent and taken equal to the deliberation date.
    executory_date_assumed: bool = False
    representative: str | None = None
    representative_email: str | None = None
    #: Line in the file (header is line 1); not part of the member's identity.
    line: int | None = field(default=None, compare=False)


def parse_date(text: str) -> date | None:
    """Parse an ISO ``YYYY-MM-DD`` or French ``DD/MM/YYYY`` date; None when it is neither."""
    text = text.strip()
    if match := _ISO_DATE.match(text):
        year, month, day = match.groups()
    elif match := _FRENCH_DATE.match(text):
        day, month, year = match.groups()
    else:
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _detect_delimiter(header_line: str) -> str:
    """Return ``;`` when the header has more semicolons than commas (French spreadsheets)."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


class _RowReader:
    """Check one line's cells and collect its violations."""

    def __init__(
        self,
        cells: Mapping[str, str],
        line: int,
        categories: Mapping[str, CategoryKind],
        min_shares: Mapping[str, int],
    ) -> None:
        self.cells = cells
        self.line = line
        self.categories = categories
        self.min_shares = min_shares
        self.violations: list[Violation] = []
        self.number: int | None = None

    def problem(self, code: str, column: str, rule: str | None = None, **params: object) -> None:
        self.violations.append(
            Violation(code, rule=rule, params={"column": column, **params}, subject=self.subject)
        )

    @property
    def subject(self) -> str:
        return f"line {self.line}"

    def text(self, column: str) -> str | None:
        value = unguard(self.cells.get(column, "").strip())
        return value or None

    def required(self, column: str) -> str | None:
        value = self.text(column)
        if value is None:
            self.problem("missing_value", column)
        return value

    def day(self, column: str, *, required: bool = False) -> date | None:
        value = self.required(column) if required else self.text(column)
        if value is None:
            return None
        parsed = parse_date(value)
        if parsed is None:
            self.problem("invalid_date", column, value=value)
        return parsed

    def choice(self, column: str, enum: type[_E], *, required: bool = False) -> _E | None:
        value = self.required(column) if required else self.text(column)
        if value is None:
            return None
        try:
            return enum(value)
        except ValueError:
            self.problem(
                "invalid_choice", column, value=value, allowed=", ".join(str(e) for e in enum)
            )
            return None

    def read(self) -> MemberRow | None:
        kind = self.choice("kind", MemberKind, required=True)
        name = self.required("name")
        first_name = self.text("first_name")
        if kind is MemberKind.PERSON and first_name is None:
            self.problem("missing_value", "first_name")

        category = self.required("category")
        if category is not None:
            category_kind = self.categories.get(category)
            if category_kind is None:
                self.problem("unknown_category", "category", value=category)
            elif kind is not None:
                for violation in check_member_category(kind, category_kind):
                    self.problem(violation.code, "category", violation.rule, **violation.params)

        number = self._number()
        email = self._email("email")
        representative_email = self._email("representative_email")
        siren = self._siren()
        authority_type, deliberation = self._local_authority(kind)

        representative = self.text("representative")
        if kind in (MemberKind.LOCAL_AUTHORITY, MemberKind.ORGANISATION) and not representative:
            self.problem("missing_value", "representative")

        admitted_on = self.day("admitted_on", required=True)
        shares = self._shares(category)

        executory = deliberation[2]
        if (
            kind is MemberKind.LOCAL_AUTHORITY
            and admitted_on is not None
            and executory is not None
            and not is_deliberation_enforceable(executory, admitted_on)
        ):
            self.problem(
                "deliberation_not_enforceable",
                "admitted_on",
                "R-LA-5",
                admitted_on=admitted_on,
                executory_date=executory,
            )

        if (
            self.violations
            or kind is None
            or name is None
            or category is None
            or admitted_on is None
            or shares is None
        ):
            return None
        return MemberRow(
            kind=kind,
            name=name,
            category=category,
            admitted_on=admitted_on,
            shares=shares,
            number=number,
            first_name=first_name,
            email=email,
            address=self.text("address"),
            siren=siren,
            authority_type=authority_type,
            deliberation_ref=deliberation[0],
            deliberation_date=deliberation[1],
            deliberation_executory_date=executory,
            executory_date_assumed=deliberation[3],
            representative=representative,
            representative_email=representative_email,
            line=self.line,
        )

    def _number(self) -> int | None:
        value = self.text("number")
        if value is None:
            return None
        if not _INTEGER.match(value) or int(value) < 1:
            self.problem("invalid_number", "number", value=value)
            return None
        self.number = int(value)
        return self.number

    def _email(self, column: str) -> str | None:
        value = self.text(column)
        if value is not None and (value.count("@") != 1 or any(c.isspace() for c in value)):
            self.problem("invalid_email", column, value=value)
        return value

    def _siren(self) -> str | None:
        value = self.text("siren")
        if value is None:
            return None
        # French documents group SIREN digits by three ("912 345 675").
        digits = re.sub(r"[\s\u00a0\u202f]", "", value)
        if not is_siren_valid(digits):
            self.problem("invalid_siren", "siren", value=value)
        return digits

    def _shares(self, category: str | None) -> int | None:
        value = self.required("shares")
        if value is None:
            return None
        if not _INTEGER.match(value) or int(value) < 1:
            self.problem("invalid_shares", "shares", value=value)
            return None
        shares = int(value)
        minimum = self.min_shares.get(category or "", 1)
        if category in self.categories and shares < minimum:
            self.problem(
                "below_min_shares", "shares", shares=shares, min_shares=minimum, category=category
            )
        return shares

    def _local_authority(
        self, kind: MemberKind | None
    ) -> tuple[AuthorityType | None, tuple[str | None, date | None, date | None, bool]]:
        if kind is not MemberKind.LOCAL_AUTHORITY:
            if kind is not None:
                for column in _LOCAL_AUTHORITY_COLUMNS:
                    if self.text(column) is not None:
                        self.problem("value_not_allowed", column, kind=str(kind))
            return None, (None, None, None, False)
        authority_type = self.choice("authority_type", AuthorityType, required=True)
        reference = self.required("deliberation_ref")
        deliberation_date = self.day("deliberation_date", required=True)
        executory = self.day("deliberation_executory_date")
        assumed = False
        if self.text("deliberation_executory_date") is None:
            # FORMATS.md §3: taken equal to the deliberation date, marked as assumed.
            executory, assumed = deliberation_date, deliberation_date is not None
        elif (
            executory is not None
            and deliberation_date is not None
            and executory < deliberation_date
        ):
            self.problem(
                "executory_before_deliberation",
                "deliberation_executory_date",
                executory_date=executory,
                deliberation_date=deliberation_date,
            )
        return authority_type, (reference, deliberation_date, executory, assumed)


def read_members_csv(
    text: str,
    categories: Mapping[str, CategoryKind],
    min_shares: Mapping[str, int],
) -> tuple[list[MemberRow], list[Violation]]:
    """Read a members CSV and return its rows and every problem found, each naming its line.

    UTF-8 text with or without BOM, comma or semicolon separated, ISO or French dates. The import
    is all-or-nothing: callers import the rows only when the violation list is empty (the rows
    returned are the lines that passed, for display). Each
    violation's subject is ``"line N"`` (header is line 1) and its params name the ``column``.
    """
    text = text.removeprefix("\ufeff")
    header_line = text.split("\n", 1)[0]
    if not header_line.strip():
        return [], [Violation("empty_file", subject="line 1")]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_detect_delimiter(header_line))
    header = [cell.strip().lower() for cell in next(reader)]

    violations: list[Violation] = []
    seen: set[str] = set()
    for column in header:
        if column not in COLUMNS:
            violations.append(
                Violation("unknown_column", params={"column": column}, subject="line 1")
            )
        elif column in seen:
            violations.append(
                Violation("duplicate_column", params={"column": column}, subject="line 1")
            )
        seen.add(column)
    violations += [
        Violation("missing_column", params={"column": column}, subject="line 1")
        for column in REQUIRED_COLUMNS
        if column not in seen
    ]
    if violations:
        return [], violations

    rows: list[MemberRow] = []
    numbers: dict[int, int] = {}
    line = reader.line_num
    for cells in reader:
        start, line = line + 1, reader.line_num
        if not any(cell.strip() for cell in cells):
            continue  # blank lines, often left at the end by spreadsheets
        if len(cells) != len(header):
            violations.append(
                Violation(
                    "wrong_cell_count",
                    params={"column": "", "expected": len(header), "found": len(cells)},
                    subject=f"line {start}",
                )
            )
            continue
        row_reader = _RowReader(
            dict(zip(header, cells, strict=True)), start, categories, min_shares
        )
        row = row_reader.read()
        violations += row_reader.violations
        number = row_reader.number
        if number is not None:
            if number in numbers:
                violations.append(
                    Violation(
                        "duplicate_number",
                        params={
                            "column": "number",
                            "number": number,
                            "first_line": numbers[number],
                        },
                        subject=f"line {start}",
                    )
                )
            else:
                numbers[number] = start
        if row is not None:
            rows.append(row)
    return rows, violations


def write_members_csv(rows: Iterable[MemberRow]) -> str:
    """Return the members CSV of the rows: semicolons, ISO dates, BOM, for French spreadsheets.

    Every column is present. An assumed executory date is left empty, so reading the file back
    marks it as assumed again. Cells that a spreadsheet would run as a formula are prefixed with
    an apostrophe, which the reader removes.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        values = {name: getattr(row, name) for name in COLUMNS}
        if row.executory_date_assumed:
            values["deliberation_executory_date"] = None
        writer.writerow([cell(values[name]) for name in COLUMNS])
    return "\ufeff" + buffer.getvalue()
