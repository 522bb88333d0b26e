"""The scic-statutes/1 reader and writer (FORMATS.md §2), tested on plain data (no fixtures)."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from fractions import Fraction

import pytest
from jsonschema import Draft202012Validator

from scic.cooperatives.rules import (
    Abstentions,
    CategoryKind,
    Governance,
    LegalForm,
    Majority,
    QuorumBase,
)
from scic.cooperatives.statutes_format import (
    json_path,
    read_statutes,
    statutes_schema,
    write_statutes,
)

#: The example of FORMATS.md §2, verbatim.
EXAMPLE = """
{
  "format": "scic-statutes/1",
  "slug": "velo-vallee",
  "name": "Vélo Vallée",
  "legal_form": "SAS",
  "governance": "president",
  "registered_office": "2 place de la Mairie, 24290 Montignac",
  "siren": "912345675",
  "rcs": "RCS Périgueux 912 345 675",
  "share_value": "50.00",
  "capital_floor": "0.00",
  "categories": [
    {"code": "SAL", "name": "Salariés", "kind": "employee", "min_shares": 2, "college": "TRAV"},
    {"code": "USA", "name": "Usagers", "kind": "beneficiary", "min_shares": 1, "college": "USA"},
    {"code": "COLL", "name": "Collectivités", "kind": "local_authority", "min_shares": 10,
     "college": "PUB"},
    {"code": "SOUT", "name": "Soutiens", "kind": "supporter", "min_shares": 1, "college": "USA"}
  ],
  "colleges": [
    {"code": "TRAV", "name": "Travailleurs", "weight": "30"},
    {"code": "USA", "name": "Usagers et soutiens", "weight": "40"},
    {"code": "PUB", "name": "Partenaires publics", "weight": "30"}
  ],
  "voting": {"method": "proportional", "abstentions": "excluded",
             "silent_college": "redistribute"},
  "assemblies": {
    "ordinary": {"quorum_first": "1/5", "quorum_second": "0", "majority": "simple"},
    "extraordinary": {"quorum_first": "1/4", "quorum_second": "1/5", "majority": "two_thirds"},
    "quorum_base": "members",
    "convocation_days": {"first": 15, "second": 10},
    "proxies": {"max_per_holder": 5, "holder_same_college": false},
    "correspondence_deadline_days": 1,
    "fully_remote_allowed": false
  },
  "reimbursement_delay_years": 5,
  "revision_cycle_years": 5
}
"""


def example() -> dict:
    return json.loads(EXAMPLE)


def minimal(legal_form: str = "SARL") -> dict:
    """Only the required keys; colleges without weights."""
    return {
        "format": "scic-statutes/1",
        "slug": "epicerie",
        "name": "L'Épicerie",
        "legal_form": legal_form,
        "share_value": "20",
        "categories": [
            {"code": "SAL", "name": "Salariés", "kind": "employee", "college": "A"},
            {"code": "CLI", "name": "Clients", "kind": "beneficiary", "college": "B"},
            {"code": "PROD", "name": "Producteurs", "kind": "producer", "college": "C"},
        ],
        "colleges": [
            {"code": "A", "name": "A"},
            {"code": "B", "name": "B"},
            {"code": "C", "name": "C"},
        ],
    }


def found(violations) -> list[tuple[str, str | None, str | None]]:
    return [(v.code, v.subject, v.rule) for v in violations]


def test_formats_example_is_read_exactly():
    spec, violations = read_statutes(example())
    assert violations == []
    assert spec is not None
    assert spec.legal_form is LegalForm.SAS
    assert spec.governance is Governance.PRESIDENT
    assert spec.share_value == Decimal("50.00")
    assert [c.weight for c in spec.colleges] == [Fraction(3, 10), Fraction(2, 5), Fraction(3, 10)]
    assert spec.categories[2].kind is CategoryKind.LOCAL_AUTHORITY
    assert spec.categories[2].min_shares == 10
    assert spec.assemblies.ordinary.quorum_first == Fraction(1, 5)
    assert spec.assemblies.extraordinary.majority is Majority.TWO_THIRDS
    assert spec.assemblies.proxies_max_per_holder == 5
    assert spec.siren == "912345675"


def test_round_trip_keeps_every_value():
    spec, _ = read_statutes(example())
    written = write_statutes(spec)
    assert read_statutes(written) == (spec, [])
    assert read_statutes(json.loads(json.dumps(written))) == (spec, [])
    # The example lists every key but the two settings added after it (§8 #24, R-AG-10).
    expected = example()
    expected["assemblies"] |= {
        "representatives_act_until_replaced": False,
        "written_consultation_allowed": False,
    }
    assert written == expected


@pytest.mark.parametrize(
    "key",
    [
        pytest.param("representatives_act_until_replaced", id="§8 #24 SEM option"),
        pytest.param("written_consultation_allowed", id="R-AG-10 written consultation"),
    ],
)
def test_statutory_options_are_read_and_written(key):
    document = example()
    document["assemblies"][key] = True
    spec, problems = read_statutes(document)
    assert problems == []
    assert getattr(spec.assemblies, key) is True
    assert write_statutes(spec)["assemblies"][key] is True
    assert getattr(read_statutes(example())[0].assemblies, key) is False


def test_written_document_has_every_key_and_obeys_the_schema():
    spec, _ = read_statutes(minimal())
    written = write_statutes(spec)
    assert set(written) == set(statutes_schema()["properties"])
    assert set(written["assemblies"]) == set(
        statutes_schema()["properties"]["assemblies"]["properties"]
    )
    assert list(Draft202012Validator(statutes_schema()).iter_errors(written)) == []
    assert read_statutes(written) == (spec, [])


def test_missing_optional_keys_take_the_sarl_defaults():
    spec, violations = read_statutes(minimal("SARL"))
    assert violations == []
    assert spec.governance is Governance.MANAGER
    assert spec.voting.abstentions is Abstentions.AS_AGAINST
    assert spec.assemblies.ordinary.quorum_first == 0
    assert spec.assemblies.ordinary.majority is Majority.SARL_TWO_STEP
    assert spec.assemblies.extraordinary.quorum_first == Fraction(1, 4)
    assert spec.assemblies.quorum_base is QuorumBase.MEMBERS
    assert spec.capital_floor == 0
    assert spec.revision_cycle_years == 5
    assert spec.registered_office is None
    assert [c.min_shares for c in spec.categories] == [1, 1, 1]


def test_missing_optional_keys_take_the_sa_defaults():
    spec, violations = read_statutes(minimal("SA"))
    assert violations == []
    assert spec.governance is Governance.BOARD
    assert spec.voting.abstentions is Abstentions.EXCLUDED
    assert spec.assemblies.ordinary.quorum_first == Fraction(1, 5)
    assert (spec.assemblies.convocation_days_first, spec.assemblies.convocation_days_second) == (
        15,
        10,
    )


def test_partial_assembly_settings_keep_the_other_defaults():
    data = minimal("SA")
    data["assemblies"] = {"extraordinary": {"quorum_first": "1/3"}}
    spec, violations = read_statutes(data)
    assert violations == []
    assert spec.assemblies.extraordinary.quorum_first == Fraction(1, 3)
    assert spec.assemblies.extraordinary.quorum_second == Fraction(1, 5)
    assert spec.assemblies.extraordinary.majority is Majority.TWO_THIRDS


def test_colleges_without_weights_are_equal():
    spec, violations = read_statutes(minimal())
    assert violations == []
    assert [c.weight for c in spec.colleges] == [Fraction(1, 3)] * 3
    assert write_statutes(spec)["colleges"][0]["weight"] == "100/3"


def test_some_weights_missing_is_refused():
    data = minimal()
    data["colleges"][0]["weight"] = "50"
    spec, violations = read_statutes(data)
    assert spec is None
    assert found(violations) == [
        ("missing_key", "colleges[1].weight", "R-COL-4"),
        ("missing_key", "colleges[2].weight", "R-COL-4"),
    ]


def test_no_colleges_means_headcount_voting():
    data = example()
    data["colleges"] = []
    for category in data["categories"]:
        del category["college"]
    spec, violations = read_statutes(data)
    assert violations == []
    assert not spec.uses_colleges
    written = write_statutes(spec)
    assert all("college" not in c for c in written["categories"])
    assert read_statutes(written) == (spec, [])


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        pytest.param(("10", "40", "50"), [], id="R-COL-2 10 and 50 are valid"),
        pytest.param(("100/3", "100/3", "100/3"), [], id="R-COL-3 100/3 thrice is exactly 100"),
        pytest.param(("33.5", "33.5", "33"), [], id="R-COL-2 decimal percentages"),
        pytest.param(
            ("9.99", "40.01", "50"),
            [("college_weight_below_min", "TRAV", "R-COL-2")],
            id="R-COL-2 just under 10",
        ),
        pytest.param(
            ("50.01", "39.99", "10"),
            [("college_weight_above_max", "TRAV", "R-COL-2")],
            id="R-COL-2 just over 50",
        ),
        pytest.param(
            ("33.33", "33.33", "33.33"),
            [("college_weights_sum", None, "R-COL-3")],
            id="R-COL-3 rounded thirds do not add up",
        ),
    ],
)
def test_weight_boundaries(weights, expected):
    data = example()
    for college, weight in zip(data["colleges"], weights, strict=True):
        college["weight"] = weight
    spec, violations = read_statutes(data)
    assert found(violations) == expected
    assert (spec is None) == bool(expected)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        pytest.param((), "colour", id="at the root"),
        pytest.param(("colleges", 1), "colour", id="in a college"),
        pytest.param(("assemblies", "proxies"), "max", id="in nested settings"),
        pytest.param(("voting",), "abstention", id="typo of a real key"),
    ],
)
def test_unknown_key_is_refused(path, value):
    data = example()
    target = data
    for part in path:
        target = target[part]
    target[value] = "x"
    spec, violations = read_statutes(data)
    assert spec is None
    assert found(violations) == [("unknown_key", json_path((*path, value)), None)]


def test_every_format_problem_is_listed_at_once():
    data = example()
    data["colour"] = "blue"
    del data["name"]
    data["legal_form"] = "SCOP"
    data["share_value"] = "50,00"
    data["colleges"][1]["weight"] = "40 %"
    data["colleges"][2]["weight"] = 30
    data["categories"][0]["kind"] = "worker"
    data["assemblies"]["ordinary"]["quorum_first"] = "1/0"
    data["revision_cycle_years"] = 7
    spec, violations = read_statutes(data)
    assert spec is None
    assert sorted((v.code, v.subject) for v in violations) == sorted(
        [
            ("unknown_key", "colour"),
            ("missing_key", "name"),
            ("invalid_choice", "legal_form"),
            ("invalid_amount", "share_value"),
            ("invalid_fraction", "colleges[1].weight"),
            ("invalid_type", "colleges[2].weight"),
            ("invalid_choice", "categories[0].kind"),
            ("invalid_fraction", "assemblies.ordinary.quorum_first"),
            ("revision_cycle_out_of_range", "revision_cycle_years"),
        ]
    )
    assert {v.rule for v in violations if v.code == "revision_cycle_out_of_range"} == {"R-REV-1"}


def test_every_legal_problem_is_listed_at_once_with_rule_ids():
    data = example()
    data["categories"] = [
        {"code": "SOUT", "name": "Soutiens", "kind": "supporter", "college": "TRAV"},
        {"code": "X", "name": "X", "kind": "other", "college": "NOPE"},
    ]
    data["colleges"] = [
        {"code": "TRAV", "name": "Travailleurs", "weight": "60"},
        {"code": "USA", "name": "Usagers", "weight": "5"},
    ]
    data["assemblies"]["extraordinary"]["quorum_first"] = "5/4"
    spec, violations = read_statutes(data)
    assert spec is None
    assert found(violations) == [
        ("too_few_categories", None, "R-CAT-1"),
        ("no_beneficiary_category", None, "R-CAT-2"),
        ("no_employee_or_producer_category", None, "R-CAT-2"),
        ("too_few_colleges", None, "R-COL-1"),
        ("college_weight_above_max", "TRAV", "R-COL-2"),
        ("college_weight_below_min", "USA", "R-COL-2"),
        ("college_weights_sum", None, "R-COL-3"),
        ("college_without_category", "USA", None),
        ("unknown_college", "X", None),
        ("quorum_out_of_range", "assemblies.extraordinary.quorum_first", None),
    ]


def test_legal_problems_of_readable_parts_come_with_format_problems():
    data = example()
    data["slug"] = "Vélo Vallée"
    data["colleges"][0]["weight"] = "70"
    data["categories"] = data["categories"][:2]
    _, violations = read_statutes(data)
    assert found(violations) == [
        ("invalid_slug", "slug", None),
        ("too_few_categories", None, "R-CAT-1"),
        ("college_weight_above_max", "TRAV", "R-COL-2"),
        ("college_weights_sum", None, "R-COL-3"),
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(
            {"format": "scic-statutes/2"},
            [("unsupported_format", "format", None)],
            id="future version",
        ),
        pytest.param(
            {"siren": "912345676"}, [("invalid_siren", "siren", None)], id="SIREN key wrong"
        ),
        pytest.param(
            {"siren": "912 345 675"}, [("invalid_siren", "siren", None)], id="SIREN with spaces"
        ),
        pytest.param({"siren": None}, [], id="SIREN may be null"),
        pytest.param({"share_value": "0"}, [("share_value_not_positive", None, None)], id="0 €"),
        pytest.param({"share_value": "-5"}, [("invalid_amount", "share_value", None)], id="< 0"),
        pytest.param(
            {"share_value": "50.005"}, [("invalid_amount", "share_value", None)], id="3 decimals"
        ),
        pytest.param({"capital_floor": "1000"}, [], id="SAS floor below the SA minimum is fine"),
        pytest.param(
            {"governance": "manager"},
            [("governance_not_allowed", None, None)],
            id="governance of another form",
        ),
        pytest.param(
            {"revision_cycle_years": 0},
            [("revision_cycle_out_of_range", "revision_cycle_years", "R-REV-1")],
            id="R-REV-1 zero years",
        ),
        pytest.param(
            {"reimbursement_delay_years": "5"},
            [("invalid_type", "reimbursement_delay_years", None)],
            id="number as a string",
        ),
        pytest.param(
            {"categories": "SAL"}, [("invalid_type", "categories", None)], id="not a list"
        ),
    ],
)
def test_single_field_problems(change, expected):
    data = example()
    data.update(change)
    spec, violations = read_statutes(data)
    assert found(violations) == expected
    assert (spec is None) == bool(expected)


def test_min_shares_zero_is_refused_by_the_schema():
    data = example()
    data["categories"][3]["min_shares"] = 0
    _, violations = read_statutes(data)
    assert found(violations) == [("value_out_of_range", "categories[3].min_shares", None)]


def test_document_that_is_not_an_object():
    assert found(read_statutes([])[1]) == [("invalid_type", "$", None)]


def test_reading_never_changes_the_input():
    data = example()
    before = copy.deepcopy(data)
    read_statutes(data)
    assert data == before
