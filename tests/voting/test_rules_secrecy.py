"""Secret ballots: what members may read of the counts, and who sets up the urn (R-TAL-3)."""

import pytest

from scic.voting.rules import (
    PASSPHRASE_MIN_LENGTH,
    CollegeCount,
    check_tellers,
    secret_publication,
)


@pytest.mark.parametrize(
    ("counts", "revealing"),
    [
        pytest.param(
            [("A", 2, 1, 1), ("B", 3, 2, 0)], [], id="R-TAL-3 three or more, mixed: published"
        ),
        pytest.param([("A", 1, 1, 0), ("B", 4, 3, 2)], ["A"], id="R-TAL-3 two voters"),
        pytest.param([("A", 0, 1, 0), ("B", 4, 3, 2)], ["A"], id="R-TAL-3 one voter"),
        pytest.param([("A", 5, 0, 0), ("B", 4, 3, 2)], ["A"], id="R-TAL-3 unanimous for"),
        pytest.param([("A", 0, 0, 4), ("B", 4, 3, 2)], ["A"], id="R-TAL-3 unanimous abstain"),
        pytest.param([("A", 0, 0, 0), ("B", 4, 3, 2)], [], id="R-TAL-3 silent college"),
        pytest.param([(None, 2, 1, 0)], [], id="R-TAL-3 headcount mixed"),
        pytest.param([(None, 3, 0, 0)], [""], id="R-TAL-3 headcount unanimous"),
        pytest.param(
            [("A", 1, 0, 0), ("B", 0, 2, 0), ("C", 2, 2, 2)],
            ["A", "B"],
            id="R-TAL-3 two revealing colleges",
        ),
    ],
)
def test_secret_publication_withholds_counts_that_reveal_a_choice(counts, revealing):
    publication = secret_publication(
        [CollegeCount(code, for_=f, against=a, abstain=x) for code, f, a, x in counts]
    )
    assert list(publication.revealing) == revealing
    assert publication.details_published is (not revealing)


GOOD = PASSPHRASE_MIN_LENGTH


@pytest.mark.parametrize(
    ("tellers", "lengths", "codes"),
    [
        pytest.param([1, 2, 3], [GOOD] * 3, [], id="R-TAL-3 three tellers"),
        pytest.param([1, 2, 3, 4], [GOOD] * 4, [], id="R-TAL-3 four tellers"),
        pytest.param([1, 2], [GOOD] * 2, ["tellers_too_few"], id="R-TAL-3 two tellers"),
        pytest.param(
            [1, 2, 2], [GOOD] * 3, ["teller_twice", "tellers_too_few"], id="R-TAL-3 same teller"
        ),
        pytest.param(
            [1, 2, 3], [GOOD, GOOD - 1, GOOD], ["teller_passphrase_short"], id="R-TAL-3 short"
        ),
    ],
)
def test_check_tellers(tellers, lengths, codes):
    violations = check_tellers(tellers, lengths)
    assert [v.code for v in violations] == codes
    assert all(v.rule == "R-TAL-3" for v in violations)
