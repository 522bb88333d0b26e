"""§6.6 step 4 table tests: registered-letter numbers pasted or imported (letter_rules)."""

import pytest

from scic.assemblies.letter_rules import (
    LetterLine,
    match_letters,
    member_key,
    read_letters_csv,
    read_pasted_numbers,
)
from tests.violations import codes

#: Members to convene by post, by their number in the register (the keys stand for members).
RECIPIENTS = {"7": "m7", "12": "m12", "40": "m40"}


@pytest.mark.parametrize(
    ("text", "lines", "expected"),
    [
        pytest.param(
            "1A 001\n\n1A 002\n",
            [LetterLine(1, None, "1A 001"), LetterLine(3, None, "1A 002")],
            [],
            id="§6.6 one number per line, blank lines counted",
        ),
        pytest.param(
            "12;1A 001\n7\t1A 002",
            [LetterLine(1, "12", "1A 001"), LetterLine(2, "7", "1A 002")],
            [],
            id="§6.6 member;number and a pasted spreadsheet column",
        ),
        pytest.param("12;", [LetterLine(1, "12", "")], ["letters_number_missing"], id="no number"),
        pytest.param(";1A 001", [], ["letters_member_missing"], id="no member"),
        pytest.param(
            "1A 001\n12;1A 002",
            [LetterLine(1, None, "1A 001"), LetterLine(2, "12", "1A 002")],
            ["letters_mixed_lines"],
            id="mixed kinds of lines",
        ),
        pytest.param(
            "x" * 65, [LetterLine(1, None, "x" * 65)], ["letters_number_too_long"], id="65 chars"
        ),
    ],
)
def test_read_pasted_numbers(text, lines, expected):
    found, problems = read_pasted_numbers(text)
    assert found == lines
    assert codes(problems) == expected


def test_a_bad_pasted_line_is_named():
    _, problems = read_pasted_numbers("12;1A 001\n\n40;")
    assert [(p.code, p.params) for p in problems] == [("letters_number_missing", {"line": 3})]


@pytest.mark.parametrize(
    ("text", "lines", "expected"),
    [
        pytest.param(
            "\ufeffmember;registered_number\n12;1A 001\n7;1A 002\n",
            [LetterLine(2, "12", "1A 001"), LetterLine(3, "7", "1A 002")],
            [],
            id="§6.6 semicolons, a BOM, the first letter on line 2",
        ),
        pytest.param(
            "registered_number,member\n1A 001,12\n",
            [LetterLine(2, "12", "1A 001")],
            [],
            id="§6.6 commas, columns in any order",
        ),
        pytest.param("member;number\n12;1A\n", [], ["letters_csv_header"], id="unknown header"),
        pytest.param("member;registered_number\n", [], ["letters_csv_empty"], id="no letter"),
        pytest.param("", [], ["letters_csv_empty"], id="empty file"),
        pytest.param(
            "member;registered_number\n12;1A 001\n;1A 002\n40;\n",
            [LetterLine(2, "12", "1A 001"), LetterLine(4, "40", "")],
            ["letters_member_missing", "letters_number_missing"],
            id="bad lines",
        ),
    ],
)
def test_read_letters_csv(text, lines, expected):
    found, problems = read_letters_csv(text)
    assert found == lines
    assert codes(problems) == expected


def test_a_bad_csv_line_is_named_as_in_a_spreadsheet():
    _, problems = read_letters_csv("member;registered_number\n12;1A 001\n;1A 002\n")
    assert [(p.code, p.params) for p in problems] == [("letters_member_missing", {"line": 3})]


@pytest.mark.parametrize(
    ("lines", "selected", "pairs", "expected"),
    [
        pytest.param([], ["m7", "m12"], [("m7", ""), ("m12", "")], [], id="§6.6 no numbers"),
        pytest.param(
            [LetterLine(1, None, "A"), LetterLine(2, None, "B")],
            ["m7", "m12"],
            [("m7", "A"), ("m12", "B")],
            [],
            id="§6.6 matched by order",
        ),
        pytest.param(
            [LetterLine(1, None, "A")],
            ["m7", "m12"],
            [],
            ["letters_count_mismatch"],
            id="one number for two members",
        ),
        pytest.param(
            [LetterLine(1, "40", "A"), LetterLine(2, "007", "B")],
            [],
            [("m40", "A"), ("m7", "B")],
            [],
            id="§6.6 member;number lines choose their members",
        ),
        pytest.param(
            [LetterLine(1, "40", "A"), LetterLine(2, "99", "B")],
            [],
            [],
            ["letters_member_unknown"],
            id="a member not convened by post",
        ),
        pytest.param(
            [LetterLine(1, "40", "A"), LetterLine(2, "40", "B")],
            [],
            [],
            ["letters_member_twice"],
            id="a member twice",
        ),
        pytest.param(
            [LetterLine(1, None, "A"), LetterLine(2, None, "A")],
            ["m7", "m12"],
            [],
            ["letters_number_twice"],
            id="a registered-letter number twice",
        ),
    ],
)
def test_match_letters(lines, selected, pairs, expected):
    found, problems = match_letters(lines, selected, RECIPIENTS)
    assert found == pairs
    assert codes(problems) == expected


def test_match_letters_names_both_lines():
    _, problems = match_letters([LetterLine(2, "12", "A"), LetterLine(5, "7", "A")], [], RECIPIENTS)
    assert [(p.code, p.params) for p in problems] == [
        ("letters_number_twice", {"line": 5, "first": 2})
    ]
    assert member_key(42) == "42"
