"""The members CSV reader and writer (FORMATS.md §3), on plain text (no fixtures)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scic.cooperatives.rules import CategoryKind
from scic.membership.csv_format import (
    COLUMNS,
    MemberRow,
    parse_date,
    read_members_csv,
    write_members_csv,
)
from scic.membership.rules import AuthorityType, MemberKind

CATEGORIES = {
    "SAL": CategoryKind.EMPLOYEE,
    "USA": CategoryKind.BENEFICIARY,
    "COLL": CategoryKind.LOCAL_AUTHORITY,
    "BEN": CategoryKind.VOLUNTEER,
    "PUB": CategoryKind.OTHER_PUBLIC,
}
MIN_SHARES = {"SAL": 2, "USA": 1, "COLL": 10, "BEN": 1, "PUB": 1}


def read(text: str):
    return read_members_csv(text, CATEGORIES, MIN_SHARES)


def problems(violations) -> list[tuple[str | None, str, object]]:
    return [(v.subject, v.code, v.params.get("column")) for v in violations]


GOOD_COMMA = (
    "number,kind,name,first_name,category,email,siren,authority_type,deliberation_ref,"
    "deliberation_date,deliberation_executory_date,representative,admitted_on,shares\n"
    "1,person,Martin,Julie,SAL,julie@example.org,,,,,,,2024-01-15,2\n"
    "2,local_authority,Commune de Montignac,,COLL,,212402911,commune,DCM-2023-45,"
    "2023-12-04,2023-12-11,Paul Adjoint,2024-01-15,10\n"
    "3,organisation,Association Roue Libre,,USA,,,,,,,Lise Ronde,2024-02-01,1\n"
)


def test_good_comma_file():
    rows, violations = read(GOOD_COMMA)
    assert violations == []
    assert [r.number for r in rows] == [1, 2, 3]
    assert [r.line for r in rows] == [2, 3, 4]
    commune = rows[1]
    assert commune.kind is MemberKind.LOCAL_AUTHORITY
    assert commune.authority_type is AuthorityType.COMMUNE
    assert commune.deliberation_date == date(2023, 12, 4)
    assert commune.deliberation_executory_date == date(2023, 12, 11)
    assert commune.executory_date_assumed is False
    assert commune.shares == 10
    assert rows[0].first_name == "Julie"
    assert rows[2].email is None


def test_semicolons_bom_french_dates_and_windows_line_ends():
    text = (
        "\ufeffkind;name;first_name;category;authority_type;deliberation_ref;deliberation_date;"
        "representative;admitted_on;shares;address\r\n"
        'person;Dupont;Marc;USA;;;;;05/03/2024;3;"12, rue des Lilas; 24290 Montignac"\r\n'
        "local_authority;Commune de Thonac;;COLL;commune;D-12;1/2/2024;Anne Maire;"
        "15/02/2024;10;\r\n"
    )
    rows, violations = read(text)
    assert violations == []
    assert rows[0].admitted_on == date(2024, 3, 5)
    assert rows[0].address == "12, rue des Lilas; 24290 Montignac"
    assert rows[0].number is None
    assert rows[1].deliberation_date == date(2024, 2, 1)


def test_absent_executory_date_is_assumed_equal_to_the_deliberation_date():
    text = (
        "kind,name,category,authority_type,deliberation_ref,deliberation_date,representative,"
        "admitted_on,shares\n"
        "local_authority,CC Vallée,COLL,epci,CC-2024-3,2024-03-01,Anne,2024-03-01,12\n"
    )
    (row,), violations = read(text)
    assert violations == []
    assert row.deliberation_executory_date == date(2024, 3, 1)
    assert row.executory_date_assumed is True


BROKEN = """\
number;kind;name;first_name;category;siren;authority_type;deliberation_ref;deliberation_date;deliberation_executory_date;representative;admitted_on;shares
1;person;Martin;;SAL;;;;;;;2024-01-15;1
2;robot;R2;;USA;;;;;;;2024-01-15;1
1;organisation;SARL Vélo;;BEN;912345676;;;;;;31/02/2024;1

4;local_authority;Commune;;COLL;;mairie;;2024-01-20;2024-01-10;;2024-01-15;abc
5;person;Durand;Léa;XYZ;;;;;;;2024-13-01;0
6;person;Petit;Jean;USA;;commune;;;;;2024-01-15;1;extra
7;local_authority;Département;;COLL;;departement;D-1;2024-01-01;2024-02-01;M. X;2024-01-15;10
"""


def test_broken_file_reports_every_problem_with_its_line():
    rows, violations = read(BROKEN)
    assert problems(violations) == [
        ("line 2", "missing_value", "first_name"),
        ("line 2", "below_min_shares", "shares"),
        ("line 3", "invalid_choice", "kind"),
        ("line 4", "member_kind_not_allowed_in_category", "category"),
        ("line 4", "invalid_siren", "siren"),
        ("line 4", "missing_value", "representative"),
        ("line 4", "invalid_date", "admitted_on"),
        ("line 4", "duplicate_number", "number"),
        ("line 6", "invalid_choice", "authority_type"),
        ("line 6", "missing_value", "deliberation_ref"),
        ("line 6", "executory_before_deliberation", "deliberation_executory_date"),
        ("line 6", "missing_value", "representative"),
        ("line 6", "invalid_shares", "shares"),
        ("line 7", "unknown_category", "category"),
        ("line 7", "invalid_date", "admitted_on"),
        ("line 7", "invalid_shares", "shares"),
        ("line 8", "wrong_cell_count", ""),
        ("line 9", "deliberation_not_enforceable", "admitted_on"),
    ]
    by_code = {v.code: v for v in violations}
    assert by_code["duplicate_number"].params["first_line"] == 2
    assert by_code["member_kind_not_allowed_in_category"].rule == "R-CAT-3"
    assert by_code["deliberation_not_enforceable"].rule == "R-LA-5"
    assert by_code["below_min_shares"].params["min_shares"] == 2
    assert rows == []


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        pytest.param(
            "kind,name,category,shares",
            [("line 1", "missing_column", "admitted_on")],
            id="required column missing",
        ),
        pytest.param(
            "kind,name,category,admitted_on,shares,nom",
            [("line 1", "unknown_column", "nom")],
            id="unknown column refused",
        ),
        pytest.param(
            "kind,name,name,category,admitted_on,shares",
            [("line 1", "duplicate_column", "name")],
            id="duplicate column",
        ),
        pytest.param(
            " Kind ; NAME ;category;admitted_on;shares", [], id="header case and spaces ignored"
        ),
    ],
)
def test_header_problems(header, expected):
    _, violations = read(header + "\n")
    assert problems(violations) == expected


def test_empty_file():
    assert problems(read("\ufeff")[1]) == [("line 1", "empty_file", None)]


def test_multiline_cell_keeps_line_numbers_of_record_starts():
    text = (
        "kind,name,first_name,category,address,admitted_on,shares\n"
        'person,A,Ann,USA,"1 rue\nBâtiment B",2024-01-01,1\n'
        "person,B,,USA,,2024-01-01,1\n"
    )
    _, violations = read(text)
    assert problems(violations) == [("line 4", "missing_value", "first_name")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("2024-03-05", date(2024, 3, 5), id="ISO"),
        pytest.param("05/03/2024", date(2024, 3, 5), id="French"),
        pytest.param("5/3/2024", date(2024, 3, 5), id="French without zeros"),
        pytest.param("29/02/2024", date(2024, 2, 29), id="leap day"),
        pytest.param("29/02/2023", None, id="no leap day"),
        pytest.param("03/05/24", None, id="two-digit year"),
        pytest.param("2024/03/05", None, id="slashes in ISO order"),
        pytest.param("5 mars 2024", None, id="words"),
    ],
)
def test_dates(text, expected):
    assert parse_date(text) == expected


def test_siren_grouped_by_three_is_accepted():
    text = (
        "kind,name,category,siren,representative,admitted_on,shares\n"
        "other_public,Hôpital,PUB,912 345 675,Dr X,2024-01-01,1\n"
    )
    (row,), violations = read(text)
    assert violations == []
    assert row.siren == "912345675"


def test_writer_uses_semicolons_bom_and_every_column():
    rows, _ = read(GOOD_COMMA)
    text = write_members_csv(rows)
    assert text.startswith("\ufeff")
    assert text.splitlines()[0].lstrip("\ufeff") == ";".join(COLUMNS)
    assert read(text) == (rows, [])


def test_writer_leaves_assumed_executory_date_empty():
    row = MemberRow(
        kind=MemberKind.LOCAL_AUTHORITY,
        name="Commune",
        category="COLL",
        admitted_on=date(2024, 3, 1),
        shares=10,
        authority_type=AuthorityType.COMMUNE,
        deliberation_ref="D-1",
        deliberation_date=date(2024, 2, 1),
        deliberation_executory_date=date(2024, 2, 1),
        executory_date_assumed=True,
        representative="Anne",
    )
    text = write_members_csv([row])
    assert ";2024-02-01;;Anne;" in text
    assert read(text) == ([row], [])


def test_writer_neutralises_spreadsheet_formulas():
    row = MemberRow(
        kind=MemberKind.PERSON,
        name="=1+2",
        first_name="-Jo",
        category="USA",
        admitted_on=date(2024, 1, 1),
        shares=1,
    )
    text = write_members_csv([row])
    assert ";'=1+2;" in text
    assert ";'-Jo;" in text
    assert read(text) == ([row], [])


_text = (
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
        min_size=1,
        max_size=12,
    )
    .map(str.strip)
    .filter(bool)
)


@st.composite
def member_rows(draw) -> MemberRow:
    kind = draw(st.sampled_from([MemberKind.PERSON, MemberKind.ORGANISATION]))
    category = draw(st.sampled_from(["USA", "SAL"] if kind is MemberKind.PERSON else ["USA"]))
    return MemberRow(
        kind=kind,
        name=draw(_text),
        first_name=draw(_text) if kind is MemberKind.PERSON else None,
        category=category,
        admitted_on=draw(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1))),
        shares=draw(st.integers(MIN_SHARES[category], 10_000)),
        address=draw(st.none() | _text),
        representative=draw(_text) if kind is MemberKind.ORGANISATION else None,
    )


@settings(max_examples=50)
@given(st.lists(member_rows(), max_size=5))
def test_csv_round_trip(rows):
    rows = [
        MemberRow(**{**row.__dict__, "number": i + 1, "line": i + 2}) for i, row in enumerate(rows)
    ]
    assert read(write_members_csv(rows)) == (rows, [])
