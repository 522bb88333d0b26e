"""Show-of-hands counts: entered while the vote is open, corrected until it closes."""

from __future__ import annotations

import pytest

from scic.voting.ballot_rules import check_hand_count_entry


@pytest.mark.parametrize(
    ("secret", "status", "correcting", "codes"),
    [
        pytest.param(False, "open", False, [], id="R-AG-13 first count while open"),
        pytest.param(False, "open", True, [], id="R-AG-13 correction while open"),
        pytest.param(
            False,
            "closed",
            True,
            ["hand_count_correction_after_close"],
            id="R-AG-13 no correction once the vote closed",
        ),
        pytest.param(False, "closed", False, ["vote_closed"], id="R-AG-13 no count once closed"),
        pytest.param(False, "draft", False, ["vote_not_open"], id="R-AG-13 not before opening"),
        pytest.param(True, "open", False, ["hand_count_secret"], id="R-TAL-3 secret ballot"),
    ],
)
def test_hand_count_entry(secret, status, correcting, codes):
    found = check_hand_count_entry(secret=secret, status=status, correcting=correcting)
    assert [v.code for v in found] == codes
