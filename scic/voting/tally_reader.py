"""Read the ``scic-tally/1`` exchange format (``scic.voting.tally_format`` re-exports it).

Pure (standard library, jsonschema and ``rules`` modules only). The shipped JSON Schema
(``scic/schemas/scic-tally-1.schema.json``) checks the shapes: types, required and unknown
fields, counts, rule values, fraction strings, the optional ``assembly`` block. This module words
each schema error for FORMATS.md §1 (the same codes and subjects, in document order) and adds
what a schema cannot say: blank identifiers, zero denominators, majority thresholds strictly
between 0 and 1, duplicate codes and ids, a ballot's college missing from the list, and the
consistency of the assembly block against the law (``assembly_rules``, R-AG-11, R-AG-12).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

from scic.cooperatives.rules import AssemblyKind, LegalForm
from scic.core.percent import from_percent
from scic.core.violations import Violation
from scic.voting.assembly_rules import (
    CollegeTurnout,
    Turnout,
    check_ballots_within_turnout,
    check_majority,
    check_turnout,
)
from scic.voting.rules import (
    SHORTHANDS,
    SIMPLE,
    AbstentionRule,
    CollegeCount,
    CollegeWeight,
    Majority,
    MajorityKind,
    Method,
    SilentCollegeRule,
    VotingSettings,
)

FORMAT = "scic-tally/1"
RESULT_FORMAT = "scic-tally-result/1"

# The exact-number strings the format accepts: what Fraction() parses, minus spaces and "_"
# separators (the shipped JSON Schema's "fraction" pattern; a test checks that they agree).
FRACTION_PATTERN = r"^[+-]?(\d+/\d+|\d+(\.\d*)?([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?)$"
_FRACTION_RE = re.compile(FRACTION_PATTERN)
SCHEMA_FILE = "scic-tally-1.schema.json"
_COUNT_KEYS = ("for", "against", "abstain", "blank", "void")

_Path = tuple[str | int, ...]


@dataclass(frozen=True)
class TallyCollege:
    """A college of the file: code, display name and weight as an exact fraction of 1."""

    code: str
    weight: Fraction
    name: str | None = None

    def as_weight(self) -> CollegeWeight:
        """Return the weight the tally rules work with."""
        return CollegeWeight(self.code, self.weight)


@dataclass(frozen=True)
class TallyResolution:
    """A resolution of the file with its counts (blank and void already added to abstain)."""

    id: str
    ballots: tuple[CollegeCount, ...] = ()
    majority: Majority = SIMPLE
    title: str | None = None


@dataclass(frozen=True)
class TallyFile:
    """The whole of a ``scic-tally/1`` file, validated."""

    colleges: tuple[TallyCollege, ...] = ()
    rules: VotingSettings = field(default_factory=VotingSettings)
    resolutions: tuple[TallyResolution, ...] = ()
    cooperative: str | None = None
    #: The optional ``assembly`` block (R-AG-11, R-AG-12): None when the file has none.
    assembly: Turnout | None = None

    def weights(self) -> tuple[CollegeWeight, ...]:
        """Return the colleges' weights, in file order."""
        return tuple(college.as_weight() for college in self.colleges)


def _show(value: object) -> str:
    """Render an offending JSON value for a message, quoted as the user wrote it."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


@cache
def tally_schema() -> dict[str, Any]:
    """Return the JSON Schema of ``scic-tally/1`` shipped in ``scic/schemas``."""
    text = resources.files("scic").joinpath("schemas", SCHEMA_FILE).read_text(encoding="utf-8")
    return json.loads(text)


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(tally_schema())


# --- Where a problem is: the subject of its line, and its place in the report ----------------

#: Order of the fields in the report (the order a reader of the file meets them); unknown keys
#: come right after an object's identifier.
_FIELD_ORDER = {
    "format": 0,
    "cooperative": 2,
    "rules": 3,
    "colleges": 4,
    "resolutions": 5,
    "assembly": 6,
    "code": 0,
    "id": 0,
    "college": 0,
    "method": 2,
    "abstentions": 3,
    "silent_college": 4,
    "name": 2,
    "title": 2,
    "weight": 3,
    "majority": 3,
    "ballots": 4,
    **{key: 3 + n for n, key in enumerate(_COUNT_KEYS)},
    "legal_form": 2,
    "kind": 3,
    "call": 4,
    "members": 5,
    "participating": 6,
    "quorum": 7,
}
_UNKNOWN_KEY_RANK = 1
#: Checks made once an object's fields are read (duplicates): after its fields.
_AFTER_FIELDS = 99


def _rank(path: _Path) -> tuple[int, ...]:
    return tuple(
        part if isinstance(part, int) else _FIELD_ORDER.get(part, _UNKNOWN_KEY_RANK)
        for part in path
    )


def _text(value: object) -> str | None:
    """An identifier the file gives (a non-blank string), or None."""
    return value if isinstance(value, str) and value.strip() else None


def _item(data: object, *path: str | int) -> object:
    for part in path:
        try:
            data = data[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _subject(data: Mapping[str, object], path: _Path) -> str | None:
    """Name what is at fault: ``"rules"``, ``"PROD"``, ``"R1"``, ``"R1 / PROD"``..."""
    if not path or not isinstance(path[0], str):
        return None
    if path[0] == "rules":
        return "rules"
    if path[0] == "assembly":
        if len(path) < 3 or path[1] != "colleges" or not isinstance(path[2], int):
            return "assembly"
        code = _text(_item(data, "assembly", "colleges", path[2], "code"))
        return f"assembly / {code or f'college {path[2] + 1}'}"
    if len(path) < 2 or not isinstance(path[1], int):
        return None
    index = path[1]
    if path[0] == "colleges":
        return _text(_item(data, "colleges", index, "code")) or f"college {index + 1}"
    if path[0] != "resolutions":
        return None
    resolution = _text(_item(data, "resolutions", index, "id")) or f"resolution {index + 1}"
    if len(path) < 4 or path[2] != "ballots" or not isinstance(path[3], int):
        return resolution
    college = _text(_item(data, "resolutions", index, "ballots", path[3], "college"))
    return f"{resolution} / {college or f'ballot {path[3] + 1}'}"


def _field(path: _Path) -> str:
    """The field a line names: its key, or what an item of a list is."""
    last = path[-1] if path else None
    if isinstance(last, str):
        return last
    if not path:
        return "file"
    return {"colleges": "college", "resolutions": "resolution", "ballots": "ballot"}[path[-2]]


class _Report:
    """The violations of one file, each at its place in the document."""

    def __init__(self, data: Mapping[str, object]) -> None:
        self.data = data
        self.lines: list[tuple[tuple[int, ...], int, Violation]] = []

    def add(self, code: str, path: _Path, /, *, after: int = 0, **params: object) -> None:
        violation = Violation(code, params=params, subject=_subject(self.data, path))
        self.lines.append(((*_rank(path), after), len(self.lines), violation))

    def extend(self, violations: Iterable[Violation], path: _Path) -> None:
        """Violations found by a rule, reported at ``path`` (after its own fields)."""
        for violation in violations:
            self.lines.append(((*_rank(path), _AFTER_FIELDS), len(self.lines), violation))

    def has_problems_under(self, prefix: _Path) -> bool:
        rank = _rank(prefix)
        return any(position[: len(rank)] == rank for position, _, _ in self.lines)

    def violations(self) -> list[Violation]:
        return [violation for *_, violation in sorted(self.lines, key=lambda line: line[:2])]


# --- Schema errors → violations ---------------------------------------------------------------

_TYPE_NAMES = {"object": "object", "array": "list", "string": "string"}


_HEADS = ("members", "participating")


def _is_count(path: _Path) -> bool:
    """A number of ballots or of members (the assembly block's heads)."""
    if path[:1] == ("assembly",):
        return path[-1] in _HEADS and len(path) in (2, 4)
    return len(path) == 5 and path[2] == "ballots" and path[4] in _COUNT_KEYS


def _is_fraction(path: _Path) -> bool:
    return (
        (len(path) == 3 and path[0] == "colleges" and path[2] == "weight")
        or (len(path) == 4 and path[2] == "majority")
        or path == ("assembly", "quorum")
    )


def _fraction_field(path: _Path) -> str:
    if path == ("assembly", "quorum"):
        return "quorum"
    return f"majority.{path[3]}" if path[2] == "majority" else "weight"


def _schema_error(report: _Report, error: ValidationError) -> None:
    """Report one error of the schema in the words of the format (FORMATS.md §1)."""
    path: _Path = tuple(error.absolute_path)
    kind, value = error.validator, error.instance
    if _is_count(path) and kind in ("type", "minimum"):
        report.add("tally_bad_count", path, field=path[-1], value=_show(value))
    elif _is_fraction(path) and kind in ("type", "pattern"):
        report.add("tally_bad_fraction", path, field=_fraction_field(path), value=_show(value))
    elif kind == "not":  # a sign (a value that is not a number is reported above)
        if not isinstance(value, str) or not _FRACTION_RE.match(value):
            pass
        elif path == ("assembly", "quorum"):
            report.add("tally_bad_fraction", path, field="quorum", value=_show(value))
        else:
            report.add("tally_negative_weight", path, weight=_show(value))
    elif kind == "enum" and path == ("assembly", "call"):
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            report.add("tally_bad_call", path, call=_show(value))
        else:
            report.add("tally_bad_count", path, field="call", value=_show(value))
    elif kind == "type":
        expected = _TYPE_NAMES.get(str(error.validator_value), str(error.validator_value))
        report.add("tally_wrong_type", path, field=_field(path), expected=expected)
    elif kind == "required":
        for key in error.validator_value:
            if key not in value:
                report.add("tally_missing_field", (*path, key), field=key)
    elif kind == "minLength":
        report.add("tally_missing_field", path, field=_field(path))
    elif kind == "additionalProperties":
        known = error.schema.get("properties", {})
        for key in value:
            if key not in known:
                report.add("tally_unknown_key", (*path, key), key=str(key))
    elif kind == "enum" and path[:1] in (("rules",), ("assembly",)):
        allowed = ", ".join(error.validator_value)
        report.add(
            "tally_unknown_rule_value", path, field=path[-1], value=_show(value), allowed=allowed
        )
    elif kind == "oneOf":  # the majority: a shorthand, or {"more_than" | "at_least": fraction}
        _majority_error(report, path, value)
    else:  # a constraint of the schema without a message of its own
        report.add("tally_invalid_value", path, field=_field(path), value=_show(value))


def _majority_error(report: _Report, path: _Path, value: object) -> None:
    if isinstance(value, Mapping) and len(value) == 1:
        ((kind, raw),) = value.items()
        if kind in {k.value for k in MajorityKind}:
            report.add(
                "tally_bad_fraction", (*path, kind), field=f"majority.{kind}", value=_show(raw)
            )
            return
    report.add("tally_bad_majority", path, value=_show(value))


# --- What a schema cannot say -------------------------------------------------------------------


def _fraction(report: _Report, raw: object, path: _Path) -> Fraction | None:
    """A fraction the schema accepted, or None (reported) when it divides by zero."""
    if not isinstance(raw, str) or not _FRACTION_RE.match(raw):
        return None  # reported by the schema
    try:
        return Fraction(raw)
    except ZeroDivisionError:
        report.add("tally_bad_fraction", path, field=_fraction_field(path), value=_show(raw))
        return None


def _majority(report: _Report, raw: object, path: _Path) -> Majority | None:
    if raw is None:
        return SIMPLE
    if isinstance(raw, str):
        return SHORTHANDS.get(raw)
    if not isinstance(raw, Mapping) or len(raw) != 1:
        return None
    ((kind, value),) = raw.items()
    if kind not in {k.value for k in MajorityKind}:
        return None
    threshold = _fraction(report, value, (*path, kind))
    if threshold is None:
        return None
    if not 0 < threshold < 1:
        report.add("tally_majority_out_of_range", path, threshold=_show(value))
        return None
    return Majority(MajorityKind(kind), threshold)


def _required_text(report: _Report, raw: Mapping, key: str, path: _Path) -> str | None:
    """An identifier: the schema refuses a missing or empty one, this a blank one."""
    value = raw.get(key)
    if isinstance(value, str) and value and not value.strip():
        report.add("tally_missing_field", (*path, key), field=key)
    return _text(value)


def _colleges(report: _Report, raw: object) -> tuple[list[TallyCollege], set[str]]:
    """The colleges, and every code listed (even with a bad weight), to check ballots."""
    colleges: list[TallyCollege] = []
    seen: set[str] = set()
    for index, item in enumerate(raw if isinstance(raw, list) else ()):
        if not isinstance(item, Mapping):
            continue
        path = ("colleges", index)
        code = _required_text(report, item, "code", path)
        percent = _fraction(report, item.get("weight"), (*path, "weight"))
        if code is not None and code in seen:
            report.add("tally_duplicate_college", path, after=_AFTER_FIELDS, code=code)
        elif code is not None and percent is not None and percent >= 0:
            name = item.get("name")
            colleges.append(
                TallyCollege(code, from_percent(percent), name if isinstance(name, str) else None)
            )
        if code is not None:
            seen.add(code)
    return colleges, seen


def _resolutions(
    report: _Report, raw: object, codes: set[str] | None, *, college_required: bool
) -> list[TallyResolution]:
    resolutions: list[TallyResolution] = []
    seen: set[str] = set()
    for index, item in enumerate(raw if isinstance(raw, list) else ()):
        if not isinstance(item, Mapping):
            continue
        path = ("resolutions", index)
        resolution_id = _required_text(report, item, "id", path)
        majority = _majority(report, item.get("majority"), (*path, "majority"))
        ballots = []
        raw_ballots = item.get("ballots")
        for number, ballot in enumerate(raw_ballots if isinstance(raw_ballots, list) else ()):
            if not isinstance(ballot, Mapping):
                continue
            ballot_path = (*path, "ballots", number)
            code = ballot.get("college")
            if college_required:
                code = _required_text(report, ballot, "college", ballot_path)
            if isinstance(code, str) and codes is not None and code not in codes:
                report.add(
                    "tally_unknown_college", (*ballot_path, "college"), after=1, college=code
                )
            counts = {
                key: _count(report, ballot.get(key, 0), (*ballot_path, key)) for key in _COUNT_KEYS
            }
            if None not in counts.values():
                ballots.append(
                    CollegeCount.of(
                        code if isinstance(code, str) else None,
                        for_=counts["for"],
                        against=counts["against"],
                        abstain=counts["abstain"],
                        blank=counts["blank"],
                        void=counts["void"],
                    )
                )
        if resolution_id is not None and resolution_id in seen:
            report.add("tally_duplicate_resolution", path, after=_AFTER_FIELDS, id=resolution_id)
        if resolution_id is not None:
            seen.add(resolution_id)
        if resolution_id is not None and majority is not None:
            title = item.get("title")
            resolutions.append(
                TallyResolution(
                    resolution_id,
                    tuple(ballots),
                    majority,
                    title if isinstance(title, str) else None,
                )
            )
    return resolutions


def _rules(raw: object) -> VotingSettings | None:
    """The counting settings; absent or null settings take the R-TAL-2 defaults."""
    if raw is None:
        return VotingSettings()
    if not isinstance(raw, Mapping):
        return None
    default = VotingSettings()
    try:
        return VotingSettings(
            Method(raw.get("method") or default.method),
            AbstentionRule(raw.get("abstentions") or default.abstentions),
            SilentCollegeRule(raw.get("silent_college") or default.silent_college),
        )
    except ValueError:
        return None  # reported by the schema


def _without_nulls(value: object) -> object:
    if isinstance(value, Mapping):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def _count(report: _Report, value: object, path: _Path) -> int | None:
    """A count the schema accepted; JSON Schema takes 2.0 for an integer, votes are not."""
    if isinstance(value, float):
        if value.is_integer() and value >= 0:  # otherwise the schema reported it
            report.add("tally_bad_count", path, field=path[-1], value=_show(value))
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return None  # reported by the schema


def read_tally_text(text: str | bytes) -> tuple[TallyFile | None, list[Violation]]:
    """Parse JSON text, then read it as :func:`read_tally` does; bad JSON is one violation."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        line = getattr(error, "lineno", None)
        column = getattr(error, "colno", None)
        return None, [Violation("tally_not_json", params={"line": line, "column": column})]
    return read_tally(data)


def read_tally(data: object) -> tuple[TallyFile | None, list[Violation]]:
    """Read decoded ``scic-tally/1`` JSON into a :class:`TallyFile`, reporting every problem.

    The shipped JSON Schema checks the shapes (types, required and unknown fields, counts, rule
    values, fraction strings); what it cannot say is checked here (blank identifiers, a zero
    denominator, a majority threshold strictly between 0 and 1, duplicate codes and ids, a
    ballot's college missing from the list). Returns ``(file, [])`` or ``(None, violations)``:
    violations have no rule ID (format problems, status 2), come in document order, and name
    what is at fault in ``subject`` (``"R1 / PROD"``, ``"rules"``...). Legal checks of the
    colleges are apart, in :func:`legal_violations`.
    """
    if not isinstance(data, Mapping):
        return None, [Violation("tally_wrong_type", params={"field": "file", "expected": "object"})]
    if data.get("format") != FORMAT:
        # Another format or version: its other fields would only produce noise.
        params = {"format": _show(data.get("format")), "expected": FORMAT}
        return None, [Violation("tally_unknown_format", params=params)]
    data = _without_nulls(data)  # null reads as absent: the default, or a missing field
    report = _Report(data)
    for error in _validator().iter_errors(data):
        _schema_error(report, error)
    rules = _rules(data.get("rules"))
    headcount = rules is not None and rules.method is Method.HEADCOUNT
    colleges, codes = _colleges(report, data.get("colleges"))
    # Without a list of colleges there is nothing to check ballots against: under headcount a
    # ballot's college is only a label, otherwise the missing list is the one problem to report.
    resolutions = _resolutions(
        report,
        data.get("resolutions"),
        codes if "colleges" in data else None,
        college_required=not headcount,
    )
    assembly = None
    if "assembly" in data and not report.has_problems_under(("assembly",)):
        assembly = _assembly(data["assembly"])
        report.extend(_assembly_violations(assembly, sorted(codes), resolutions), ("assembly",))
    if violations := report.violations():
        return None, violations
    cooperative = data.get("cooperative")
    return (
        TallyFile(
            colleges=tuple(colleges),
            rules=rules or VotingSettings(),
            resolutions=tuple(resolutions),
            cooperative=cooperative if isinstance(cooperative, str) else None,
            assembly=assembly,
        ),
        [],
    )


def _assembly(raw: Mapping[str, Any]) -> Turnout:
    """The ``assembly`` block, once the schema accepted it: how the assembly was held."""
    quorum = raw.get("quorum")
    return Turnout(
        legal_form=LegalForm(raw["legal_form"]),
        kind=AssemblyKind(raw["kind"]),
        call=raw["call"],
        members=raw["members"],
        participating=raw["participating"],
        quorum=None if quorum is None else Fraction(quorum),
        colleges=tuple(
            CollegeTurnout(c["code"], c["members"], c["participating"])
            for c in raw.get("colleges", ())
        ),
    )


def _assembly_violations(
    assembly: Turnout, college_codes: Sequence[str], resolutions: Sequence[TallyResolution]
) -> list[Violation]:
    """Consistency of the block, the statutory quorum and each majority against the law."""
    violations = list(check_turnout(assembly, college_codes))
    for resolution in resolutions:
        violations += check_majority(assembly, resolution.majority, subject=resolution.id)
        violations += check_ballots_within_turnout(
            assembly, resolution.ballots, subject=resolution.id
        )
    return violations
