"""One guard against spreadsheet formulas for every CSV (scic.core.csv_cells)."""

from datetime import date

import pytest

from scic.core.csv_cells import cell, unguard


@pytest.mark.parametrize(
    ("value", "written"),
    [
        pytest.param(None, "", id="empty"),
        pytest.param(date(2025, 3, 1), "2025-03-01", id="ISO date"),
        pytest.param("Dupont", "Dupont", id="plain text"),
        pytest.param("=HYPERLINK(1)", "'=HYPERLINK(1)", id="formula"),
        pytest.param("+33 6", "'+33 6", id="plus"),
        pytest.param("-1", "'-1", id="minus"),
        pytest.param("@SUM", "'@SUM", id="at"),
        pytest.param("\tx", "'\tx", id="tab"),
        pytest.param(12, "12", id="number as text"),
    ],
)
def test_cells_never_run_as_formulas_and_read_back(value, written):
    assert cell(value) == written
    if isinstance(value, str):
        assert unguard(written) == value


def test_an_apostrophe_before_plain_text_is_kept():
    assert unguard("'quoted") == "'quoted"
