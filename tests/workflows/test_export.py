"""Every closed assembly exports its assembly block; ``scic tally`` on the export gives exactly
what the application recorded (R-TAL-4), for SA and SARL (R-AG-11, R-AG-12)."""

from __future__ import annotations

import json
from fractions import Fraction

from scic.assemblies import services as assembly_services
from scic.core.db import db
from scic.voting import services
from scic.workflows import votes
from tests.fixtures.voting import NOW

ENGLISH = {"LANG": "en_GB.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}


def hold(assembly, ballots):
    """One resolution per entry: open it, record the members' choices in the room, close it."""
    present = {member.id: member for choices in ballots for member, _ in choices}
    for member in present.values():
        assembly_services.record_attendance(assembly, member, "present", now=NOW)
    resolutions = []
    for index, choices in enumerate(ballots, start=1):
        resolution = services.create_resolution(assembly, title=f"Résolution {index}")
        votes.open_vote(resolution, now=NOW)
        for member, choice in choices:
            services.cast_ballot(resolution, member, choice, now=NOW, secretary=True)
        votes.close_vote(resolution, now=NOW)
        resolutions.append(resolution)
    return resolutions


def export_and_retally(runner, tmp_path, assembly, *extra):
    path = tmp_path / "export.json"
    exported = runner.invoke(
        args=[
            "assemblies",
            "export",
            assembly.cooperative.slug,
            str(assembly.id),
            "--output",
            str(path),
            *extra,
        ],
        env=ENGLISH,
    )
    assert exported.exit_code == 0, exported.output
    retally = runner.invoke(args=["tally", str(path), "--json"], env=ENGLISH)
    assert retally.exit_code == 0, retally.output
    return json.loads(path.read_text()), json.loads(retally.stdout)


def assert_same_as_recorded(resolutions, result):
    lines = {line["id"]: line for line in result["resolutions"]}
    for resolution in resolutions:
        line = lines[f"R{resolution.number}"]
        assert line["adopted"] is resolution.outcome.adopted
        assert (Fraction(line["for"]) if line["for"] else None) == resolution.outcome.share_for
        assert line["validly_deliberated"] is True


def test_sa_export_retallies_exactly(
    runner, tmp_path, make_cooperative, voting_member, voting_assembly
):
    coop = make_cooperative(legal_form="SA", governance="board")
    members = [voting_member(coop, "SAL") for _ in range(4)] + [
        voting_member(coop, "USA") for _ in range(4)
    ]
    assembly = voting_assembly(coop, type="ordinary")
    resolutions = hold(
        assembly,
        [
            [(members[0], "for"), (members[1], "for"), (members[4], "against")],
            [(members[0], "against"), (members[4], "for"), (members[5], "abstain")],
        ],
    )
    db.session.commit()

    document, result = export_and_retally(runner, tmp_path, assembly)

    assert document["assembly"] == {
        "legal_form": "SA",
        "kind": "ordinary",
        "call": 1,
        "members": 8,
        "participating": 4,
        "quorum": "1/5",
        "colleges": [
            {"code": "TRAV", "members": 4, "participating": 2},
            {"code": "USA", "members": 4, "participating": 2},
            {"code": "PUB", "members": 0, "participating": 0},
        ],
    }
    assert result["assembly"]["quorum_reached"] is True
    assert_same_as_recorded(resolutions, result)


def test_sarl_first_consultation_counts_every_member(
    runner, tmp_path, make_cooperative, voting_member, voting_assembly
):
    # DOMAIN R-AG-12: 10 members, 2 for and 1 against → 2 ≤ 5, rejected (votes cast: adopted).
    coop = make_cooperative(
        legal_form="SARL",
        governance="manager",
        colleges=[],
        categories=[
            {"code": "SAL", "name": "Salariés", "kind": "employee", "min_shares": 1},
            {"code": "USA", "name": "Usagers", "kind": "beneficiary", "min_shares": 1},
            {"code": "SOUT", "name": "Soutiens", "kind": "supporter", "min_shares": 1},
        ],
    )
    members = [voting_member(coop, "USA") for _ in range(10)]
    assembly = voting_assembly(coop, type="ordinary")
    (resolution,) = hold(
        assembly, [[(members[0], "for"), (members[1], "for"), (members[2], "against")]]
    )
    db.session.commit()

    assert resolution.outcome.share_for == Fraction(2, 10)
    assert resolution.outcome.adopted is False
    document, result = export_and_retally(runner, tmp_path, assembly)
    assert document["assembly"]["legal_form"] == "SARL"
    assert document["assembly"]["members"] == 10
    assert_same_as_recorded([resolution], result)


def test_a_combined_assembly_exports_one_part_at_a_time(runner, tmp_path, scenario):
    for member in scenario.trav:
        assembly_services.record_attendance(scenario.assembly, member, "present", now=NOW)
    ordinary, statutes = (
        services.create_resolution(scenario.assembly, title="Comptes"),
        services.create_resolution(scenario.assembly, title="Statuts", kind="extraordinary"),
    )
    for resolution in (ordinary, statutes):
        votes.open_vote(resolution, now=NOW)
        for member in scenario.trav:
            services.cast_ballot(resolution, member, "for", now=NOW, secretary=True)
        votes.close_vote(resolution, now=NOW)
    db.session.commit()

    both = runner.invoke(
        args=["assemblies", "export", scenario.cooperative.slug, str(scenario.assembly.id)],
        env=ENGLISH,
    )
    assert both.exit_code == 2
    assert both.stdout == ""
    assert both.stderr.strip()
    for part, resolution in (("ordinary", ordinary), ("extraordinary", statutes)):
        document, result = export_and_retally(runner, tmp_path, scenario.assembly, "--part", part)
        assert document["assembly"]["kind"] == part
        assert [line["id"] for line in result["resolutions"]] == [f"R{resolution.number}"]
        assert_same_as_recorded([resolution], result)
