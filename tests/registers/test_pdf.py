"""PDF registers: text, totals, boundaries and "page N / M" numbering (read back with pypdf)."""

import io
import re
from datetime import UTC, date, datetime
from fractions import Fraction

import pytest
from flask_babel import force_locale
from pypdf import PdfReader

from scic.registers import exports, pdf
from scic.registers.pdf_base import CooperativeHeader, Formatter, header_of
from scic.registers.queries import (
    GroupTotal,
    MemberRegisterRow,
    RegisterSummary,
    member_register,
)
from scic.workflows.compliance import compliance_at

AT = date(2025, 6, 30)
NOW = datetime(2025, 7, 2, 9, 30, tzinfo=UTC)


def pages_text(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    return [page.extract_text() for page in reader.pages]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " "))


def draw_register(cooperative, at=AT, locale="fr") -> list[str]:
    buffer = io.BytesIO()
    exports.members_pdf(buffer, cooperative, at, locale=locale, now=NOW)
    data = buffer.getvalue()
    assert data.startswith(b"%PDF")
    return pages_text(data)


DEPARTED = "Associés sortis"


def test_register_names_members_present_at_the_date_only(register_coop):
    cooperative, _ = register_coop
    pages = [squash(page) for page in draw_register(cooperative)]
    text = " ".join(page for page in pages if DEPARTED not in page)
    for present in ("Martin Alice", "Durand Bob", "Commune de Montignac", "Asso Vélo"):
        assert present in text
    assert "Petit" not in text  # admitted the day after the date
    assert "Leroy" not in text  # left the day before
    assert "Moreau" not in text  # left on the date (FORMATS §4: exit on or before)


def test_register_lists_the_members_who_left_during_the_fiscal_year(register_coop):
    """R-EXIT-4: who left since the start of the fiscal year, when, and liable until when."""
    cooperative, _ = register_coop
    departed = " ".join(
        page for page in map(squash, draw_register(cooperative)) if DEPARTED in page
    )
    assert "Associés sortis du 01/01/2025 au 30/06/2025" in departed
    assert "Responsable jusqu'au (R-EXIT-4)" in departed
    assert "5 Leroy Denis Personne physique 10/01/2024 29/06/2025 29/06/2030" in departed
    assert "6 Moreau Eve Personne physique 10/01/2024 30/06/2025 30/06/2030" in departed
    earlier = [squash(page) for page in draw_register(cooperative, at=date(2024, 12, 31))]
    assert "Aucun associé n'est sorti pendant cette période." in earlier[-1]


def test_register_header_totals_and_footer(register_coop):
    cooperative, _ = register_coop
    pages = [squash(p) for p in draw_register(cooperative)]
    first = pages[0]
    assert cooperative.name in first
    assert "société coopérative d'intérêt collectif" in first
    assert "SCIC SAS à capital variable" in first
    assert "1 place de la Mairie, 24290 Montignac" in first
    assert "RCS Périgueux 912 345 675" in first
    assert "30/06/2025" in first
    assert "1 500,00 €" in first  # total capital
    assert "1 650,00 €" in first  # highest capital
    assert "412,50 €" in first  # effective floor: a quarter of the highest (R-CAP-3)
    assert "66,67 %" in first  # local authorities' share (R-LA-1)
    assert "COLL — Collectivités" in first
    assert re.search(r"COLL — Collectivités 1 \w+, 20 [\w ]+, 1 000,00 €", first)
    head = member_register(cooperative, AT).summary.head_hash
    assert all(head in page for page in pages)  # footer on every page
    assert "02/07/2025" in pages[-1]  # generation time
    table = pages[-2]  # the last page of the register, before the members who left
    assert "Commune de Montignac" in table
    assert "DEL-2024-12" in table
    assert "Paul Maire" in table
    assert "Jeanne Roux" in table
    assert "8 chemin Haut, 24200 Sarlat" in table


def _summary(count: int) -> RegisterSummary:
    return RegisterSummary(
        at=AT,
        member_count=count,
        categories=(GroupTotal(1, "USA", "Usagers", count, count, count * 5000, count * 5000),),
        colleges=(),
        capital_cents=count * 5000,
        paid_cents=count * 5000,
        historical_max_cents=count * 5000,
        floor_cents=0,
        local_authority_cents=0,
        local_authority_share=Fraction(0),
        la_cap=Fraction(1, 2),
        head_hash="ab" * 32,
        category_names={1: "USA"},
        college_names={},
    )


def _rows(count: int):
    for n in range(1, count + 1):
        yield MemberRegisterRow(
            n,
            n,
            "person",
            f"Nom{n:04d}",
            "Prénom",
            f"{n} rue Longue",
            "",
            "",
            None,
            1,
            None,
            date(2024, 1, 1),
            "",
            1,
            5000,
            5000,
            None,
            None,
            None,
            False,
            None,
            None,
        )


HEADER = CooperativeHeader("Coop test", "SAS", "1 place", "RCS X")


def test_multi_page_register_numbers_every_page_and_repeats_the_table_header(app):
    count = 130
    with force_locale("en"):  # the labels set the header's height, so the rows per page
        document = pdf.member_register_document(
            HEADER, _summary(count), locale="en", generated_at=NOW
        )
    expected_pages = 1 + -(-count // document.rows_per_page)
    assert expected_pages >= 4
    buffer = io.BytesIO()
    seen = []
    pages = pdf.build_member_register(
        buffer,
        HEADER,
        _summary(count),
        _rows(count),
        locale="en",
        generated_at=NOW,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert pages == expected_pages
    texts = [squash(t) for t in pages_text(buffer.getvalue())]
    assert len(texts) == expected_pages
    for number, text in enumerate(texts, start=1):
        assert f"page {number} / {expected_pages}" in text
    for text in texts[1:]:
        assert "No. Name Kind Category College" in text  # repeated table header
    everything = " ".join(texts)
    assert all(f"Nom{n:04d}" in everything for n in (1, count // 2, count))
    assert seen[-1] == (expected_pages, expected_pages)


def test_empty_register_has_one_table_page(app):
    buffer = io.BytesIO()
    pages = pdf.build_member_register(
        buffer, HEADER, _summary(0), iter(()), locale="en", generated_at=NOW
    )
    assert pages == 2
    assert "No member at this date." in pages_text(buffer.getvalue())[1]


def test_identical_rows_give_identical_content(app):
    def draw():
        buffer = io.BytesIO()
        pdf.build_member_register(
            buffer, HEADER, _summary(30), _rows(30), locale="fr", generated_at=NOW
        )
        return pages_text(buffer.getvalue())

    assert draw() == draw()


def test_long_cells_are_cut_to_their_column(app):
    row = next(_rows(1))._replace(name="X" * 300, address="Y" * 900)
    buffer = io.BytesIO()
    pdf.build_member_register(buffer, HEADER, _summary(1), [row], locale="fr", generated_at=NOW)
    text = pages_text(buffer.getvalue())[1]
    assert "XXXX" in text
    assert "X" * 300 not in text
    assert "…" in text


def test_movement_register_is_chronological(register_coop):
    cooperative, _ = register_coop
    buffer = io.BytesIO()
    exports.movements_pdf(buffer, cooperative, date(2025, 1, 1), AT, locale="fr", now=NOW)
    text = squash(" ".join(pages_text(buffer.getvalue())))
    assert "du 01/01/2025 au 30/06/2025" in text
    bob = text.index("01/03/2025")
    leroy = (
        text.index("29/06/2025 Retrait total")
        if "Retrait total" in text
        else text.index("29/06/2025")
    )
    assert bob < leroy
    assert "Leroy Denis" in text
    assert "Moreau Eve" in text
    assert "Martin Alice" not in text  # her only entry is before the period


def test_member_sheet_lists_one_members_movements(register_coop):
    cooperative, people = register_coop
    buffer = io.BytesIO()
    exports.member_sheet_pdf(buffer, cooperative, people["bob"], AT, locale="en", now=NOW)
    text = squash(" ".join(pages_text(buffer.getvalue())))
    assert "Member account: Durand Bob" in text
    assert "3 shares, €150.00 subscribed, €100.00 paid" in text
    assert "8 chemin Haut" in text
    assert "Martin" not in text


def test_compliance_report_draws_every_check_with_its_figures(register_coop):
    cooperative, _ = register_coop
    checks = compliance_at(cooperative, AT)
    by_rule = {c.rule: c for c in checks}
    assert by_rule["R-LA-1"].code == "la_passive_breach"  # 20 of 30 shares: 2/3 > 1/2
    buffer = io.BytesIO()
    exports.compliance_pdf(buffer, cooperative, AT, checks, locale="en", now=NOW)
    text = squash(" ".join(pages_text(buffer.getvalue())))
    assert "Compliance report at 2025-06-30" in text
    assert f"Rules checked {len(checks)}" in text
    assert "Local authorities hold at most the cap of the capital" in text
    assert "Local authorities hold €1,000.00 of €1,500.00, i.e. 66.67%" in text
    assert (
        "R-LA-1 Local authorities hold at most the cap of the capital Fail Local authorities "
        "hold €1,000.00 of €1,500.00, i.e. 66.67%, above the cap of 50.00%."
    ) in text
    assert (
        "R-CAT-1 At least three categories have members Pass 4 categories have active members "
        "(at least 3)."
    ) in text


def test_compliance_pdf_needs_the_checks(register_coop):
    cooperative, _ = register_coop
    request = exports.DocumentRequest("compliance_pdf", AT)
    with pytest.raises(ValueError, match="compliance"):
        exports.write_document(io.BytesIO(), cooperative, request, locale="en", now=NOW)


def test_formatter_french_and_english():
    fr, en = Formatter("fr"), Formatter("en")
    assert fr.money(123456789) == "1 234 567,89 €"
    assert en.money(-5) == "-€0.05"
    assert fr.percent(Fraction(2, 3)) == "66,67 %"
    assert en.percent(Fraction(1, 2)) == "50.00%"
    assert fr.day(date(2025, 1, 2)) == "02/01/2025"
    assert fr.number(-12345) == "-12 345"


@pytest.mark.parametrize(
    ("locale", "members", "shares", "expected"),
    [
        pytest.param("en", 1, 1, ("1 member", "1 share"), id="one agrees in English"),
        pytest.param("en", 0, 1234, ("0 members", "1,234 shares"), id="zero is plural in English"),
        pytest.param("fr", 1, 2, ("1 associé", "2 parts"), id="one agrees in French"),
        pytest.param("fr", 0, 0, ("0 associé", "0 part"), id="zero is singular in French"),
    ],
)
def test_formatter_counts_agree_with_their_noun(app, locale, members, shares, expected):
    from flask_babel import force_locale

    with app.test_request_context(), force_locale(locale):
        fmt = Formatter(locale)
        assert (fmt.members(members), fmt.shares(shares)) == expected


def test_header_of_a_cooperative(register_coop):
    cooperative, _ = register_coop
    header = header_of(cooperative)
    assert header.first_line.endswith("SCIC SAS à capital variable")


def test_movement_register_opens_and_closes_each_fiscal_year(register_coop):
    """The auditor reconciles: opening balance + the period's entries = closing balance."""
    cooperative, _ = register_coop
    buffer = io.BytesIO()
    exports.movements_pdf(buffer, cooperative, date(2024, 4, 1), AT, locale="fr", now=NOW)
    first = squash(pages_text(buffer.getvalue())[0])
    assert (
        "Période du 01/04/2024 au 31/12/2024 Solde d'ouverture au 31/03/2024 au soir "
        "29 parts, souscrit 1 450,00 €, libéré 1 450,00 € "
        "Souscription : 1 écriture 3 parts, 150,00 €, libéré 150,00 €" in first
    )
    assert (
        "Période du 01/01/2025 au 30/06/2025 Solde d'ouverture au 31/12/2024 au soir "
        "32 parts, souscrit 1 600,00 €, libéré 1 600,00 €" in first
    )
    assert "Retrait total : 2 écritures -3 parts, -150,00 €, libéré -150,00 €" in first
    assert (
        "Solde de clôture au 30/06/2025 au soir 30 parts, souscrit 1 500,00 €, libéré 1 450,00 €"
        in first
    )
    assert "Souscription : 1 écriture 1 part, 50,00 €, libéré 0,00 €" in first
    assert "Ensemble du registre du 01/04/2024 au 30/06/2025" in first


def test_column_headers_wrap_instead_of_being_cut(register_coop):
    cooperative, _ = register_coop
    table = squash(draw_register(cooperative)[1])
    assert "Parts sociales" in table  # two lines in its narrow column, never "Parts soci…"
    header = table.split("Martin Alice")[0]
    assert "…" not in header


@pytest.mark.parametrize(
    ("label", "width", "lines"),
    [
        pytest.param("No.", 30, ["No."], id="fits"),
        pytest.param("Parts sociales", 46, ["Parts", "sociales"], id="two words, two lines"),
        pytest.param("Liable until (R-EXIT-4)", 86, ["Liable until", "(R-EXIT-4)"], id="three"),
    ],
)
def test_wrap_label(label, width, lines):
    from scic.registers.fonts import BOLD
    from scic.registers.pdf_base import wrap_label

    assert wrap_label(label, width, BOLD, 7.5) == lines
