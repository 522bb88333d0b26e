"""``scic tally`` and ``scic assemblies export``: exit statuses, output, R-TAL-4 round trip."""

from __future__ import annotations

import copy
import json
from fractions import Fraction

import pytest
from sqlalchemy import select

from scic.core.db import db
from scic.voting import services
from scic.voting.models import Outcome
from tests.fixtures.voting import NOW, open_urn
from tests.fixtures.voting import TALLY_EXAMPLE as EXAMPLE

ENGLISH = {"LANG": "en_GB.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}


def write(tmp_path, document, name="tally.json"):
    path = tmp_path / name
    path.write_text(document if isinstance(document, str) else json.dumps(document))
    return path


def tally(runner, *args):
    return runner.invoke(args=["tally", *map(str, args)], env=ENGLISH)


def test_the_formats_example_as_a_table(runner, tmp_path):
    result = tally(runner, write(tmp_path, EXAMPLE))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "R1 — Approbation des comptes" in out
    assert "College" in out
    assert "Effective weight" in out
    assert "PROD" in out
    assert "30.00 %" in out
    assert "For: 55.33 % (83/150)" in out
    assert "adopted" in out


def test_the_formats_example_as_json(runner, tmp_path):
    result = tally(runner, write(tmp_path, EXAMPLE), "--json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["format"] == "scic-tally-result/1"
    (resolution,) = document["resolutions"]
    assert (resolution["for"], resolution["against"], resolution["for_percent"]) == (
        "83/150",
        "67/150",
        "55.33",
    )
    assert resolution["adopted"] is True
    assert resolution["colleges"][0] == {
        "code": "PROD",
        "silent": False,
        "effective_weight": "1/2",
        "for": "3/10",
        "against": "1/5",
    }


def test_the_human_output_follows_the_language(runner, tmp_path):
    result = runner.invoke(
        args=["tally", str(write(tmp_path, EXAMPLE))],
        env={"LANG": "fr_FR.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""},
    )
    assert result.exit_code == 0
    assert "83/150" in result.stdout


def broken(mutate):
    document = copy.deepcopy(EXAMPLE)
    mutate(document)
    return document


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        pytest.param("{not json", "not valid JSON", id="not JSON"),
        pytest.param(
            broken(lambda d: d.update(format="scic-tally/2")), "scic-tally/2", id="unknown format"
        ),
        pytest.param(
            broken(lambda d: d["resolutions"][0]["ballots"][0].update(college="XX")),
            "R1 / XX",
            id="unknown college",
        ),
        pytest.param(
            broken(lambda d: d["resolutions"][0]["ballots"][0].update(against=-1)),
            "R1 / PROD",
            id="negative count",
        ),
        pytest.param(
            broken(lambda d: d["resolutions"][0]["ballots"][0].update(against=1.5)),
            "against",
            id="non-integer count",
        ),
        pytest.param(
            broken(lambda d: d["rules"].update(method="lottery")), "lottery", id="unknown rule"
        ),
        pytest.param(
            broken(lambda d: d["resolutions"][0].update(majority={"more_than": "50"})),
            "strictly between 0 and 1",
            id="majority out of range",
        ),
    ],
)
def test_malformed_files_exit_with_status_2(runner, tmp_path, document, expected):
    result = tally(runner, write(tmp_path, document))
    assert result.exit_code == 2, result.output
    assert expected in result.stderr
    assert result.stdout == ""


def sa_without_quorum():
    """An SA ordinary first call, 12 members and 2 taking part, both for (DOMAIN R-AG-11 test)."""
    return {
        "format": "scic-tally/1",
        "rules": {"method": "headcount"},
        "assembly": {
            "legal_form": "SA",
            "kind": "ordinary",
            "call": 1,
            "members": 12,
            "participating": 2,
        },
        "resolutions": [{"id": "R1", "ballots": [{"for": 2}]}],
    }


def test_a_tally_without_quorum_adopts_nothing(runner, tmp_path):
    result = tally(runner, write(tmp_path, sa_without_quorum()), "--json")

    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["assembly"]["quorum_reached"] is False
    assert document["assembly"]["required"] == "12/5"
    (resolution,) = document["resolutions"]
    assert (resolution["for"], resolution["adopted"]) == ("1", False)
    assert resolution["validly_deliberated"] is False
    table = tally(runner, write(tmp_path, sa_without_quorum()))
    assert "not reached" in table.stdout
    assert "the assembly could not deliberate (R-AG-11)" in table.stdout


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param({"quorum": "1/10"}, "(R-AG-11)", id="R-AG-11 SA quorum 1/10"),
        pytest.param({"kind": "extraordinary"}, "(R-AG-12)", id="R-AG-12 SA AGE simple"),
        pytest.param({"participating": 13}, "assembly :", id="participating above members"),
    ],
)
def test_an_assembly_block_breaking_the_law_exits_with_status_2(runner, tmp_path, change, expected):
    document = sa_without_quorum()
    document["assembly"].update(change)

    result = tally(runner, write(tmp_path, document))

    assert result.exit_code == 2, result.output
    assert expected in result.stderr
    assert result.stdout == ""


def test_a_missing_file_exits_with_status_2(runner, tmp_path):
    result = tally(runner, tmp_path / "missing.json")
    assert result.exit_code == 2
    assert "missing.json" in result.stderr


def illegal(document=None):
    document = copy.deepcopy(document or EXAMPLE)
    document["colleges"][0]["weight"] = "60"
    document["colleges"][1]["weight"] = "10"
    return document


def test_colleges_breaking_the_law_exit_with_status_3(runner, tmp_path):
    result = tally(runner, write(tmp_path, illegal()))
    assert result.exit_code == 3
    assert "PROD" in result.stderr
    assert "R-COL-2" in result.stderr
    assert result.stdout == ""


def test_no_legal_checks_computes_anyway(runner, tmp_path):
    result = tally(runner, write(tmp_path, illegal()), "--no-legal-checks", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["resolutions"][0]["adopted"] in (True, False)


def test_a_malformed_and_illegal_file_exits_with_2(runner, tmp_path):
    document = illegal()
    document["rules"]["method"] = "lottery"
    assert tally(runner, write(tmp_path, document)).exit_code == 2


def test_tally_writes_nothing(runner, tmp_path):
    path = write(tmp_path, EXAMPLE)
    before = sorted(p.name for p in tmp_path.iterdir())
    tally(runner, path)
    assert sorted(p.name for p in tmp_path.iterdir()) == before


# --- scic assemblies export ---------------------------------------------------------------------


def run_assembly(scenario, voting_resolution):
    """Three resolutions: open, secret (one voter in USA), and an extraordinary one."""
    first = voting_resolution(scenario.assembly)
    second = voting_resolution(scenario.assembly, secret=True, title="Élection")
    third = voting_resolution(scenario.assembly, kind="extraordinary", title="Statuts")
    choices = {
        first: ("for", "for", "against", "for", "against", "abstain"),
        second: ("for", "against", "against", "blank", "for", "for"),
        third: ("for", "for", "for", "against", "abstain", "for"),
    }
    voters = [*scenario.trav, *scenario.usa]
    for resolution, picks in choices.items():
        for member, choice in zip(voters, picks[:5], strict=True):
            services.cast_ballot(resolution, member, choice, by=scenario.users[member.id], now=NOW)
        services.cast_ballot(
            resolution, scenario.authority, picks[5], by=scenario.representative, now=NOW
        )
        services.close_vote(
            resolution, now=NOW, urn=open_urn(resolution) if resolution.secret else None
        )
    return [first, second, third]


def test_export_then_tally_gives_exactly_the_stored_outcome(
    runner, tmp_path, scenario, voting_resolution
):
    resolutions = run_assembly(scenario, voting_resolution)
    db.session.commit()
    output = tmp_path / "export.json"
    result = runner.invoke(
        args=[
            "assemblies",
            "export",
            scenario.cooperative.slug,
            str(scenario.assembly.id),
            "--output",
            str(output),
        ]
    )
    assert result.exit_code == 0, result.output
    exported = json.loads(output.read_text())
    assert exported["format"] == "scic-tally/1"
    assert "member" not in output.read_text()  # per-college counts only
    retally = tally(runner, output, "--json")
    assert retally.exit_code == 0, retally.output
    recomputed = {r["id"]: r for r in json.loads(retally.stdout)["resolutions"]}
    for resolution in resolutions:
        outcome = db.session.scalar(select(Outcome).where(Outcome.resolution_id == resolution.id))
        again = recomputed[f"R{resolution.number}"]
        assert again["adopted"] == outcome.adopted
        assert (Fraction(again["for"]) if again["for"] else None) == outcome.share_for
        for college in again["colleges"]:
            stored = next(c for c in outcome.colleges if c["code"] == college["code"])
            assert Fraction(college["effective_weight"]) == Fraction(stored["effective_weight"])
            assert Fraction(college["for"]) == Fraction(stored["for_share"])
            assert Fraction(college["against"]) == Fraction(stored["against_share"])


def test_export_to_standard_output(runner, scenario, voting_resolution):
    run_assembly(scenario, voting_resolution)
    db.session.commit()
    result = runner.invoke(
        args=["assemblies", "export", scenario.cooperative.slug, str(scenario.assembly.id)]
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["resolutions"][2]["majority"] == {"at_least": "2/3"}


@pytest.mark.parametrize("case", ["unknown slug", "other assembly", "nothing closed"])
def test_export_refusals_exit_with_status_2(
    runner, scenario, make_cooperative, voting_assembly, case
):
    slug, assembly_id = scenario.cooperative.slug, scenario.assembly.id
    if case == "unknown slug":
        slug = "nowhere"
    elif case == "other assembly":
        assembly_id = voting_assembly(make_cooperative()).id
    db.session.commit()
    result = runner.invoke(args=["assemblies", "export", slug, str(assembly_id)], env=ENGLISH)
    assert result.exit_code == 2
    assert result.stderr.strip()
