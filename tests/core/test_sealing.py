"""The building blocks of the secret urn: sealed boxes, a split key, passphrase-locked shares."""

from itertools import combinations

import pytest

from scic.core import sealing
from scic.core.sealing import SealingError


@pytest.fixture(scope="module")
def pair():
    return sealing.new_key_pair()


def test_a_sealed_box_opens_with_the_private_key_only(pair):
    box = sealing.seal(pair.public, b'{"v":"for"}')
    assert sealing.open_sealed(pair.private, box) == b'{"v":"for"}'
    assert b"for" not in box
    with pytest.raises(SealingError):
        sealing.open_sealed(sealing.new_key_pair().private, box)


def test_every_box_has_the_same_length_and_differs_for_the_same_text(pair):
    boxes = [sealing.seal(pair.public, text) for text in (b"for", b"against", b"for", b"")]
    assert {len(b) for b in boxes} == {sealing.SEALED_SIZE}
    assert boxes[0] != boxes[2]


def test_a_plaintext_too_long_to_pad_is_refused(pair):
    with pytest.raises(SealingError):
        sealing.seal(pair.public, b"x" * (sealing.PLAINTEXT_SIZE - 1))


@pytest.mark.parametrize(
    ("holders", "threshold"),
    [
        pytest.param(3, 2, id="any 2 of 3"),
        pytest.param(5, 2, id="any 2 of 5"),
        pytest.param(4, 3, id="any 3 of 4"),
    ],
)
def test_any_threshold_of_the_shares_rebuilds_the_key(pair, holders, threshold):
    shares = sealing.split_key(pair.private, holders=holders, threshold=threshold)
    assert [s.index for s in shares] == list(range(1, holders + 1))
    for chosen in combinations(shares, threshold):
        assert sealing.join_shares(chosen, pair.public) == pair.private
    for chosen in combinations(shares, threshold - 1):
        if len(chosen) >= 2:
            with pytest.raises(SealingError):
                sealing.join_shares(chosen, pair.public)


def test_one_share_alone_is_refused_and_reveals_no_half_of_the_key(pair):
    shares = sealing.split_key(pair.private, holders=3, threshold=2)
    with pytest.raises(SealingError):
        sealing.join_shares(shares[:1], pair.public)
    for share in shares:
        assert pair.private[:16] not in share.value
        assert pair.private[16:] not in share.value


def test_a_share_of_another_key_is_refused(pair):
    other = sealing.new_key_pair()
    mixed = [
        sealing.split_key(pair.private, holders=3, threshold=2)[0],
        sealing.split_key(other.private, holders=3, threshold=2)[1],
    ]
    with pytest.raises(SealingError):
        sealing.join_shares(mixed, pair.public)


@pytest.mark.parametrize(
    ("holders", "threshold"),
    [pytest.param(3, 1, id="threshold 1"), pytest.param(2, 3, id="threshold above holders")],
)
def test_a_split_that_one_person_could_open_or_nobody_could_is_refused(pair, holders, threshold):
    with pytest.raises(SealingError):
        sealing.split_key(pair.private, holders=holders, threshold=threshold)


def test_a_locked_share_opens_with_its_passphrase_only(pair):
    share = sealing.split_key(pair.private, holders=3, threshold=2)[0]
    locked = sealing.lock_share(share, "correct horse", cost=sealing.MIN_COST)
    assert share.value not in locked.box
    assert sealing.unlock_share(locked, "correct horse") == share
    with pytest.raises(SealingError):
        sealing.unlock_share(locked, "correct hors")
