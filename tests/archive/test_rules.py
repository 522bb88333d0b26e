"""Pure checks of an electronic register's series (décret 2019-1118: continuous, numbered)."""

import pytest

from scic.archive.rules import (
    SheetFacts,
    SignatureRecord,
    missing_numbers,
    recorded_signature_problems,
    series_problems,
)

GENESIS = "0" * 64


@pytest.mark.parametrize(
    ("numbers", "missing"),
    [
        pytest.param([], [], id="D2019-1118 no sheet yet"),
        pytest.param([1, 2, 3], [], id="D2019-1118 continuous"),
        pytest.param([1, 3], [2], id="D2019-1118 middle sheet missing"),
        pytest.param([2, 3], [1], id="D2019-1118 first sheet missing"),
        pytest.param([3, 1, 5], [2, 4], id="D2019-1118 order does not matter"),
    ],
)
def test_missing_numbers(numbers, missing):
    assert missing_numbers(numbers) == missing


def sheet(number, digest, previous, *, revisions=(1,), stored=None, in_pdf=None):
    return SheetFacts(
        number=number,
        revisions=list(revisions),
        stored_sha256=stored or digest,
        actual_sha256=digest,
        previous_recorded=previous,
        previous_in_pdf=previous if in_pdf is None else in_pdf,
        first_revision_sha256=digest,
    )


def codes(sheets):
    return [(p.number, p.code) for p in series_problems("minutes", sheets, GENESIS)]


@pytest.mark.parametrize(
    ("sheets", "expected"),
    [
        pytest.param(
            [sheet(1, "a", GENESIS), sheet(2, "b", "a"), sheet(3, "c", "b")],
            [],
            id="D2019-1118 intact series",
        ),
        pytest.param(
            [sheet(1, "a", GENESIS), sheet(3, "c", "b")],
            [(2, "sheet_missing"), (3, "previous_sheet_mismatch")],
            id="D2019-1118 removed sheet shows twice",
        ),
        pytest.param(
            [sheet(1, "a", GENESIS, stored="z")],
            [(1, "sheet_altered")],
            id="D2019-1118 stored bytes changed",
        ),
        pytest.param(
            [sheet(1, "a", GENESIS), sheet(2, "b", "a", in_pdf="x")],
            [(2, "previous_link_altered"), (2, "previous_sheet_mismatch")],
            id="D2019-1118 back link differs from the signed one",
        ),
        pytest.param(
            [sheet(1, "a", GENESIS, revisions=(1, 3))],
            [(1, "revision_missing")],
            id="D2019-1118 a signed revision removed",
        ),
        pytest.param(
            [sheet(1, "a", "other")],
            [(1, "previous_sheet_mismatch")],
            id="D2019-1118 first sheet names no predecessor",
        ),
    ],
)
def test_series_problems(sheets, expected):
    assert codes(sheets) == expected


def records(*triples):
    return [SignatureRecord(number, revision, digest) for number, revision, digest in triples]


@pytest.mark.parametrize(
    ("recorded", "stored", "expected"),
    [
        pytest.param(
            records((1, 1, "a"), (1, 2, "b"), (2, 1, "c")),
            records((1, 1, "a"), (1, 2, "b"), (2, 1, "c")),
            [],
            id="D2019-1118 every signature recorded and stored",
        ),
        pytest.param(
            records((1, 1, "a"), (2, 1, "c")),
            records((1, 1, "a")),
            [(2, "signature_record_missing", 1)],
            id="D2019-1118 last sheet removed: only the audit log shows it",
        ),
        pytest.param(
            records((1, 1, "a"), (1, 2, "b")),
            records((1, 1, "a")),
            [(1, "signature_record_missing", 2)],
            id="D2019-1118 last signature of a sheet removed",
        ),
        pytest.param(
            records((1, 1, "a")),
            records((1, 1, "z")),
            [(1, "signature_record_differs", 1)],
            id="D2019-1118 stored file replaced",
        ),
        pytest.param(
            records((1, 1, "a")),
            records((1, 1, "a"), (2, 1, "c")),
            [(2, "signature_not_recorded", 1)],
            id="D2019-1118 sheet added outside the application",
        ),
        pytest.param([], [], [], id="D2019-1118 empty series"),
    ],
)
def test_recorded_signature_problems(recorded, stored, expected):
    found = recorded_signature_problems("minutes", recorded, stored)
    assert [(p.number, p.code, p.params["revision"]) for p in found] == expected
    assert {p.series for p in found} <= {"minutes"}
