"""The data revision that gives départements and régions their own councils' terms (§8 #24)."""

import importlib.util
from datetime import date
from pathlib import Path

import pytest

import scic

PATH = next(
    (Path(scic.__file__).parent / "migrations" / "versions").glob(
        "*_d7a4b9c2e6f1_mandate_ends_by_kind_of_authority.py"
    )
)
SPEC = importlib.util.spec_from_file_location("mandate_end_migration", PATH)
migration = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(migration)


@pytest.mark.parametrize(
    ("authority", "valid_from", "valid_to", "successor", "expected"),
    [
        pytest.param(
            "departement",
            date(2016, 1, 4),
            date(2020, 3, 15),
            False,
            date(2021, 6, 20),
            id="§8 #24 département lapsed at municipal elections: departmental",
        ),
        pytest.param(
            "region",
            date(2022, 1, 4),
            date(2026, 3, 15),
            False,
            None,
            id="§8 #24 région since 2021: no known end",
        ),
        pytest.param(
            "departement",
            date(2022, 1, 4),
            date(2026, 3, 15),
            True,
            date(2026, 3, 15),
            id="replaced the next day: the end is a real one",
        ),
        pytest.param(
            "departement",
            date(2022, 1, 4),
            date(2025, 9, 30),
            False,
            date(2025, 9, 30),
            id="an end typed by the secretary stays",
        ),
        pytest.param(
            "commune",
            date(2020, 7, 1),
            date(2026, 3, 15),
            False,
            date(2026, 3, 15),
            id="a commune keeps the municipal end",
        ),
        pytest.param(
            "other",
            date(2020, 7, 1),
            date(2026, 3, 15),
            False,
            None,
            id="other: no known term",
        ),
    ],
)
def test_fixed_end(authority, valid_from, valid_to, successor, expected):
    assert migration.fixed_end(authority, valid_from, valid_to, successor) == expected
