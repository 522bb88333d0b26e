"""``scic statutes load`` / ``export``: round trip, refusals with rule IDs, R-COL-7."""

from __future__ import annotations

import json
from copy import deepcopy
from datetime import date
from fractions import Fraction

import pytest
from sqlalchemy import func, select

from scic.cooperatives.models import Cooperative
from scic.cooperatives.statutes_format import read_statutes
from scic.core.audit import AuditEntry
from scic.core.db import db
from tests.fixtures.factories import STATUTES


def write(tmp_path, document, name: str = "statutes.json"):
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return str(path)


def document(**overrides) -> dict:
    data = deepcopy(STATUTES)
    data["slug"] = "velo-vallee"
    data.update(overrides)
    return data


def cooperatives() -> int:
    return db.session.scalar(select(func.count(Cooperative.id)))


def test_load_then_export_gives_an_equivalent_document(runner, tmp_path):
    original = document(
        colleges=[
            {"code": "TRAV", "name": "Travailleurs", "weight": "100/3"},
            {"code": "USA", "name": "Usagers et soutiens", "weight": "100/3"},
            {"code": "PUB", "name": "Partenaires publics", "weight": "100/3"},
        ]
    )
    loaded = runner.invoke(args=["statutes", "load", write(tmp_path, original)])
    assert loaded.exit_code == 0, loaded.output
    assert "Created velo-vallee" in loaded.output
    exported = runner.invoke(args=["statutes", "export", "velo-vallee"])
    assert exported.exit_code == 0, exported.output
    result = json.loads(exported.output)
    assert read_statutes(result)[0] == read_statutes(original)[0]
    # Every key is present in the export, defaults of the legal form included.
    assert {"governance", "voting", "assemblies", "revision_cycle_years"} <= set(result)
    assert result["assemblies"]["extraordinary"]["majority"] == "two_thirds"
    # Exporting the export and loading it again changes nothing.
    again = runner.invoke(args=["statutes", "load", write(tmp_path, result, "again.json")])
    assert again.exit_code == 0, again.output
    assert json.loads(runner.invoke(args=["statutes", "export", "velo-vallee"]).output) == result


def test_broken_statutes_exit_2_with_rule_ids_and_write_nothing(runner, tmp_path):
    broken = document(
        categories=[
            {
                "code": "USA",
                "name": "Usagers",
                "kind": "beneficiary",
                "min_shares": 1,
                "college": "USA",
            }
        ],
        colleges=[
            {"code": "USA", "name": "Usagers", "weight": "55"},
            {"code": "PUB", "name": "Public", "weight": "45"},
        ],
        typo_key=True,
    )
    result = runner.invoke(args=["statutes", "load", write(tmp_path, broken)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    for rule in ("R-CAT-1", "R-CAT-2", "R-COL-1", "R-COL-2"):
        assert any(rule in line for line in lines), rule
    assert any("typo_key" in line for line in lines)
    assert cooperatives() == 0
    assert db.session.scalar(select(func.count(AuditEntry.id))) == 0


@pytest.mark.parametrize(
    ("legal_form", "assemblies", "expected"),
    [
        pytest.param(
            "SA",
            {"ordinary": {"quorum_first": "1/10", "quorum_second": "0", "majority": "simple"}},
            "assemblies.ordinary.quorum_first : Un quorum de 10,00",
            id="R-AG-11 SA ordinary quorum 1/10",
        ),
        pytest.param(
            "SARL",
            {
                "extraordinary": {
                    "quorum_first": "1/4",
                    "quorum_second": "1/5",
                    "majority": "simple",
                }
            },
            "assemblies.extraordinary.majority : Les décisions extraordinaires d'une SARL",
            id="R-AG-12 SARL extraordinary simple majority",
        ),
    ],
)
def test_statutes_below_the_legal_minimums_exit_2_in_french(
    runner, tmp_path, monkeypatch, legal_form, assemblies, expected
):
    monkeypatch.setenv("LC_ALL", "fr_FR.UTF-8")
    broken = document(legal_form=legal_form, assemblies=assemblies)
    broken.pop("governance", None)

    result = runner.invoke(args=["statutes", "load", write(tmp_path, broken)])

    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert expected in line
    assert line.endswith(("(R-AG-11)", "(R-AG-12)"))
    assert cooperatives() == 0


def test_sas_statutes_may_set_any_quorum_and_majority(runner, tmp_path):
    free = document(
        legal_form="SAS",
        assemblies={
            "ordinary": {"quorum_first": "1/10", "quorum_second": "0", "majority": "simple"},
            "extraordinary": {"quorum_first": "0", "quorum_second": "0", "majority": "simple"},
        },
    )
    result = runner.invoke(args=["statutes", "load", write(tmp_path, free)])
    assert result.exit_code == 0, result.output
    assert cooperatives() == 1


def test_not_json_exits_2(runner, tmp_path):
    path = tmp_path / "statutes.json"
    path.write_text("{not json", encoding="utf-8")
    result = runner.invoke(args=["statutes", "load", str(path)])
    assert result.exit_code == 2
    assert "not a JSON document" in result.stderr
    assert cooperatives() == 0


def changed_weights() -> list[dict]:
    return [
        {"code": "TRAV", "name": "Travailleurs", "weight": "40"},
        {"code": "USA", "name": "Usagers et soutiens", "weight": "30"},
        {"code": "PUB", "name": "Partenaires publics", "weight": "30"},
    ]


def test_weight_change_needs_the_decision_and_its_date(runner, tmp_path):
    assert runner.invoke(args=["statutes", "load", write(tmp_path, document())]).exit_code == 0
    path = write(tmp_path, document(colleges=changed_weights()), "new.json")
    refused = runner.invoke(args=["statutes", "load", path])
    assert refused.exit_code == 2
    assert refused.stderr.count("R-COL-7") == 2  # decision and effective date both missing
    db.session.expire_all()
    trav = next(
        c for c in db.session.scalars(select(Cooperative)).one().colleges if c.code == "TRAV"
    )
    assert [w.weight for w in trav.weights] == [Fraction(1, 2)]


def test_weight_change_with_decision_keeps_earlier_weights(runner, tmp_path):
    assert runner.invoke(args=["statutes", "load", write(tmp_path, document())]).exit_code == 0
    path = write(tmp_path, document(colleges=changed_weights()), "new.json")
    result = runner.invoke(
        args=[
            "statutes",
            "load",
            path,
            "--decision",
            "AGE du 12/06/2025, 2e résolution",
            "--effective",
            "2025-07-01",
        ]
    )
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    trav = next(
        c for c in db.session.scalars(select(Cooperative)).one().colleges if c.code == "TRAV"
    )
    assert trav.weight_on(date(2025, 6, 30)) == Fraction(1, 2)
    assert trav.weight_on(date(2025, 7, 1)) == Fraction(2, 5)
    assert trav.weights[-1].decision_ref == "AGE du 12/06/2025, 2e résolution"


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["statutes", "export", "nowhere"], id="unknown slug"),
        pytest.param(["statutes", "load", "/nonexistent/statutes.json"], id="missing file"),
    ],
)
def test_bad_arguments_exit_2(runner, args):
    result = runner.invoke(args=args)
    assert result.exit_code == 2
    assert result.stderr.strip()
