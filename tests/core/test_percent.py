"""College weights: percent at the edges, exact fractions of 1 inside (FORMATS.md)."""

from decimal import Decimal
from fractions import Fraction

import pytest

from scic.core.percent import from_percent, percent_text, to_percent


@pytest.mark.parametrize(
    ("written", "weight"),
    [
        pytest.param("50", Fraction(1, 2), id="whole percent"),
        pytest.param("100/3", Fraction(1, 3), id="exact third"),
        pytest.param("33.5", Fraction(67, 200), id="decimal percent"),
        pytest.param(Decimal("12.25"), Fraction(49, 400), id="form decimal"),
        pytest.param(0, Fraction(0), id="zero"),
    ],
)
def test_from_percent_reads_the_exact_fraction_of_one(written, weight):
    assert from_percent(written) == weight


@pytest.mark.parametrize(
    ("weight", "text"),
    [
        pytest.param(Fraction(1, 2), "50", id="half"),
        pytest.param(Fraction(1, 3), "100/3", id="third stays exact"),
        pytest.param(Fraction(67, 200), "67/2", id="33.5 percent"),
        pytest.param(Fraction(0), "0", id="zero"),
    ],
)
def test_percent_text_writes_what_from_percent_reads_back(weight, text):
    assert percent_text(weight) == text
    assert to_percent(weight) == Fraction(text)
    assert from_percent(percent_text(weight)) == weight


def test_from_percent_refuses_text_that_is_not_a_number():
    with pytest.raises(ValueError, match="fifty"):
        from_percent("fifty")
