"""`scic register SLUG --at DATE --output FILE`."""

from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from scic.core import clock
from scic.core.db import db


@pytest.fixture
def committed(register_coop):
    db.session.commit()
    return register_coop[0]


def test_register_writes_the_pdf_at_a_date(runner, committed, tmp_path):
    output = tmp_path / "registre.pdf"
    result = runner.invoke(
        args=["register", committed.slug, "--at", "2025-06-30", "--output", str(output)]
    )
    assert result.exit_code == 0, result.output
    pages = [p.extract_text() for p in PdfReader(output).pages]
    register = " ".join(p for p in pages if "Associés sortis" not in p)
    assert "Commune de Montignac" in register
    assert "Moreau" not in register  # she left on the date: no longer a member
    assert "30/06/2025" in register
    # R-EXIT-4: the members who left during the fiscal year follow, liable five more years.
    departures = " ".join(p for p in pages if "Associés sortis" in p)
    assert "Associés sortis du 01/01/2025 au 30/06/2025" in departures
    assert "Moreau Eve" in departures
    assert "30/06/2030" in departures


def test_register_defaults_to_today(runner, committed, tmp_path):
    output = tmp_path / "today.pdf"
    result = runner.invoke(
        args=["register", committed.slug, "--output", str(output), "--locale", "en"]
    )
    assert result.exit_code == 0, result.output
    assert clock.today().isoformat() in PdfReader(output).pages[0].extract_text()


@pytest.mark.parametrize(
    ("at", "message"),
    [
        # "tomorrow" is read when the test runs, not when it is collected (Paris midnight).
        pytest.param("tomorrow", "in the future", id="future"),
        pytest.param("2023-12-31", "before the cooperative existed", id="before it existed"),
        pytest.param("31/12/2025", "is not a date", id="not a date"),
    ],
)
def test_register_refuses_bad_dates_with_status_2(runner, committed, tmp_path, at, message):
    output = tmp_path / "x.pdf"
    if at == "tomorrow":
        at = (clock.today() + timedelta(days=1)).isoformat()
    result = runner.invoke(
        args=["register", committed.slug, "--at", at, "--locale", "en", "--output", str(output)]
    )
    assert result.exit_code == 2
    assert message in result.output
    assert not output.exists()


def test_register_unknown_cooperative(runner, app, tmp_path):
    result = runner.invoke(args=["register", "nowhere", "--output", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2
    assert "Unknown cooperative" in result.output


@pytest.mark.parametrize(
    ("document", "check"),
    [
        ("movements", lambda data: data.startswith(b"%PDF")),
        ("compliance", lambda data: data.startswith(b"%PDF")),
        ("members-csv", lambda data: data.startswith("\ufeffnumber;kind;".encode())),
        ("movements-json", lambda data: b'"movements"' in data),
        ("bundle", lambda data: data.startswith(b"PK")),
    ],
)
def test_register_other_documents(runner, committed, tmp_path, document, check):
    output = tmp_path / "out"
    result = runner.invoke(
        args=[
            "register",
            committed.slug,
            "--at",
            "2025-06-30",
            "--from",
            "2025-01-01",
            "--document",
            document,
            "--output",
            str(output),
        ]
    )
    assert result.exit_code == 0, result.output
    assert check(output.read_bytes())


def test_member_sheet_needs_a_known_member(runner, committed, tmp_path):
    output = tmp_path / "sheet.pdf"
    ok = runner.invoke(
        args=[
            "register",
            committed.slug,
            "--at",
            "2025-06-30",
            "--document",
            "member-sheet",
            "--member",
            "2",
            "--output",
            str(output),
        ]
    )
    assert ok.exit_code == 0, ok.output
    assert "Durand Bob" in PdfReader(output).pages[0].extract_text()
    bad = runner.invoke(
        args=[
            "register",
            committed.slug,
            "--document",
            "member-sheet",
            "--member",
            "99",
            "--output",
            str(output),
        ]
    )
    assert bad.exit_code == 2
    assert "no member numbered 99" in bad.output


def test_period_reversed_is_refused(runner, committed, tmp_path):
    result = runner.invoke(
        args=[
            "register",
            committed.slug,
            "--at",
            "2025-01-01",
            "--from",
            "2025-06-30",
            "--document",
            "movements",
            "--locale",
            "en",
            "--output",
            str(tmp_path / "x.pdf"),
        ]
    )
    assert result.exit_code == 2
    assert "after its end" in result.output


def test_dates_are_compared_as_days(committed):
    assert date(2025, 6, 30) < clock.today()
