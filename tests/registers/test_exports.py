"""CSV, JSON and the audit bundle."""

import csv
import hashlib
import io
import json
import zipfile
from datetime import UTC, date, datetime

from scic.membership.csv_format import COLUMNS, read_members_csv
from scic.registers import exports
from scic.workflows.compliance import compliance_at

AT = date(2025, 6, 30)
NOW = datetime(2025, 7, 2, 9, 30, tzinfo=UTC)


def test_members_csv_is_french_spreadsheet_friendly_and_reads_back(register_coop):
    cooperative, _ = register_coop
    text = exports.members_csv(cooperative, AT)
    assert text.startswith("\ufeff")
    header = text.removeprefix("\ufeff").split("\r\n", 1)[0]
    assert header == ";".join(COLUMNS)
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert [r["number"] for r in rows] == ["1", "2", "3", "7"]
    assert rows[1]["shares"] == "3"  # holding at the date
    assert rows[2]["deliberation_ref"] == "DEL-2024-12"
    categories = {c.code: c.kind for c in cooperative.categories}
    minimums = {c.code: 1 for c in cooperative.categories}
    parsed, problems = read_members_csv(text, categories, minimums)
    assert problems == []
    assert [p.name for p in parsed] == ["Martin", "Durand", "Commune de Montignac", "Asso Vélo"]


def test_movements_csv_has_bom_semicolons_and_decimal_commas(register_coop):
    cooperative, _ = register_coop
    text = exports.movements_csv(cooperative, None, AT)
    assert text.startswith("\ufeffnumber;effective_on;type;")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert len(rows) == 9  # the admission of 2025-07-01 is after the date
    bob_extra = next(r for r in rows if r["effective_on"] == "2025-03-01")
    assert (bob_extra["amount_euros"], bob_extra["paid_euros"]) == ("50,00", "0,00")
    withdrawal = next(r for r in rows if r["effective_on"] == "2025-06-29")
    assert withdrawal["shares_delta"] == "-1"
    assert withdrawal["amount_euros"] == "-50,00"  # a number, not a formula


def test_json_exports(register_coop):
    cooperative, _ = register_coop
    members = json.loads(exports.members_json(cooperative, AT))
    assert members["summary"]["capital_cents"] == 150_000
    assert [m["number"] for m in members["members"]] == [1, 2, 3, 7]
    movements = json.loads(exports.movements_json(cooperative, date(2025, 1, 1), AT))
    assert [m["type"] for m in movements["movements"]] == [
        "subscription",
        "full_withdrawal",
        "full_withdrawal",
    ]


def test_audit_bundle_has_every_file_and_a_manifest_of_hashes(register_coop):
    cooperative, _ = register_coop
    buffer = io.BytesIO()
    compliance = compliance_at(cooperative, AT)
    manifest = exports.write_bundle(
        buffer, cooperative, date(2025, 1, 1), AT, locale="fr", now=NOW, compliance=compliance
    )
    archive = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    names = set(archive.namelist())
    assert "manifest.json" in names
    stored = json.loads(archive.read("manifest.json"))
    assert stored["files"] == manifest["files"]
    assert set(stored["files"]) == names - {"manifest.json"}
    for name, entry in stored["files"].items():
        assert hashlib.sha256(archive.read(name)).hexdigest() == entry["sha256"], name
    assert "registre-associes-2025-06-30.pdf" in names
    assert archive.read("registre-associes-2025-06-30.pdf").startswith(b"%PDF")
    assert archive.read("associes-2025-06-30.csv").startswith("\ufeff".encode())
    integrity = json.loads(archive.read("integrite.json"))
    assert all(chain["broken"] is None for chain in integrity)
