"""The tellers seal a secret urn on the secretary's screen and count it at closing."""

from sqlalchemy import select

from scic.core.db import db
from scic.voting import services
from scic.voting.models import Resolution, SecretBallot, TellerShare
from tests.conftest import csrf_token_from
from tests.fixtures.voting import NOW, attend

PASSPHRASES = ("first teller's words", "second teller's words", "third teller's words")


def _set_up(client, scenario, resolution, passphrases):
    base = f"/c/{scenario.cooperative.slug}/votes/resolutions/{resolution.id}"
    page = client.get(f"{base}/urn")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "tellers" in html.lower()
    tellers = [scenario.users[m.id] for m in scenario.trav]
    data = {"csrf_token": csrf_token_from(html)}
    for index, (user, passphrase) in enumerate(zip(tellers, passphrases, strict=False)):
        data[f"tellers-{index}-user"] = str(user.id)
        data[f"tellers-{index}-passphrase"] = passphrase
    return client.post(f"{base}/urn", data=data), tellers


def test_tellers_seal_the_urn_then_two_of_them_count_the_vote(client, auth, scenario):
    resolution = services.create_resolution(scenario.assembly, title="Élection", secret=True)
    attend(scenario.assembly, *scenario.usa)  # the quorum (R-AG-11) before the vote opens
    db.session.commit()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    auth.login_as(scenario.secretary)
    base = f"/c/{scenario.cooperative.slug}/votes/resolutions/{resolution.id}"
    console = client.get(base).get_data(as_text=True)
    assert "Seal the urn with the tellers" in console
    assert f"{base}/open" not in console  # no opening before the urn is sealed

    response, _tellers = _set_up(client, scenario, resolution, PASSPHRASES)
    assert response.status_code == 303
    assert len(db.session.scalars(select(TellerShare)).all()) == 3
    console = client.get(base).get_data(as_text=True)
    assert "The urn is sealed" in console
    token = csrf_token_from(console)
    assert client.post(f"{base}/open", data={"csrf_token": token}).status_code == 303
    resolution = db.session.get(Resolution, resolution.id)
    for member in scenario.trav:
        services.cast_ballot(resolution, member, "for", by=scenario.users[member.id], now=NOW)
    db.session.commit()

    ids = [u.id for u in _tellers]
    console = client.get(base).get_data(as_text=True)
    for index, teller_id in enumerate(ids):  # one passphrase field per teller in the close form
        assert f'name="passphrases-{index}-teller" type="hidden" value="{teller_id}"' in console
        assert f'name="passphrases-{index}-passphrase"' in console

    def typed(**rows):
        data = {"csrf_token": token}
        for index, (number, passphrase) in enumerate(rows.items()):
            data[f"passphrases-{index}-teller"] = str(ids[int(number[1:])])
            data[f"passphrases-{index}-passphrase"] = passphrase
        return data

    wrong = client.post(
        f"{base}/close", data=typed(t0=PASSPHRASES[0], t1="nope"), follow_redirects=True
    )
    assert "is not the one set for this urn" in wrong.get_data(as_text=True)
    assert db.session.get(Resolution, resolution.id).status == "open"
    one = client.post(f"{base}/close", data={"csrf_token": token, "passphrases-1": PASSPHRASES[1]})
    assert one.status_code == 303
    assert db.session.get(Resolution, resolution.id).status == "open"

    done = client.post(f"{base}/close", data=typed(t1=PASSPHRASES[1], t2=PASSPHRASES[2]))
    assert done.status_code == 303
    assert done.headers["Location"].endswith(f"{base}/results")
    db.session.expire_all()
    assert db.session.get(Resolution, resolution.id).status == "closed"
    assert [b.choice for b in db.session.scalars(select(SecretBallot))] == ["for"] * 3
    assert not db.session.scalars(select(TellerShare)).all()


def test_a_short_passphrase_is_refused_on_the_page(client, auth, scenario):
    resolution = services.create_resolution(scenario.assembly, title="Élection", secret=True)
    db.session.commit()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    auth.login_as(scenario.secretary)
    response, _tellers = _set_up(client, scenario, resolution, ("short", *PASSPHRASES[1:]))
    assert response.status_code == 400
    assert "at least 12 characters" in response.get_data(as_text=True)
    assert not db.session.scalars(select(TellerShare)).all()


def test_a_secret_vote_does_not_open_before_its_urn_is_sealed(scenario):
    import pytest

    from scic.core.violations import RuleViolation

    resolution = services.create_resolution(scenario.assembly, title="Élection", secret=True)
    with pytest.raises(RuleViolation) as exc:
        services.open_vote(resolution, now=NOW)
    assert [v.code for v in exc.value.violations] == ["urn_not_set_up"]
