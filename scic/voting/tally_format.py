"""Read and write the ``scic-tally/1`` exchange format and its ``scic-tally-result/1`` output.

Pure (standard library and ``scic.voting.rules`` only): the ``scic tally`` command, the export of
closed assemblies and the tests share it. The reader collects every problem before giving up, each
naming its resolution and college (``"R1 / PROD"``), so a secretary fixes a file in one pass.
Format problems (status 2) and colleges that break the law (status 3, R-COL-1 to R-COL-3) are
reported by two separate functions: :func:`read_tally` and :func:`legal_violations`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from typing import TypeVar

from scic.cooperatives.rules import AssemblyKind, LegalForm
from scic.core.violations import Violation
from scic.voting.assembly_rules import (
    CollegeTurnout,
    Turnout,
    applicable_quorum,
    check_ballots_within_turnout,
    check_majority,
    check_turnout,
    deliberate,
    quorum_of,
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
    ResolutionResult,
    SilentCollegeRule,
    TallyRules,
    check_colleges,
    compute_tally,
    percent_half_up,
)

FORMAT = "scic-tally/1"
RESULT_FORMAT = "scic-tally-result/1"

# The exact-number strings the format accepts: what Fraction() parses, minus spaces and "_"
# separators, so the shipped JSON Schema and this reader agree on every value.
FRACTION_PATTERN = r"^[+-]?(\d+/\d+|\d+(\.\d*)?([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?)$"
_FRACTION_RE = re.compile(FRACTION_PATTERN)

# Unknown keys are refused: a misspelt "abstention" silently falling back to a default would
# change results without anybody noticing.
_TOP_KEYS = frozenset({"format", "cooperative", "colleges", "rules", "resolutions", "assembly"})
_ASSEMBLY_KEYS = frozenset(
    {"legal_form", "kind", "call", "members", "participating", "quorum", "colleges"}
)
_TURNOUT_KEYS = frozenset({"code", "members", "participating"})
_COLLEGE_KEYS = frozenset({"code", "name", "weight"})
_RULE_KEYS = frozenset({"method", "abstentions", "silent_college"})
_RESOLUTION_KEYS = frozenset({"id", "title", "majority", "ballots"})
_COUNT_KEYS = ("for", "against", "abstain", "blank", "void")
_BALLOT_KEYS = frozenset({"college", *_COUNT_KEYS})

_E = TypeVar("_E", bound=StrEnum)


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
    rules: TallyRules = field(default_factory=TallyRules)
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


class _Reader:
    """Collect every violation of one file; each helper returns None when the value is bad."""

    def __init__(self) -> None:
        self.violations: list[Violation] = []

    def add(self, code: str, subject: str | None, /, **params: object) -> None:
        self.violations.append(Violation(code, params=params, subject=subject))

    def obj(self, value: object, subject: str | None, name: str) -> Mapping[str, object] | None:
        if isinstance(value, Mapping):
            return value
        self.add("tally_wrong_type", subject, field=name, expected="object")
        return None

    def keys(
        self, value: Mapping[str, object], allowed: frozenset[str], subject: str | None
    ) -> None:
        for key in value:
            if key not in allowed:
                self.add("tally_unknown_key", subject, key=str(key))

    def list_(self, value: object, subject: str | None, name: str) -> Sequence[object] | None:
        if isinstance(value, list):
            return value
        self.add("tally_wrong_type", subject, field=name, expected="list")
        return None

    def text(self, value: object, subject: str | None, name: str, *, required: bool) -> str | None:
        if value is None and not required:
            return None
        if value is None or (required and isinstance(value, str) and not value.strip()):
            self.add("tally_missing_field", subject, field=name)
        elif not isinstance(value, str):
            self.add("tally_wrong_type", subject, field=name, expected="string")
        else:
            return value
        return None

    def fraction(self, value: object, subject: str | None, name: str) -> Fraction | None:
        if value is None:
            self.add("tally_missing_field", subject, field=name)
            return None
        if isinstance(value, str) and _FRACTION_RE.match(value):
            try:
                return Fraction(value)
            except ZeroDivisionError:
                pass
        self.add("tally_bad_fraction", subject, field=name, value=_show(value))
        return None

    def choice(self, value: object, enum: type[_E], name: str, default: _E) -> _E | None:
        if value is None:
            return default
        allowed = [member.value for member in enum]
        if isinstance(value, str) and value in allowed:
            return enum(value)
        self.add(
            "tally_unknown_rule_value",
            "rules",
            field=name,
            value=_show(value),
            allowed=", ".join(allowed),
        )
        return None

    def enum(self, value: object, enum: type[_E], subject: str, name: str) -> _E | None:
        allowed = [member.value for member in enum]
        if isinstance(value, str) and value in allowed:
            return enum(value)
        if value is None:
            self.add("tally_missing_field", subject, field=name)
        else:
            self.add(
                "tally_unknown_rule_value",
                subject,
                field=name,
                value=_show(value),
                allowed=", ".join(allowed),
            )
        return None

    def required_count(self, value: object, subject: str, name: str) -> int | None:
        if value is None:
            self.add("tally_missing_field", subject, field=name)
            return None
        return self.count(value, subject, name)

    def count(self, value: object, subject: str, name: str) -> int | None:
        if value is None:
            return 0
        # bool is an int in Python; "true" is not a number of votes.
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        self.add("tally_bad_count", subject, field=name, value=_show(value))
        return None

    def majority(self, value: object, subject: str) -> Majority | None:
        if value is None:
            return SIMPLE
        if isinstance(value, str):
            if value in SHORTHANDS:
                return SHORTHANDS[value]
        elif isinstance(value, Mapping) and len(value) == 1:
            ((kind, raw),) = value.items()
            if kind in {k.value for k in MajorityKind}:
                threshold = self.fraction(raw, subject, f"majority.{kind}")
                if threshold is None:
                    return None
                if not 0 < threshold < 1:
                    self.add("tally_majority_out_of_range", subject, threshold=_show(raw))
                    return None
                return Majority(MajorityKind(kind), threshold)
        self.add("tally_bad_majority", subject, value=_show(value))
        return None


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

    Returns ``(file, [])`` or ``(None, violations)``. Violations have no rule ID (they are format
    problems, status 2) and name what is at fault in ``subject``: ``"R1 / PROD"``, ``"rules"``...
    Legal checks of the colleges are apart, in :func:`legal_violations`.
    """
    reader = _Reader()
    top = reader.obj(data, None, "file")
    if top is None:
        return None, reader.violations
    if top.get("format") != FORMAT:
        # Another format or version: its other fields would only produce noise.
        reader.add("tally_unknown_format", None, format=_show(top.get("format")), expected=FORMAT)
        return None, reader.violations
    reader.keys(top, _TOP_KEYS, None)
    cooperative = reader.text(top.get("cooperative"), None, "cooperative", required=False)

    rules = _read_rules(reader, top.get("rules"))
    headcount = rules is not None and rules.method is Method.HEADCOUNT
    colleges, codes = _read_colleges(reader, top.get("colleges"), required=not headcount)
    # Without a list of colleges there is nothing to check ballots against: under headcount a
    # ballot's college is only a label, otherwise the missing list is the one problem to report.
    check_codes = "colleges" in top

    resolutions: list[TallyResolution] = []
    raw_resolutions = top.get("resolutions")
    if raw_resolutions is None:
        reader.add("tally_missing_field", None, field="resolutions")
    elif (items := reader.list_(raw_resolutions, None, "resolutions")) is not None:
        seen: set[str] = set()
        for index, raw in enumerate(items, start=1):
            resolution = _read_resolution(
                reader, raw, index, codes if check_codes else None, college_required=not headcount
            )
            if resolution is None:
                continue
            if resolution.id in seen:
                reader.add("tally_duplicate_resolution", resolution.id, id=resolution.id)
            seen.add(resolution.id)
            resolutions.append(resolution)

    assembly = None
    if "assembly" in top:
        assembly = _read_assembly(reader, top["assembly"])
        if assembly is not None:
            _check_assembly(reader, assembly, sorted(codes), resolutions)

    if reader.violations or rules is None:
        return None, reader.violations
    return (
        TallyFile(
            colleges=tuple(colleges),
            rules=rules,
            resolutions=tuple(resolutions),
            cooperative=cooperative,
            assembly=assembly,
        ),
        [],
    )


def _read_assembly(reader: _Reader, value: object) -> Turnout | None:
    """Read the optional ``assembly`` block: how the assembly part was held (FORMATS.md §1)."""
    subject = "assembly"
    raw = reader.obj(value, subject, "assembly")
    if raw is None:
        return None
    before = len(reader.violations)
    reader.keys(raw, _ASSEMBLY_KEYS, subject)
    legal_form = reader.enum(raw.get("legal_form"), LegalForm, subject, "legal_form")
    kind = reader.enum(raw.get("kind"), AssemblyKind, subject, "kind")
    call = reader.required_count(raw.get("call"), subject, "call")
    if call is not None and call not in (1, 2):
        reader.add("tally_bad_call", subject, call=_show(raw.get("call")))
    members = reader.required_count(raw.get("members"), subject, "members")
    participating = reader.required_count(raw.get("participating"), subject, "participating")
    quorum = None
    if raw.get("quorum") is not None:
        quorum = reader.fraction(raw.get("quorum"), subject, "quorum")
    colleges: list[CollegeTurnout] = []
    if raw.get("colleges") is not None:
        for index, item in enumerate(reader.list_(raw["colleges"], subject, "colleges") or ()):
            where = f"{subject} / college {index + 1}"
            college = reader.obj(item, where, "college")
            if college is None:
                continue
            code = reader.text(college.get("code"), where, "code", required=True)
            where = f"{subject} / {code}" if code else where
            reader.keys(college, _TURNOUT_KEYS, where)
            heads = reader.required_count(college.get("members"), where, "members")
            taking_part = reader.required_count(
                college.get("participating"), where, "participating"
            )
            if code is not None and heads is not None and taking_part is not None:
                colleges.append(CollegeTurnout(code, heads, taking_part))
    if len(reader.violations) > before:
        return None
    return Turnout(
        legal_form=legal_form,
        kind=kind,
        call=call,
        members=members,
        participating=participating,
        quorum=quorum,
        colleges=tuple(colleges),
    )


def _check_assembly(
    reader: _Reader,
    assembly: Turnout,
    college_codes: Sequence[str],
    resolutions: Sequence[TallyResolution],
) -> None:
    """Consistency of the block, the statutory quorum and each majority against the law."""
    reader.violations += check_turnout(assembly, college_codes)
    for resolution in resolutions:
        reader.violations += check_majority(assembly, resolution.majority, subject=resolution.id)
        reader.violations += check_ballots_within_turnout(
            assembly, resolution.ballots, subject=resolution.id
        )


def _read_rules(reader: _Reader, value: object) -> TallyRules | None:
    """Read the counting settings; absent settings take the R-TAL-2 defaults."""
    if value is None:
        return TallyRules()
    raw = reader.obj(value, "rules", "rules")
    if raw is None:
        return None
    reader.keys(raw, _RULE_KEYS, "rules")
    default = TallyRules()
    method = reader.choice(raw.get("method"), Method, "method", default.method)
    abstentions = reader.choice(
        raw.get("abstentions"), AbstentionRule, "abstentions", default.abstentions
    )
    silent = reader.choice(
        raw.get("silent_college"), SilentCollegeRule, "silent_college", default.silent_college
    )
    if method is None or abstentions is None or silent is None:
        return None
    return TallyRules(method, abstentions, silent)


def _read_colleges(
    reader: _Reader, value: object, *, required: bool
) -> tuple[list[TallyCollege], set[str]]:
    """Read the colleges, and every code listed, even with a bad weight, to check ballots."""
    if value is None:
        if required:
            reader.add("tally_missing_field", None, field="colleges")
        return [], set()
    items = reader.list_(value, None, "colleges")
    colleges: list[TallyCollege] = []
    seen: set[str] = set()
    for index, item in enumerate(items or (), start=1):
        subject = f"college {index}"
        raw = reader.obj(item, subject, "college")
        if raw is None:
            continue
        code = reader.text(raw.get("code"), subject, "code", required=True)
        subject = code or subject
        reader.keys(raw, _COLLEGE_KEYS, subject)
        name = reader.text(raw.get("name"), subject, "name", required=False)
        percent = reader.fraction(raw.get("weight"), subject, "weight")
        if percent is not None and percent < 0:
            reader.add("tally_negative_weight", subject, weight=_show(raw.get("weight")))
            percent = None
        if code is not None and code in seen:
            reader.add("tally_duplicate_college", subject, code=code)
        elif code is not None and percent is not None:
            colleges.append(TallyCollege(code, percent / 100, name))
        if code is not None:
            seen.add(code)
    return colleges, seen


def _read_resolution(
    reader: _Reader,
    item: object,
    index: int,
    codes: set[str] | None,
    *,
    college_required: bool,
) -> TallyResolution | None:
    subject = f"resolution {index}"
    raw = reader.obj(item, subject, "resolution")
    if raw is None:
        return None
    resolution_id = reader.text(raw.get("id"), subject, "id", required=True)
    subject = resolution_id or subject
    reader.keys(raw, _RESOLUTION_KEYS, subject)
    title = reader.text(raw.get("title"), subject, "title", required=False)
    majority = reader.majority(raw.get("majority"), subject)

    ballots: list[CollegeCount] = []
    raw_ballots = raw.get("ballots")
    items: Sequence[object] | None = None
    if raw_ballots is None:
        reader.add("tally_missing_field", subject, field="ballots")
    else:
        items = reader.list_(raw_ballots, subject, "ballots")
    ok = items is not None
    for number, ballot in enumerate(items or (), start=1):
        count = _read_ballot(reader, ballot, subject, number, codes, required=college_required)
        ok = ok and count is not None
        if count is not None:
            ballots.append(count)
    if resolution_id is None or majority is None or not ok:
        return None
    return TallyResolution(resolution_id, tuple(ballots), majority, title)


def _read_ballot(
    reader: _Reader,
    item: object,
    resolution: str,
    number: int,
    codes: set[str] | None,
    *,
    required: bool,
) -> CollegeCount | None:
    subject = f"{resolution} / ballot {number}"
    raw = reader.obj(item, subject, "ballot")
    if raw is None:
        return None
    before = len(reader.violations)
    code = reader.text(raw.get("college"), subject, "college", required=required)
    if code is not None:
        subject = f"{resolution} / {code}"
        if codes is not None and code not in codes:
            reader.add("tally_unknown_college", subject, college=code)
    reader.keys(raw, _BALLOT_KEYS, subject)
    counts = {key: reader.count(raw.get(key), subject, key) for key in _COUNT_KEYS}
    if len(reader.violations) > before:
        return None
    return CollegeCount.of(
        code,
        for_=counts["for"] or 0,
        against=counts["against"] or 0,
        abstain=counts["abstain"] or 0,
        blank=counts["blank"] or 0,
        void=counts["void"] or 0,
    )


def legal_violations(tally_file: TallyFile) -> list[Violation]:
    """Check the file's colleges against the law (status 3 in ``scic tally``).

    Rules: R-COL-1, R-COL-2, R-COL-3; skipped under headcount, where colleges play no part.
    """
    if tally_file.rules.method is Method.HEADCOUNT:
        return []
    return check_colleges(tally_file.weights())


def tally_all(tally_file: TallyFile) -> list[ResolutionResult]:
    """Tally every resolution of a validated file, in file order (R-TAL-1, R-TAL-4)."""
    weights = tally_file.weights()
    if tally_file.assembly is not None:
        return [
            deliberate(
                weights, res.ballots, tally_file.rules, res.majority, tally_file.assembly, res.id
            )
            for res in tally_file.resolutions
        ]
    return [
        compute_tally(weights, res.ballots, tally_file.rules, res.majority, res.id)
        for res in tally_file.resolutions
    ]


def _fraction_or_none(value: Fraction | None) -> str | None:
    return None if value is None else str(value)


def assembly_to_json(assembly: Turnout) -> dict[str, object]:
    """The result's ``assembly`` object: the quorum applied and whether it was reached (R-AG-11)."""
    quorum = applicable_quorum(assembly)
    return {
        "quorum": str(quorum),
        "required": str(quorum * assembly.members),
        "participating": assembly.participating,
        "members": assembly.members,
        "quorum_reached": quorum_of(assembly).reached,
    }


def result_to_json(
    results: Iterable[ResolutionResult], assembly: Turnout | None = None
) -> dict[str, object]:
    """Render results as a ``scic-tally-result/1`` document (exact shares as ``"n/d"`` strings).

    With an ``assembly`` block, the document gets its ``assembly`` object and every resolution
    its ``validly_deliberated`` flag (FORMATS.md §1).
    """
    document: dict[str, object] = {"format": RESULT_FORMAT}
    if assembly is not None:
        document["assembly"] = assembly_to_json(assembly)
    document["resolutions"] = [_resolution_json(result) for result in results]
    return document


def _resolution_json(result: ResolutionResult) -> dict[str, object]:
    document = {
        "id": result.id,
        "for": _fraction_or_none(result.share_for),
        "against": _fraction_or_none(result.share_against),
        "for_percent": None if result.share_for is None else percent_half_up(result.share_for),
        "adopted": result.adopted,
        "colleges": [
            {
                "code": college.code,
                "silent": college.silent,
                "effective_weight": str(college.effective_weight),
                "for": str(college.for_),
                "against": str(college.against),
            }
            for college in result.colleges
        ],
    }
    if result.validly_deliberated is not None:
        document["validly_deliberated"] = result.validly_deliberated
    return document


def _ballot_to_json(count: CollegeCount) -> dict[str, object]:
    ballot: dict[str, object] = {} if count.code is None else {"college": count.code}
    ballot.update({"for": count.for_, "against": count.against, "abstain": count.abstain})
    return ballot


def _without_none(pairs: Iterable[tuple[str, object]]) -> dict[str, object]:
    return {key: value for key, value in pairs if value is not None}


def tally_to_json(tally_file: TallyFile) -> dict[str, object]:
    """Write a ``scic-tally/1`` document: per-college counts only, never who voted what (R-TAL-3).

    Reading the document back with :func:`read_tally` gives an equal :class:`TallyFile`, so a
    re-tally of an export gives exactly the recorded result (R-TAL-4).
    """
    rules = tally_file.rules
    document = _without_none(
        [("format", FORMAT), ("cooperative", tally_file.cooperative)],
    )
    if tally_file.colleges or rules.method is not Method.HEADCOUNT:
        document["colleges"] = [
            _without_none(
                [
                    ("code", college.code),
                    ("name", college.name),
                    ("weight", str(college.weight * 100)),
                ]
            )
            for college in tally_file.colleges
        ]
    document["rules"] = {
        "method": str(rules.method),
        "abstentions": str(rules.abstentions),
        "silent_college": str(rules.silent_college),
    }
    if (assembly := tally_file.assembly) is not None:
        document["assembly"] = _without_none(
            [
                ("legal_form", str(assembly.legal_form)),
                ("kind", str(assembly.kind)),
                ("call", assembly.call),
                ("members", assembly.members),
                ("participating", assembly.participating),
                ("quorum", None if assembly.quorum is None else str(assembly.quorum)),
                (
                    "colleges",
                    [
                        {"code": c.code, "members": c.members, "participating": c.participating}
                        for c in assembly.colleges
                    ]
                    or None,
                ),
            ]
        )
    document["resolutions"] = [
        _without_none(
            [
                ("id", resolution.id),
                ("title", resolution.title),
                ("majority", resolution.majority.to_json()),
                ("ballots", [_ballot_to_json(count) for count in resolution.ballots]),
            ]
        )
        for resolution in tally_file.resolutions
    ]
    return document
