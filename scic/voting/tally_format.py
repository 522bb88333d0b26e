"""Read and write the ``scic-tally/1`` exchange format and its ``scic-tally-result/1`` output.

Pure (standard library, jsonschema and ``rules`` modules only): the ``scic tally`` command, the
export of closed assemblies and the tests share it. Reading is in ``tally_reader`` (the shipped
JSON Schema, then what a schema cannot say), re-exported here. The reader collects every problem
before giving up, each naming its resolution and college (``"R1 / PROD"``), so a secretary
fixes a file in one pass. Format problems (status 2) and colleges that break the law (status 3,
R-COL-1 to R-COL-3) are reported by two separate functions: :func:`read_tally` and
:func:`legal_violations`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction

from scic.cooperatives.rules import AssemblyKind, LegalForm
from scic.core.percent import percent_text
from scic.core.violations import Violation
from scic.voting.assembly_rules import (
    CollegeTurnout,
    Turnout,
    applicable_quorum,
    deliberate,
    quorum_of,
)
from scic.voting.rules import (
    CollegeCount,
    Method,
    ResolutionResult,
    check_colleges,
    compute_tally,
    percent_half_up,
)
from scic.voting.tally_reader import (
    FORMAT,
    FRACTION_PATTERN,
    RESULT_FORMAT,
    TallyCollege,
    TallyFile,
    TallyResolution,
    read_tally,
    read_tally_text,
    tally_schema,
)

__all__ = [
    "FORMAT",
    "FRACTION_PATTERN",
    "RESULT_FORMAT",
    "TallyCollege",
    "TallyFile",
    "TallyResolution",
    "legal_violations",
    "read_tally",
    "read_tally_text",
    "result_to_json",
    "tally_all",
    "tally_schema",
    "tally_to_json",
]


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


def turnout_to_json(assembly: Turnout) -> dict[str, object]:
    """Write the ``assembly`` block of scic-tally/1 (FORMATS.md §1); ``read_tally`` reads it."""
    return _without_none(
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


def turnout_from_json(data: Mapping[str, object]) -> Turnout:
    """Read back a block written by :func:`turnout_to_json` (trusted: the application's own)."""
    return Turnout(
        legal_form=LegalForm(data["legal_form"]),
        kind=AssemblyKind(data["kind"]),
        call=int(data["call"]),
        members=int(data["members"]),
        participating=int(data["participating"]),
        quorum=None if data.get("quorum") is None else Fraction(str(data["quorum"])),
        colleges=tuple(
            CollegeTurnout(str(c["code"]), int(c["members"]), int(c["participating"]))
            for c in data.get("colleges") or ()
        ),
    )


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
                    ("weight", percent_text(college.weight)),
                ]
            )
            for college in tally_file.colleges
        ]
    document["rules"] = {
        "method": str(rules.method),
        "abstentions": str(rules.abstentions),
        "silent_college": str(rules.silent_college),
    }
    if tally_file.assembly is not None:
        document["assembly"] = turnout_to_json(tally_file.assembly)
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
