"""The secret urn's services: tellers set it up, ballots are sealed, the count destroys the key."""

import pytest
from sqlalchemy import func, select

from scic.core.db import db
from scic.core.violations import RuleViolation
from scic.voting import services, urn
from scic.voting.models import SecretBallot, SecretUrnBox, SecretUrnKey, TellerShare
from tests.fixtures.voting import NOW
from tests.violations import codes

PASSPHRASES = ("first teller's words", "second teller's words", "third teller's words")


@pytest.fixture
def secret_draft(scenario):
    return services.create_resolution(scenario.assembly, title="Élection", secret=True)


def tellers_of(scenario):
    return [scenario.users[m.id] for m in scenario.trav]


def set_up(scenario, resolution):
    pairs = list(zip([u.id for u in tellers_of(scenario)], PASSPHRASES, strict=True))
    return urn.set_up_urn(resolution, pairs, by=scenario.secretary, now=NOW)


def test_set_up_stores_the_public_key_and_locked_shares_never_the_private_key(
    scenario, secret_draft
):
    key = set_up(scenario, secret_draft)
    shares = db.session.scalars(select(TellerShare).order_by(TellerShare.share_index)).all()
    assert [s.user_id for s in shares] == [u.id for u in tellers_of(scenario)]
    assert [s.share_index for s in shares] == [1, 2, 3]
    assert key.threshold == 2
    assert len(key.public_key) == 32
    assert urn.tellers_of(secret_draft) == tellers_of(scenario)
    opened = urn.unlock_urn(
        secret_draft,
        {tellers_of(scenario)[0].id: PASSPHRASES[0], tellers_of(scenario)[2].id: PASSPHRASES[2]},
    )
    for share in shares:
        assert opened.private_key[:16] not in share.locked_share
        assert opened.private_key[16:] not in share.locked_share


@pytest.mark.parametrize(
    ("count", "passphrase", "expected"),
    [
        pytest.param(2, PASSPHRASES[0], ["tellers_too_few"], id="R-TAL-3 two tellers"),
        pytest.param(3, "short", ["teller_passphrase_short"], id="R-TAL-3 short passphrase"),
    ],
)
def test_set_up_refuses_too_few_tellers_or_short_passphrases(
    scenario, secret_draft, count, passphrase, expected
):
    pairs = [(u.id, passphrase) for u in tellers_of(scenario)[:count]]
    with pytest.raises(RuleViolation) as exc:
        urn.set_up_urn(secret_draft, pairs, by=scenario.secretary, now=NOW)
    assert codes(exc) == expected
    assert db.session.scalar(select(func.count()).select_from(SecretUrnKey)) == 0


def test_a_teller_must_have_a_role_in_the_cooperative(scenario, secret_draft, make_user):
    outsider = make_user()
    pairs = [(u.id, p) for u, p in zip(tellers_of(scenario)[:2], PASSPHRASES, strict=False)]
    with pytest.raises(RuleViolation) as exc:
        urn.set_up_urn(secret_draft, [*pairs, (outsider.id, PASSPHRASES[2])], now=NOW)
    assert codes(exc) == ["teller_not_in_cooperative"]


def test_an_urn_is_set_up_once_and_only_for_a_secret_vote(scenario, secret_draft):
    set_up(scenario, secret_draft)
    with pytest.raises(RuleViolation) as exc:
        set_up(scenario, secret_draft)
    assert codes(exc) == ["urn_already_set_up"]
    open_vote = services.create_resolution(scenario.assembly, title="Comptes")
    with pytest.raises(RuleViolation) as exc:
        set_up(scenario, open_vote)
    assert codes(exc) == ["urn_not_secret"]


def test_a_ballot_is_refused_before_the_urn_is_set_up(secret_draft):
    with pytest.raises(RuleViolation) as exc:
        urn.seal_ballot(secret_draft, college_id=None, choice="for", receipt_code="A")
    assert codes(exc) == ["urn_not_set_up"]


def test_sealed_boxes_hold_no_clear_choice_and_have_one_length(scenario, secret_draft):
    set_up(scenario, secret_draft)
    for choice in ("for", "against", "abstain"):
        urn.seal_ballot(secret_draft, college_id=7, choice=choice, receipt_code="ABCDEFGH")
    boxes = db.session.scalars(select(SecretUrnBox.sealed)).all()
    assert len({len(b) for b in boxes}) == 1
    for box in boxes:
        for clear in (b"for", b"against", b"abstain", b"ABCDEFGH"):
            assert clear not in box


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        pytest.param({0: PASSPHRASES[0]}, ["tellers_not_enough"], id="R-TAL-3 one teller"),
        pytest.param({0: PASSPHRASES[0], 1: ""}, ["tellers_not_enough"], id="R-TAL-3 a blank"),
        pytest.param(
            {0: PASSPHRASES[0], 1: PASSPHRASES[2]}, ["teller_passphrase_wrong"], id="R-TAL-3 wrong"
        ),
    ],
)
def test_unlocking_needs_two_right_passphrases(scenario, secret_draft, given, expected):
    set_up(scenario, secret_draft)
    tellers = tellers_of(scenario)
    with pytest.raises(RuleViolation) as exc:
        urn.unlock_urn(secret_draft, {tellers[i].id: p for i, p in given.items()})
    assert codes(exc) == expected
    if expected == ["teller_passphrase_wrong"]:
        assert exc.value.violations[0].params == {"teller": tellers[1].display_name}


def test_the_count_opens_the_boxes_chains_them_and_destroys_boxes_and_shares(
    scenario, secret_draft
):
    from scic.voting.models import SecretParticipation

    set_up(scenario, secret_draft)
    cast = [("for", 1, "RCPT0001"), ("against", 1, "RCPT0002"), ("for", 2, "RCPT0003")]
    for number, (choice, college, receipt) in enumerate(cast):
        member = scenario.trav[number]
        db.session.add(
            SecretParticipation(
                cooperative_id=secret_draft.cooperative_id,
                resolution_id=secret_draft.id,
                member_id=member.id,
                channel="remote",
                cast_at=NOW,
            )
        )
        urn.seal_ballot(secret_draft, college_id=college, choice=choice, receipt_code=receipt)
    tellers = tellers_of(scenario)
    opened = urn.unlock_urn(
        secret_draft, {tellers[1].id: PASSPHRASES[1], tellers[2].id: PASSPHRASES[2]}
    )
    assert urn.count_urn(secret_draft, opened, now=NOW) == 3
    ballots = db.session.scalars(select(SecretBallot)).all()
    assert sorted((b.choice, b.college_id, b.receipt_code) for b in ballots) == sorted(cast)
    assert db.session.scalar(select(func.count()).select_from(SecretUrnBox)) == 0
    assert db.session.scalar(select(func.count()).select_from(TellerShare)) == 0
    assert db.session.get(SecretUrnKey, secret_draft.id).destroyed_at is not None
    assert not urn.is_ready(secret_draft)
    with pytest.raises(RuleViolation) as exc:
        urn.unlock_urn(secret_draft, {tellers[1].id: PASSPHRASES[1]})
    assert codes(exc) == ["urn_not_set_up"]


def test_the_count_refuses_an_urn_with_more_boxes_than_voters(scenario, secret_draft):
    set_up(scenario, secret_draft)
    urn.seal_ballot(secret_draft, college_id=None, choice="for", receipt_code="STUFFED1")
    tellers = tellers_of(scenario)
    opened = urn.unlock_urn(
        secret_draft, {tellers[0].id: PASSPHRASES[0], tellers[1].id: PASSPHRASES[1]}
    )
    with pytest.raises(RuleViolation) as exc:
        urn.count_urn(secret_draft, opened, now=NOW)
    assert codes(exc) == ["urn_count_mismatch"]
