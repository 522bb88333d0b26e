"""Fuzzed exchange formats: the tally reader, the statutes loader and the members CSV reader
never raise; they return either a result or violations that name what is wrong."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from scic.cooperatives.statutes_format import read_statutes
from scic.membership.csv_format import read_members_csv, write_members_csv
from scic.voting.tally_format import legal_violations, read_tally, read_tally_text, tally_all
from tests.fixtures.factories import STATUTES
from tests.fixtures.voting import TALLY_EXAMPLE as TALLY
from tests.fuzz.strategies import json_values, mutated


def assert_result_or_violations(result, violations):
    assert (result is None) == bool(violations), (result, violations)
    for violation in violations:
        assert violation.code, violation
        assert isinstance(violation.code, str)


def test_the_unmutated_documents_are_valid():
    """The seeds of the mutations are valid, so a refusal below comes from the mutation."""
    tally, problems = read_tally(TALLY)
    assert problems == []
    assert len(tally_all(tally)) == 1
    spec, problems = read_statutes(STATUTES)
    assert problems == []
    assert spec is not None


@given(json_values)
def test_tally_reader_on_any_json(data):
    assert_result_or_violations(*read_tally(data))


@given(mutated(TALLY))
def test_tally_reader_on_mutated_files(data):
    tally, violations = read_tally(data)
    assert_result_or_violations(tally, violations)
    if tally is not None:
        legal_violations(tally)
        results = tally_all(tally)
        assert len(results) == len(tally.resolutions)


@given(st.binary(max_size=200) | st.text(max_size=200))
def test_tally_text_reader_on_any_bytes(text):
    assert_result_or_violations(*read_tally_text(text))


@given(json_values)
def test_statutes_loader_on_any_json(data):
    assert_result_or_violations(*read_statutes(data))


@given(mutated(STATUTES))
def test_statutes_loader_on_mutated_documents(data):
    spec, violations = read_statutes(data)
    assert_result_or_violations(spec, violations)
    # The JSON path or the rule ID tells the user which part is at fault.
    assert all(v.subject or v.rule or v.params for v in violations), violations


CATEGORIES = {"SAL": "employee", "USA": "beneficiary", "COLL": "local_authority"}
MIN_SHARES = {"SAL": 2, "USA": 1, "COLL": 10}
HEADER = "number;kind;name;first_name;category;admitted_on;shares"


def _categories():
    from scic.cooperatives.rules import CategoryKind

    return {code: CategoryKind(kind) for code, kind in CATEGORIES.items()}


@given(st.text(max_size=400))
def test_members_csv_reader_on_any_text(text):
    _, violations = read_members_csv(text, _categories(), MIN_SHARES)
    for violation in violations:
        assert (violation.subject or "").startswith("line "), violation


names = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=15)
#: One column each: mostly plausible values, sometimes broken ones.
columns = (
    st.sampled_from(["", "", "1", "2", "7", "x", "-1", "0"]),
    st.sampled_from(["person", "person", "organisation", "local_authority", "alien", ""]),
    names,
    names,
    st.sampled_from(["USA", "USA", "SAL", "COLL", "NOPE", ""]),
    st.sampled_from(["2025-01-15", "15/01/2025", "2025-02-30", "tomorrow", ""]),
    st.sampled_from(["1", "2", "10", "0", "-3", "1.5", "", "99999999999999999999"]),
)
rows_strategy = st.tuples(*columns).map(lambda cells: ";".join(c.replace(";", ",") for c in cells))


@given(st.lists(rows_strategy, min_size=1, max_size=5))
def test_members_csv_reader_on_csv_shaped_text(lines):
    text = "\n".join([HEADER, *lines])
    rows, violations = read_members_csv(text, _categories(), MIN_SHARES)
    for violation in violations:
        assert (violation.subject or "").startswith("line "), violation
    if not violations:
        # What was accepted writes back to a CSV the reader accepts again.
        again, problems = read_members_csv(write_members_csv(rows), _categories(), MIN_SHARES)
        assert problems == []
        assert [(r.name, r.shares) for r in again] == [(r.name, r.shares) for r in rows]


def test_json_strategy_produces_json():
    """The strategy itself yields encodable values (a guard on the fuzzing, not the code)."""

    @given(json_values)
    def encodable(value):
        json.dumps(value)

    encodable()
