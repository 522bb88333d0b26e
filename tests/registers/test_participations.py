"""``scic participations``: public bodies' stakes across cooperatives (FORMATS §4)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from scic.core.db import db
from scic.membership import services as membership_services

COMMUNE_SIREN = "213301237"
REGION_SIREN = "222400012"
DAY = date(2025, 1, 15)


def _represent(member, name: str, role: str, valid_to: date | None = None) -> None:
    membership_services.designate_representative(member, name, role, DAY, valid_to, None, "")


@pytest.fixture
def two_cooperatives(make_cooperative, make_holder):
    """A cooperative with colleges (50/20/30) and one without, sharing a commune member."""
    with_colleges = make_cooperative(slug="b-colleges", name="Avec collèges")
    make_holder(with_colleges, "USA", 40)  # 2 000 €
    make_holder(with_colleges, "SAL", 20)  # 1 000 €
    commune = make_holder(with_colleges, "COLL", 10)  # 500 €
    region = make_holder(with_colleges, "COLL", 20)  # 1 000 €
    commune.siren, commune.name = COMMUNE_SIREN, "Commune de Lanouaille"
    region.siren, region.name = REGION_SIREN, "Région Nouvelle-Aquitaine"
    _represent(commune, "Jean Maire", "main", date(2026, 3, 14))
    _represent(commune, "Anne Adjointe", "alternate", date(2026, 3, 31))
    _represent(commune, "Paul Candidat", "board_candidate")

    headcount = make_cooperative(
        slug="a-headcount",
        name="Sans collèges",
        colleges=[],
        categories=[
            {"code": "SAL", "name": "Salariés", "kind": "employee", "min_shares": 1},
            {"code": "USA", "name": "Usagers", "kind": "beneficiary", "min_shares": 1},
            {"code": "COLL", "name": "Collectivités", "kind": "local_authority", "min_shares": 1},
        ],
    )
    make_holder(headcount, "USA", 30)  # 1 500 €
    same_commune = make_holder(headcount, "COLL", 10)  # 500 €
    same_commune.siren, same_commune.name = COMMUNE_SIREN, "Commune de Lanouaille"
    db.session.commit()
    return with_colleges, headcount


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_rows_give_each_public_body_its_stake_sorted_by_siren_then_cooperative(
    runner, two_cooperatives
):
    result = runner.invoke(args=["participations", "--at", "2025-06-30"])
    assert result.exit_code == 0, result.output
    rows = _csv_rows(result.output)
    assert [(r["member_siren"], r["cooperative_slug"]) for r in rows] == [
        (COMMUNE_SIREN, "a-headcount"),
        (COMMUNE_SIREN, "b-colleges"),
        (REGION_SIREN, "b-colleges"),
    ]
    headcount, colleges, region = rows
    # Without colleges: 500 € of 2 000 €, one vote of two members.
    assert headcount["shares"] == "10"
    assert headcount["amount"] == "500.00"
    assert headcount["capital_share"] == "1/4"
    assert headcount["public_share"] == "1/4"
    assert headcount["vote_weight"] == "1/2"
    assert headcount["college"] == ""
    # With colleges: 500 € of 4 500 €; public 1 500 €; PUB weighs 30 % shared by two members.
    assert colleges["amount"] == "500.00"
    assert colleges["capital_share"] == "1/9"
    assert colleges["public_share"] == "1/3"
    assert colleges["college"] == "PUB"
    assert colleges["vote_weight"] == "3/20"
    assert colleges["authority_type"] == "commune"
    assert colleges["representatives"] == "Jean Maire|Anne Adjointe"  # main first, no candidate
    assert colleges["mandate_end"] == "2026-03-14"
    assert colleges["deliberation_ref"].startswith("DEL-")
    assert colleges["executory_date"] == "2025-01-15"
    assert region["capital_share"] == "2/9"
    assert region["representatives"] == ""
    assert region["mandate_end"] == ""


def test_siren_filter_json_and_a_day_before_admission(runner, two_cooperatives):
    result = runner.invoke(args=["participations", "--siren", REGION_SIREN, "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["format"] == "scic-participations/1"
    assert [p["member_name"] for p in document["participations"]] == ["Région Nouvelle-Aquitaine"]
    assert document["participations"][0]["shares"] == 20
    before = runner.invoke(args=["participations", "--at", "2025-01-14", "--format", "json"])
    assert before.exit_code == 0, before.output
    assert json.loads(before.output)["participations"] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--siren", "213301238"], "--siren", id="wrong Luhn key"),
        pytest.param(["--at", "2025-13-01"], "--at", id="not a date"),
        pytest.param(["--at", "2999-01-01"], "--at", id="future day"),
    ],
)
def test_bad_input_exits_2_and_names_the_option(runner, two_cooperatives, args, message):
    result = runner.invoke(args=["participations", *args])
    assert result.exit_code == 2
    assert message in result.output


def test_output_file_matches_the_register_of_members(runner, two_cooperatives, tmp_path):
    """The figures are those the register of members prints for the same day."""
    from scic.registers.queries import iter_member_rows

    with_colleges, _ = two_cooperatives
    target = tmp_path / "participations.csv"
    result = runner.invoke(args=["participations", "--at", "2025-06-30", "--output", str(target)])
    assert result.exit_code == 0, result.output
    rows = [
        r
        for r in _csv_rows(target.read_text(encoding="utf-8"))
        if r["cooperative_slug"] == with_colleges.slug
    ]
    register = {
        r.name: r
        for r in iter_member_rows(with_colleges, date(2025, 6, 30))
        if r.kind == "local_authority"
    }
    assert {r["member_name"] for r in rows} == set(register)
    for row in rows:
        assert int(row["shares"]) == register[row["member_name"]].shares


# --- The body's own page across cooperatives ----------------------------------------------------


def _link(member, user) -> None:
    """Designate the user's account as the body's main representative after the 2026 elections."""
    mandate = membership_services.designate_representative(
        member, user.email, "main", date(2026, 3, 15), None, None, user.email
    )
    mandate.user_id = user.id


def _public_member(cooperative, siren: str):
    from scic.membership.models import Member

    return db.session.scalar(
        db.select(Member).where(Member.cooperative_id == cooperative.id, Member.siren == siren)
    )


def test_representative_sees_only_the_cooperatives_where_they_act_for_the_body(
    client, auth, make_user, two_cooperatives
):
    from datetime import timedelta

    from scic.assemblies.models import Assembly
    from scic.capital.models import CurrentAccountAdvance
    from scic.core import clock

    with_colleges, headcount = two_cooperatives
    elected = make_user("elu@lanouaille.fr")
    commune = _public_member(with_colleges, COMMUNE_SIREN)
    _link(commune, elected)
    db.session.add(
        CurrentAccountAdvance(
            cooperative_id=with_colleges.id,
            member_id=commune.id,
            convention_ref="CONV-7",
            amount_cents=300000,
            start_on=DAY,
            duration_months=24,
            term_on=date(2027, 1, 15),
        )
    )
    db.session.add(
        Assembly(
            cooperative_id=with_colleges.id,
            type="ordinary",
            title="AG annuelle des comptes",
            starts_at=clock.now() + timedelta(days=20),
            status="convened",
        )
    )
    db.session.commit()
    auth.login_as(elected)
    html = client.get("/authorities/").get_data(as_text=True)
    assert "Commune de Lanouaille" in html
    assert "Avec collèges" in html
    assert "Sans collèges" not in html  # not linked to the body's record there
    assert "CONV-7" in html
    assert "AG annuelle des comptes" in html
    assert "Région Nouvelle-Aquitaine" not in html

    annex = client.get(f"/authorities/{commune.id}/annex.csv")
    assert annex.status_code == 200
    rows = _csv_rows(annex.get_data(as_text=True).lstrip("\ufeff"))
    assert [(r["cooperative_slug"], r["capital_share"]) for r in rows] == [("b-colleges", "1/9")]
    region = _public_member(with_colleges, REGION_SIREN)
    assert client.get(f"/authorities/{region.id}/annex.csv").status_code == 404

    _link(_public_member(headcount, COMMUNE_SIREN), elected)
    db.session.commit()
    html = client.get("/authorities/").get_data(as_text=True)
    assert "Sans collèges" in html


def test_an_account_acting_for_no_public_body_sees_an_explanation(client, auth, make_user):
    user = make_user()
    db.session.commit()
    assert client.get("/authorities/").status_code == 302  # anonymous: to the login page
    auth.login_as(user)
    html = client.get("/authorities/").get_data(as_text=True)
    assert "Votre compte n’agit pour aucune collectivité" in html


def test_the_cooperative_menu_leads_a_representative_to_their_bodies(
    client, auth, make_user, grant, two_cooperatives
):
    with_colleges, _ = two_cooperatives
    elected = make_user()
    grant(elected, with_colleges, "representative")
    db.session.commit()
    auth.login_as(elected)
    html = client.get(f"/c/{with_colleges.slug}/").get_data(as_text=True)
    assert 'href="/authorities/"' in html


def test_the_demo_authorities_have_the_figures_of_the_register(runner):
    """FORMATS §4 on the demo: every public body's shares and amount are the register's."""
    from scic.cli.demo import SLUG
    from scic.cooperatives.models import Cooperative
    from scic.registers.queries import iter_member_rows, register_summary

    assert runner.invoke(args=["demo"]).exit_code == 0
    at = date(2026, 11, 30)
    result = runner.invoke(args=["participations", "--at", at.isoformat(), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = [p for p in json.loads(result.output)["participations"] if p["cooperative_slug"] == SLUG]
    cooperative = db.session.scalar(db.select(Cooperative).where(Cooperative.slug == SLUG))
    register = {
        r.name: r
        for r in iter_member_rows(cooperative, at)
        if r.kind in ("local_authority", "other_public")
    }
    summary = register_summary(cooperative, at)
    assert rows, "the demo has public members"
    assert {r["member_name"] for r in rows} == set(register)
    for row in rows:
        line = register[row["member_name"]]
        assert row["shares"] == line.shares
        assert row["amount"] == f"{line.subscribed_cents // 100}.{line.subscribed_cents % 100:02d}"
        assert row["public_share"] == str(summary.local_authority_share)
