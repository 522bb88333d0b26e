"""Pure tests of the scic-tally/1 reader and writer and of the scic-tally-result/1 output."""

from __future__ import annotations

import ast
import copy
import json
from fractions import Fraction
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

import scic
from scic.voting.rules import (
    TWO_THIRDS,
    CollegeCount,
    Method,
    VotingSettings,
)
from scic.voting.tally_format import (
    FORMAT,
    TallyCollege,
    TallyFile,
    TallyResolution,
    legal_violations,
    read_tally,
    read_tally_text,
    result_to_json,
    tally_all,
    tally_to_json,
)
from tests.fixtures.voting import ASSEMBLY_BLOCK_EXAMPLE
from tests.fixtures.voting import TALLY_EXAMPLE as EXAMPLE

SCHEMAS = Path(scic.__file__).parent / "schemas"
VOTING = Path(scic.__file__).parent / "voting"


def worked_example(method="proportional", abstentions="excluded", silent="redistribute"):
    """DOMAIN.md §6.8 as a file: R1, and R2 where college C's members all abstain."""
    r1 = [
        {"college": "A", "for": 7, "against": 2, "abstain": 1},
        {"college": "B", "for": 25, "against": 30, "abstain": 5},
        {"college": "C", "for": 1, "against": 1, "abstain": 1},
        {"college": "D", "for": 10, "against": 4, "blank": 1},
    ]
    r2 = [*r1[:2], {"college": "C", "abstain": 3}, r1[3]]
    return {
        "format": "scic-tally/1",
        "colleges": [
            {"code": code, "weight": weight}
            for code, weight in (("A", "30"), ("B", "30"), ("C", "20"), ("D", "20"))
        ],
        "rules": {"method": method, "abstentions": abstentions, "silent_college": silent},
        "resolutions": [
            {"id": "R1", "ballots": r1},
            {"id": "R2", "majority": "simple", "ballots": r2},
            {"id": "R1-AGE", "majority": "two_thirds", "ballots": r1},
        ],
    }


HEADCOUNT = {
    "format": "scic-tally/1",
    "rules": {"method": "headcount"},
    "resolutions": [
        {"id": "R1", "ballots": [{"for": 43, "against": 37, "abstain": 7, "blank": 1}]},
        {"id": "R2", "majority": {"at_least": "1/2"}, "ballots": [{"for": 1, "against": 1}]},
    ],
}


def read_ok(data):
    tally_file, violations = read_tally(data)
    assert violations == []
    assert tally_file is not None
    return tally_file


def changed(path, value, base=EXAMPLE):
    """Return a deep copy of ``base`` with the value at ``path`` replaced (or deleted)."""
    data = copy.deepcopy(base)
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


DELETE = object()


def test_formats_example_gives_the_documented_result():
    results = tally_all(read_ok(EXAMPLE))

    assert result_to_json(results) == {
        "format": "scic-tally-result/1",
        "resolutions": [
            {
                "id": "R1",
                "for": "83/150",
                "against": "67/150",
                "for_percent": "55.33",
                "adopted": True,
                "colleges": [
                    {"code": "PROD", "silent": False, "effective_weight": "1/2",
                     "for": "3/10", "against": "1/5"},
                    {"code": "DIFF", "silent": False, "effective_weight": "1/5",
                     "for": "2/15", "against": "1/15"},
                    {"code": "SOUT", "silent": False, "effective_weight": "3/10",
                     "for": "3/25", "against": "9/50"},
                ],
            }
        ],
    }  # fmt: skip


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        pytest.param(
            ("proportional", "excluded", "redistribute"),
            [("283/462", "61.26", True), ("148/231", "64.07", True), ("283/462", "61.26", False)],
            id="R-TAL-2 default method",
        ),
        pytest.param(
            ("proportional", "as_against", "redistribute"),
            [("107/200", "53.50", True), ("281/600", "46.83", False), ("107/200", "53.50", False)],
            id="R-TAL-2 abstentions as_against",
        ),
        pytest.param(
            ("proportional", "excluded", "as_against"),
            [("283/462", "61.26", True), ("592/1155", "51.26", True), ("283/462", "61.26", False)],
            id="R-TAL-2 silent college as_against",
        ),
        pytest.param(
            ("winner_takes_all", "excluded", "redistribute"),
            [("5/8", "62.50", True), ("5/8", "62.50", True), ("5/8", "62.50", False)],
            id="R-TAL-2 winner_takes_all",
        ),
        pytest.param(
            ("winner_takes_all", "excluded", "as_against"),
            [("1/2", "50.00", False), ("1/2", "50.00", False), ("1/2", "50.00", False)],
            id="R-TAL-1 winner_takes_all tie rejected",
        ),
        pytest.param(
            ("headcount", "excluded", "redistribute"),
            [("43/80", "53.75", True), ("7/13", "53.85", True), ("43/80", "53.75", False)],
            id="R-TAL-2 headcount",
        ),
    ],
)
def test_worked_example_file(settings, expected):
    results = result_to_json(tally_all(read_ok(worked_example(*settings))))["resolutions"]

    assert [(r["for"], r["for_percent"], r["adopted"]) for r in results] == expected


def test_per_college_output_of_a_silent_college():
    results = result_to_json(tally_all(read_ok(worked_example())))["resolutions"]
    silent = results[1]["colleges"][2]

    assert silent == {
        "code": "C", "silent": True, "effective_weight": "0", "for": "0", "against": "0",
    }  # fmt: skip
    assert results[1]["colleges"][0]["effective_weight"] == "3/8"


def test_silent_college_as_against_keeps_its_weight_in_the_output():
    data = worked_example("proportional", "excluded", "as_against")
    results = result_to_json(tally_all(read_ok(data)))["resolutions"]

    assert results[1]["colleges"][2] == {
        "code": "C", "silent": True, "effective_weight": "1/5", "for": "0", "against": "1/5",
    }  # fmt: skip


def test_nothing_expressed_gives_nulls():
    data = changed(["resolutions", 0, "ballots"], [{"college": "PROD", "abstain": 4}])

    (result,) = result_to_json(tally_all(read_ok(data)))["resolutions"]

    assert (result["for"], result["against"], result["for_percent"]) == (None, None, None)
    assert result["adopted"] is False


def test_unanimity_is_written_100_00():
    data = changed(["resolutions", 0, "ballots"], [{"college": "PROD", "for": 2}])

    (result,) = result_to_json(tally_all(read_ok(data)))["resolutions"]

    assert (result["for"], result["against"], result["for_percent"]) == ("1", "0", "100.00")


def test_headcount_file_without_colleges():
    tally_file = read_ok(HEADCOUNT)
    results = result_to_json(tally_all(tally_file))["resolutions"]

    assert [(r["for"], r["adopted"], r["colleges"]) for r in results] == [
        ("43/80", True, []),
        ("1/2", True, []),  # at_least 1/2: an exact half is enough
    ]
    assert tally_file.resolutions[0].ballots == (CollegeCount(None, 43, 37, 8),)


def test_headcount_skips_legal_checks_on_listed_colleges():
    data = {**HEADCOUNT, "colleges": [{"code": "X", "weight": "90"}, {"code": "Y", "weight": "5"}]}

    assert legal_violations(read_ok(data)) == []


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        pytest.param(("50", "20", "30"), [], id="R-COL valid"),
        pytest.param(("100/3", "100/3", "100/3"), [], id="R-COL-3 thirds"),
        pytest.param(
            ("55", "25", "20"), [("college_weight_above_max", "R-COL-2", "PROD")], id="R-COL-2"
        ),
        pytest.param(
            ("50", "40.01", "9.99"), [("college_weight_below_min", "R-COL-2", "SOUT")], id="9.99"
        ),
        pytest.param(("50", "20", "20"), [("college_weights_sum", "R-COL-3", None)], id="R-COL-3"),
    ],
)
def test_legal_violations(weights, expected):
    data = copy.deepcopy(EXAMPLE)
    for college, weight in zip(data["colleges"], weights, strict=True):
        college["weight"] = weight

    violations = legal_violations(read_ok(data))

    assert [(v.code, v.rule, v.subject) for v in violations] == expected


def test_legal_violations_too_few_colleges():
    data = changed(["colleges"], EXAMPLE["colleges"][:2])
    data["resolutions"][0]["ballots"] = data["resolutions"][0]["ballots"][:2]

    assert [v.rule for v in legal_violations(read_ok(data))] == ["R-COL-1", "R-COL-3"]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param([], [("tally_wrong_type", None)], id="not an object"),
        pytest.param(changed(["format"], "scic-tally/2"), [("tally_unknown_format", None)],
                     id="unknown format"),
        pytest.param({"format": "other", "colleges": 3}, [("tally_unknown_format", None)],
                     id="unknown format hides the rest"),
        pytest.param(changed(["format"], DELETE), [("tally_unknown_format", None)],
                     id="format missing"),
        pytest.param(changed(["resolutions", 0, "ballots", 1, "college"], "DIF"),
                     [("tally_unknown_college", "R1 / DIF")], id="unknown college in ballot"),
        pytest.param(changed(["resolutions", 0, "ballots", 0, "for"], -1),
                     [("tally_bad_count", "R1 / PROD")], id="negative count"),
        pytest.param(changed(["resolutions", 0, "ballots", 0, "against"], 1.5),
                     [("tally_bad_count", "R1 / PROD")], id="non-integer count"),
        pytest.param(changed(["resolutions", 0, "ballots", 0, "against"], 2.0),
                     [("tally_bad_count", "R1 / PROD")], id="float count"),
        pytest.param(changed(["resolutions", 0, "ballots", 2, "abstain"], True),
                     [("tally_bad_count", "R1 / SOUT")], id="boolean count"),
        pytest.param(changed(["resolutions", 0, "ballots", 2, "void"], "1"),
                     [("tally_bad_count", "R1 / SOUT")], id="string count"),
        pytest.param(changed(["rules", "method"], "majority"),
                     [("tally_unknown_rule_value", "rules")], id="unknown method"),
        pytest.param(changed(["rules", "abstentions"], "as_for"),
                     [("tally_unknown_rule_value", "rules")], id="unknown abstentions"),
        pytest.param(changed(["rules", "silent_college"], None),
                     [], id="null rule takes the R-TAL-2 default"),
        pytest.param(changed(["rules", "abstention"], "excluded"),
                     [("tally_unknown_key", "rules")], id="misspelt rule is refused"),
        pytest.param(changed(["resolutions", 0, "majority"], "50"),
                     [("tally_bad_majority", "R1")], id="majority 50"),
        pytest.param(changed(["resolutions", 0, "majority"], {"more_than": "50"}),
                     [("tally_majority_out_of_range", "R1")], id="threshold 50"),
        pytest.param(changed(["resolutions", 0, "majority"], {"at_least": "1"}),
                     [("tally_majority_out_of_range", "R1")], id="threshold 1"),
        pytest.param(changed(["resolutions", 0, "majority"], {"more_than": "0"}),
                     [("tally_majority_out_of_range", "R1")], id="threshold 0"),
        pytest.param(changed(["resolutions", 0, "majority"], {"more_than": "1/0"}),
                     [("tally_bad_fraction", "R1")], id="threshold division by zero"),
        pytest.param(changed(["resolutions", 0, "majority"], {"more_than": 0.5}),
                     [("tally_bad_fraction", "R1")], id="threshold as a JSON number"),
        pytest.param(changed(["resolutions", 0, "majority"], {"less_than": "1/2"}),
                     [("tally_bad_majority", "R1")], id="unknown majority kind"),
        pytest.param(changed(["resolutions", 0, "majority"], {}),
                     [("tally_bad_majority", "R1")], id="empty majority"),
        pytest.param(changed(["colleges", 0, "weight"], "fifty"),
                     [("tally_bad_fraction", "PROD")], id="weight not a number"),
        pytest.param(changed(["colleges", 0, "weight"], 50),
                     [("tally_bad_fraction", "PROD")], id="weight as a JSON number"),
        pytest.param(changed(["colleges", 0, "weight"], " 50"),
                     [("tally_bad_fraction", "PROD")], id="weight with a space"),
        pytest.param(changed(["colleges", 0, "weight"], "1/0"),
                     [("tally_bad_fraction", "PROD")], id="weight division by zero"),
        pytest.param(changed(["colleges", 0, "weight"], "-50"),
                     [("tally_negative_weight", "PROD")], id="negative weight"),
        pytest.param(changed(["colleges", 0, "weight"], DELETE),
                     [("tally_missing_field", "PROD")], id="weight missing"),
        pytest.param(changed(["colleges", 1, "code"], "PROD"),
                     [("tally_duplicate_college", "PROD"), ("tally_unknown_college", "R1 / DIFF")],
                     id="duplicate college"),
        pytest.param(changed(["colleges", 1, "code"], DELETE),
                     [("tally_missing_field", "college 2"), ("tally_unknown_college", "R1 / DIFF")],
                     id="college code missing"),
        pytest.param(changed(["colleges"], DELETE),
                     [("tally_missing_field", None)], id="colleges missing"),
        pytest.param(changed(["resolutions", 0, "id"], DELETE),
                     [("tally_missing_field", "resolution 1")], id="missing id"),
        pytest.param(changed(["resolutions", 0, "id"], ""),
                     [("tally_missing_field", "resolution 1")], id="empty id"),
        pytest.param(changed(["resolutions", 0, "id"], 1),
                     [("tally_wrong_type", "resolution 1")], id="numeric id"),
        pytest.param(changed(["resolutions", 0, "ballots"], DELETE),
                     [("tally_missing_field", "R1")], id="ballots missing"),
        pytest.param(changed(["resolutions", 0, "ballots"], {}),
                     [("tally_wrong_type", "R1")], id="ballots not a list"),
        pytest.param(changed(["resolutions", 0, "ballots", 0, "college"], DELETE),
                     [("tally_missing_field", "R1 / ballot 1")], id="ballot without college"),
        pytest.param(changed(["resolutions", 0, "ballots", 0, "present"], 6),
                     [("tally_unknown_key", "R1 / PROD")], id="unknown ballot key"),
        pytest.param(changed(["resolutions"], DELETE),
                     [("tally_missing_field", None)], id="resolutions missing"),
        pytest.param(changed(["resolutions"], [EXAMPLE["resolutions"][0]] * 2),
                     [("tally_duplicate_resolution", "R1")], id="duplicate resolution id"),
        pytest.param(changed(["comment"], "x"), [("tally_unknown_key", None)], id="unknown key"),
        pytest.param(changed(["cooperative"], 3), [("tally_wrong_type", None)], id="label type"),
    ],
)  # fmt: skip
def test_read_tally_refuses(data, expected):
    tally_file, violations = read_tally(data)

    assert [(v.code, v.subject) for v in violations] == expected
    assert (tally_file is None) is bool(expected)
    assert all(v.rule is None for v in violations)  # format problems, not legal rules


def test_read_tally_reports_every_problem_at_once():
    data = changed(["rules", "method"], "mixed")
    data["colleges"][2]["weight"] = "30%"
    data["resolutions"][0]["majority"] = {"more_than": "50"}
    data["resolutions"][0]["ballots"][0]["for"] = -3
    data["resolutions"][0]["ballots"][1]["college"] = "XXX"

    _, violations = read_tally(data)

    assert [(v.code, v.subject, dict(v.params)) for v in violations] == [
        ("tally_unknown_rule_value", "rules",
         {"field": "method", "value": '"mixed"',
          "allowed": "proportional, winner_takes_all, headcount"}),
        ("tally_bad_fraction", "SOUT", {"field": "weight", "value": '"30%"'}),
        ("tally_majority_out_of_range", "R1", {"threshold": '"50"'}),
        ("tally_bad_count", "R1 / PROD", {"field": "for", "value": "-3"}),
        ("tally_unknown_college", "R1 / XXX", {"college": "XXX"}),
    ]  # fmt: skip


def test_the_reader_applies_the_shipped_schema(monkeypatch):
    """A constraint written only in the schema is enforced by the reader (no second copy)."""
    from scic.voting import tally_reader

    stricter = copy.deepcopy(tally_reader.tally_schema())
    stricter["$defs"]["resolution"]["properties"]["title"]["maxLength"] = 5
    monkeypatch.setattr(tally_reader, "_validator", lambda: Draft202012Validator(stricter))

    _, violations = read_tally(changed(["resolutions", 0, "title"], "A long title"))

    assert [(v.code, v.subject, dict(v.params)) for v in violations] == [
        ("tally_invalid_value", "R1", {"field": "title", "value": '"A long title"'})
    ]


def test_read_tally_defaults_and_shorthands():
    data = {
        "format": FORMAT,
        "colleges": EXAMPLE["colleges"],
        "resolutions": [
            {"id": "R1", "ballots": []},
            {"id": "R2", "majority": "two_thirds", "ballots": [{"college": "PROD", "void": 2}]},
        ],
    }

    tally_file = read_ok(data)

    assert tally_file.rules == VotingSettings()  # R-TAL-2 defaults
    assert tally_file.resolutions[0].majority.to_json() == {"more_than": "1/2"}
    assert tally_file.resolutions[1].majority == TWO_THIRDS
    assert tally_file.resolutions[1].ballots == (CollegeCount("PROD", 0, 0, 2),)
    assert tally_file.colleges[0] == TallyCollege("PROD", Fraction(1, 2), "Production")


def test_read_tally_text_reports_bad_json():
    tally_file, violations = read_tally_text('{"format": ')

    assert tally_file is None
    assert [v.code for v in violations] == ["tally_not_json"]
    assert violations[0].params["line"] == 1


def test_read_tally_text_reads_valid_json():
    assert read_tally_text(json.dumps(EXAMPLE)) == read_tally(EXAMPLE)


def test_writer_round_trips_the_formats_example_exactly():
    assert tally_to_json(read_ok(EXAMPLE)) == EXAMPLE


def test_export_and_re_tally_give_the_recorded_result():
    """R-TAL-4: an exported closed assembly re-tallies to exactly the recorded result."""
    recorded = TallyFile(
        colleges=(
            TallyCollege("A", Fraction(1, 3), "Salariés"),
            TallyCollege("B", Fraction(1, 3)),
            TallyCollege("C", Fraction(1, 3)),
        ),
        rules=VotingSettings(Method.WINNER_TAKES_ALL),
        resolutions=(
            TallyResolution(
                "1", (CollegeCount("A", 2, 1, 0), CollegeCount("B", 0, 3, 1)), TWO_THIRDS
            ),
            TallyResolution("2", (), title="Élection du conseil"),
        ),
        cooperative="Coop",
    )  # fmt: skip

    exported = json.loads(json.dumps(tally_to_json(recorded)))

    assert exported["colleges"][0]["weight"] == "100/3"
    assert read_ok(exported) == recorded
    assert tally_all(read_ok(exported)) == tally_all(recorded)


def test_headcount_export_without_colleges_round_trips():
    tally_file = read_ok(HEADCOUNT)

    exported = tally_to_json(tally_file)

    assert "colleges" not in exported
    assert read_ok(exported) == tally_file


# --- The assembly block (R-AG-11, R-AG-12) ------------------------------------------------------


def with_assembly(**changes):
    """The FORMATS example with the FORMATS assembly block, the block's keys changed."""
    data = copy.deepcopy(EXAMPLE)
    data["assembly"] = {**copy.deepcopy(ASSEMBLY_BLOCK_EXAMPLE), **changes}
    for key in [k for k, v in changes.items() if v is DELETE]:
        del data["assembly"][key]
    # The example's ballots (6, 5 and 6 voters) exceed the block's participants: one each.
    data["resolutions"][0]["ballots"] = [
        {"college": "PROD", "for": 2, "against": 1},
        {"college": "DIFF", "for": 1},
        {"college": "SOUT", "abstain": 1},
    ]
    return data


def test_assembly_block_gives_quorum_and_validity():
    output = result_to_json(*_tally_with_block(with_assembly()))

    # 1/4 of 12 = 3 needed, 5 take part. SARL first consultation: PROD 1/2 × 2/6, DIFF
    # 1/5 × 1/3, SOUT 3/10 × 0/3 → 1/6 + 1/15 = 7/30 of all members' votes: rejected.
    assert output["assembly"] == {
        "quorum": "1/4",
        "required": "3",
        "participating": 5,
        "members": 12,
        "quorum_reached": True,
    }
    (resolution,) = output["resolutions"]
    assert (resolution["for"], resolution["adopted"]) == ("7/30", False)
    assert resolution["validly_deliberated"] is True


def _tally_with_block(data):
    tally_file = read_ok(data)
    return tally_all(tally_file), tally_file.assembly


@pytest.mark.parametrize(
    ("changes", "quorum", "required", "reached"),
    [
        pytest.param({"quorum": DELETE}, "0", "0", True, id="R-AG-11 SARL AGO legal: none"),
        pytest.param(
            {"legal_form": "SA", "quorum": DELETE, "colleges": DELETE},
            "1/5",
            "12/5",
            True,
            id="R-AG-11 SA legal 1/5",
        ),
        pytest.param(
            {
                "kind": "extraordinary",
                "quorum": DELETE,
                "participating": 2,
                "colleges": DELETE,
                "legal_form": "SA",
            },
            "1/4",
            "3",
            False,
            id="R-AG-11 SA AGE 2 of 12",
        ),
    ],
)
def test_assembly_block_quorum(changes, quorum, required, reached):
    data = with_assembly(**changes)
    if changes.get("participating") == 2:
        data["resolutions"][0]["ballots"] = [{"college": "PROD", "for": 2}]
        data["resolutions"][0]["majority"] = "two_thirds"
    output = result_to_json(*_tally_with_block(data))

    assert output["assembly"]["quorum"] == quorum
    assert output["assembly"]["required"] == required
    assert output["assembly"]["quorum_reached"] is reached
    assert output["resolutions"][0]["validly_deliberated"] is reached
    if not reached:
        assert output["resolutions"][0]["adopted"] is False
        assert output["resolutions"][0]["for"] == "1"


@pytest.mark.parametrize(
    ("data", "code", "rule"),
    [
        pytest.param(
            with_assembly(quorum="1/10", kind="extraordinary"),
            "quorum_below_legal_minimum",
            "R-AG-11",
            id="R-AG-11 SARL AGE 1/10",
        ),
        pytest.param(
            with_assembly(kind="extraordinary"),
            "tally_majority_below_legal",
            "R-AG-12",
            id="R-AG-12 SARL AGE simple",
        ),
        pytest.param(
            with_assembly(participating=13, members=12),
            "tally_participating_above_members",
            None,
            id="participating > members",
        ),
        pytest.param(
            with_assembly(colleges=DELETE), "tally_missing_field", None, id="SARL colleges required"
        ),
        pytest.param(
            with_assembly(legal_form="GIE"),
            "tally_unknown_rule_value",
            None,
            id="unknown legal form",
        ),
        pytest.param(with_assembly(call=3), "tally_bad_call", None, id="call 3"),
        pytest.param(
            with_assembly(members=DELETE), "tally_missing_field", None, id="members missing"
        ),
        pytest.param(with_assembly(typo=1), "tally_unknown_key", None, id="unknown key"),
        pytest.param(
            with_assembly(participating=4),
            "tally_turnout_not_adding_up",
            None,
            id="colleges do not add up",
        ),
    ],
)
def test_assembly_block_refusals(data, code, rule):
    tally_file, violations = read_tally(data)

    assert tally_file is None
    assert (code, rule) in [(v.code, v.rule) for v in violations]


def test_ballots_above_the_college_participants_are_refused():
    data = with_assembly()
    data["resolutions"][0]["ballots"][1]["against"] = 1

    _, violations = read_tally(data)

    assert [(v.code, v.subject) for v in violations] == [
        ("tally_ballots_above_participating", "R1 / DIFF")
    ]


def test_assembly_block_round_trips():
    tally_file = read_ok(with_assembly())
    exported = tally_to_json(tally_file)

    assert exported["assembly"] == ASSEMBLY_BLOCK_EXAMPLE
    assert read_ok(exported) == tally_file


# --- JSON Schemas --------------------------------------------------------------------------------


def schema(name):
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


VALID_INPUTS = [
    pytest.param(EXAMPLE, id="FORMATS example"),
    pytest.param(HEADCOUNT, id="headcount"),
    *(
        pytest.param(worked_example(*s), id=f"worked {'/'.join(s)}")
        for s in (
            ("proportional", "excluded", "redistribute"),
            ("winner_takes_all", "as_against", "as_against"),
        )
    ),
    pytest.param(changed(["colleges", 0, "weight"], "100/3"), id="fraction weight"),
    pytest.param(with_assembly(), id="assembly block"),
    pytest.param(
        {
            **HEADCOUNT,
            "assembly": {
                "legal_form": "SAS",
                "kind": "ordinary",
                "call": 2,
                "members": 120,
                "participating": 88,
            },
        },
        id="headcount assembly block",
    ),
]


def test_schemas_are_valid_draft_2020_12():
    for name in ("scic-tally-1.schema.json", "scic-tally-result-1.schema.json"):
        Draft202012Validator.check_schema(schema(name))


@pytest.mark.parametrize("data", VALID_INPUTS)
def test_valid_examples_validate_against_both_schemas(data):
    read_ok(data)
    input_errors = list(Draft202012Validator(schema("scic-tally-1.schema.json")).iter_errors(data))
    output = result_to_json(tally_all(read_ok(data)))
    output_validator = Draft202012Validator(schema("scic-tally-result-1.schema.json"))

    assert input_errors == []
    assert list(output_validator.iter_errors(output)) == []
    assert list(output_validator.iter_errors(json.loads(json.dumps(output)))) == []


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(changed(["format"], "scic-tally/2"), id="format"),
        pytest.param(changed(["resolutions", 0, "ballots", 0, "for"], -1), id="negative count"),
        pytest.param(changed(["resolutions", 0, "ballots", 0, "for"], True), id="boolean count"),
        pytest.param(changed(["rules", "method"], "majority"), id="unknown method"),
        pytest.param(changed(["rules", "abstention"], "excluded"), id="unknown key"),
        pytest.param(changed(["colleges", 0, "weight"], "fifty"), id="bad fraction"),
        pytest.param(changed(["colleges", 0, "weight"], "-50"), id="negative weight"),
        pytest.param(changed(["resolutions", 0, "majority"], "50"), id="majority 50"),
        pytest.param(changed(["resolutions", 0, "id"], DELETE), id="missing id"),
        pytest.param(changed(["resolutions", 0, "ballots", 0, "college"], DELETE), id="college"),
        pytest.param(changed(["colleges"], DELETE), id="colleges missing"),
    ],
)
def test_schema_refuses_what_the_reader_refuses(data):
    validator = Draft202012Validator(schema("scic-tally-1.schema.json"))

    assert not validator.is_valid(data)
    assert read_tally(data)[1]


# --- Messages ----------------------------------------------------------------------------------


def emitted_codes(path: Path) -> set[str]:
    """Collect the codes passed to Violation(...) or to the reader's add(...) in a module."""
    codes = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        first = node.args[0]
        if name in {"Violation", "add"} and isinstance(first, ast.Constant):
            codes.add(first.value)
    return codes


def message_codes() -> set[str]:
    """Read the keys of messages.MESSAGES without importing Flask-Babel."""
    tree = ast.parse((VOTING / "messages.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "MESSAGES":
            return {key.value for key in node.value.keys}
    raise AssertionError("MESSAGES not found")
