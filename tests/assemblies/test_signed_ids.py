"""The signed tokens of the voting link and the check-in QR code share one reader: a token
is read only with its own salt, and one whose ids are not numbers is refused, not a crash."""

from __future__ import annotations

import pytest

from scic.assemblies.services import read_checkin_token, read_voting_link
from scic.assemblies.services.checkin_links import CHECKIN_TOKEN_SALT
from scic.assemblies.services.signed_ids import signer
from scic.assemblies.services.voting_links import VOTING_TOKEN_SALT


def signed(salt: str, payload) -> str:
    return signer(salt).dumps(payload)


@pytest.mark.parametrize(
    ("payload", "voting", "checkin"),
    [
        pytest.param({"a": 3, "m": 7}, (3, 7, None), (3, 7), id="assembly and member"),
        pytest.param({"a": 3, "m": 7, "r": 9}, (3, 7, 9), (3, 7), id="a representative's link"),
        pytest.param({"a": "3", "m": "7"}, (3, 7, None), (3, 7), id="ids as text"),
        pytest.param({"a": 3, "m": 7, "r": None}, (3, 7, None), (3, 7), id="no designation"),
        pytest.param({"a": "three", "m": 7}, None, None, id="an id that is not a number"),
        pytest.param({"a": 3, "m": 7, "r": "x"}, None, (3, 7), id="a designation not a number"),
        pytest.param({"a": 3}, None, None, id="no member"),
        pytest.param([3, 7], None, None, id="not a mapping"),
    ],
)
def test_each_kind_reads_its_own_tokens(app, payload, voting, checkin):
    with app.app_context():
        assert read_voting_link(signed(VOTING_TOKEN_SALT, payload)) == voting
        assert read_checkin_token(signed(CHECKIN_TOKEN_SALT, payload)) == checkin
        # The other kind's salt: the signature does not hold.
        assert read_voting_link(signed(CHECKIN_TOKEN_SALT, payload)) is None
        assert read_checkin_token(signed(VOTING_TOKEN_SALT, payload)) is None
        assert read_voting_link(signed(VOTING_TOKEN_SALT, payload) + "x") is None
