"""How the flowing papers are laid out: text wrapped by width, tables over pages, any script,
and the printable PDF of every convocation letter sent by post."""

from __future__ import annotations

import io
import re
from datetime import date

from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from scic.assemblies import queries as assembly_queries
from scic.core.db import db
from scic.registers import assembly_documents
from scic.registers.fonts import FONT, REPLACEMENT
from scic.registers.pdf_base import MARGIN
from scic.registers.pdf_flow import PORTRAIT, STYLES
from tests.registers.assembly_papers import GENERATED, hold, pdf_text, squash
from tests.registers.test_fonts import embedded_fonts

#: A resolution long enough to run over several pages (French, with accents and elisions).
LONG_TEXT = " ".join(
    f"Article {n} : l'assemblée générale décide que la coopérative étend son activité "
    f"d'autopartage à la commune n° {n}, après délibération du conseil municipal concerné."
    for n in range(1, 91)
)
NAMES = ("Παπαδοπούλου Σοφία", "Nguyễn Thị Ánh", "Щербакова Юлия", "Wołodźko Łucja")


def build(writer, assembly, locale="fr", **kwargs) -> tuple[int, list[str], bytes]:
    buffer = io.BytesIO()
    pages = writer(buffer, assembly, locale=locale, now=GENERATED, **kwargs)
    data = buffer.getvalue()
    return pages, pdf_text(data), data


def test_a_long_resolution_text_wraps_by_width_over_numbered_pages(people, make_assembly):
    held = hold(people, make_assembly, sign=False)
    held.resolutions[0].text = LONG_TEXT
    pages, texts, data = build(assembly_documents.write_minutes_pdf, held.assembly)
    assert pages == len(texts) >= 3
    for number, text in enumerate(texts, start=1):
        assert f"page {number} / {pages}" in text
        assert "Procès-verbal — Assemblée générale mixte du 15/04/2026" in text
    # The header and footer are drawn when a page ends: the body is what comes before them.
    frame = "Coop test — société coopérative d'intérêt collectif"
    bodies = [page.extract_text().split(frame)[0] for page in PdfReader(io.BytesIO(data)).pages]
    # Nothing lost or cut: the whole text, word for word, in reading order across the pages.
    assert LONG_TEXT in squash(" ".join(bodies))
    # Each line of the text fills the frame's width and never goes past it: wrapped by the
    # width of the words in the font, not after a number of characters.
    style = STYLES["t"]
    room = PORTRAIT[0] - 2 * MARGIN - style.leftIndent
    lines = [
        line.strip()
        for body in bodies
        for line in body.splitlines()
        if len(line.strip()) > 20 and line.strip() in LONG_TEXT
    ]
    widths = [stringWidth(line.strip(), FONT, style.fontSize) for line in lines]
    assert len(lines) > 40
    assert max(widths) <= room + 0.5
    assert sum(w > room * 0.85 for w in widths) >= len(widths) - 10


def test_the_result_table_keeps_its_columns_in_french(held):
    _pages, texts, _data = build(assembly_documents.write_minutes_pdf, held.assembly)
    text = " ".join(texts)
    assert "Collège Poids Inscrits Votants Pour Contre Abstenti" in text
    assert "TRAV Travailleurs 50,00 % 3 3 2 1 0 71,43 % 47,62 % 23,81 %" in text
    assert "Total 7 6 4 1 1 76,19 % 23,81 %" in text
    assert "La résolution n° 1 est ADOPTÉE." in text


def test_names_in_any_script_print_on_the_attendance_sheet_and_the_letters(
    people, make_assembly, voting_member
):
    cooperative = people[0]
    for name in NAMES:
        voting_member(cooperative, "USA", name=name)
    held = hold(people, make_assembly, sign=False)
    for writer in (
        assembly_documents.write_attendance_pdf,
        assembly_documents.write_convocation_pdf,
    ):
        _pages, texts, data = build(writer, held.assembly)
        text = " ".join(texts)
        for name in NAMES:
            assert f"{name} Ann" in text, (writer.__name__, name)
        assert REPLACEMENT not in text
        assert "?" not in text
        assert embedded_fonts(data) == {"DejaVuSans", "DejaVuSans-Bold"}
        assert b"/Helvetica" not in data


def test_a_long_attendance_sheet_wraps_addresses_and_repeats_its_header(
    people, make_assembly, voting_member
):
    cooperative = people[0]
    for index in range(70):
        member = voting_member(cooperative, "USA", name=f"Extra {index:02d}")
        member.address = (
            f"{index} avenue de la République, bâtiment C, escalier 4, appartement 12, 75011 Paris"
        )
    held = hold(people, make_assembly, sign=False)
    pages, texts, _data = build(assembly_documents.write_attendance_pdf, held.assembly)
    assert pages == len(texts) >= 3
    table_pages = [t for t in texts if "Extra " in t]
    assert len(table_pages) >= 3
    for text in table_pages:
        assert "N° Nom Domicile ou siège social Collège Parts sociales Mode" in text
        assert "Feuille de présence — Assemblée générale mixte du 15/04/2026" in text
    for index in range(70):
        # The address wraps inside its column, whole, before the next columns of the row.
        row = (
            f"Extra {index:02d} Ann {index} avenue de la République, bâtiment C, escalier 4, "
            "appartement 12, 75011 Paris USA 0 Absent"
        )
        assert sum(t.count(row) for t in texts) == 1, row
    assert "Annexe — pouvoirs" in texts[-1]


# --- Every convocation letter sent by post, in one PDF --------------------------------------------


def letters_by_post(people, make_assembly, voting_member):
    """Three more members convened by post and two who consented to e-mail."""
    cooperative = people[0]
    for name in ("Poste Un", "Poste Deux", "Nguyễn Thị Ánh"):
        voting_member(cooperative, "USA", name=name)
    for name in ("Courriel Un", "Courriel Deux"):
        member = voting_member(cooperative, "USA", name=name)
        member.econvocation_consent_on = date(2020, 1, 1)
    return hold(people, make_assembly, sign=False)


def test_one_letter_per_member_convened_by_post_each_on_a_new_page(
    people, make_assembly, voting_member
):
    held = letters_by_post(people, make_assembly, voting_member)
    by_post = assembly_queries.paper_recipients(held.assembly, held.assembly.convocation_sent_on)
    assert len(by_post) == 10  # the seven of the cooperative and the three above
    pages, texts, _data = build(assembly_documents.write_convocation_pdf, held.assembly)
    assert pages == len(texts)
    openings = [
        (index, match)
        for index, text in enumerate(texts)
        for match in re.findall(r"Bonjour ([^,]+),", text)
    ]
    assert sorted(name for _index, name in openings) == sorted(m.display_name for m in by_post)
    assert "Courriel" not in " ".join(texts)
    # Each letter starts its own page, with the mandatory mentions and its addressee on top.
    for index, name in openings:
        member = next(m for m in by_post if m.display_name == name)
        assert texts[index].startswith("Société Coop test — SCIC SAS à capital variable")
        assert f"RCS Périgueux 912 345 675 {name} (associé n° {member.number})" in texts[index]
        assert "Convocation — Assemblée générale mixte du 15/04/2026" in texts[index]
    assert len({index for index, _name in openings}) == len(openings)


def test_the_secretary_prints_every_letter_from_the_convocation_page(
    client, auth, people, make_assembly, voting_member
):
    held = letters_by_post(people, make_assembly, voting_member)
    auth.login_as(held.secretary)
    with client.session_transaction() as session:
        session["locale"] = "en"
    slug, assembly_id = held.cooperative.slug, held.assembly.id
    page = client.get(f"/c/{slug}/assemblies/{assembly_id}/convocation")
    html = page.get_data(as_text=True)
    url = f"/c/{slug}/registers/assemblies/{assembly_id}/convocation.pdf"
    assert f'href="{url}"' in html
    assert "Print the letters to send by post (PDF, one member per page)" in html
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment")
    texts = pdf_text(response.data)
    assert sum(t.count("Dear ") for t in texts) == 10


def test_members_cannot_print_the_letters(client, auth, people, make_assembly, voting_member):
    held = letters_by_post(people, make_assembly, voting_member)
    _cooperative, _secretary, alice_user, _members = people
    auth.login_as(alice_user)
    slug, assembly_id = held.cooperative.slug, held.assembly.id
    assert client.get(f"/c/{slug}/assemblies/{assembly_id}/convocation").status_code == 404
    response = client.get(f"/c/{slug}/registers/assemblies/{assembly_id}/convocation.pdf")
    assert response.status_code == 404
    db.session.rollback()


def test_a_long_signatory_label_wraps_instead_of_being_cut(app):
    from scic.registers.pdf_base import CooperativeHeader
    from scic.registers.pdf_flow import PaperDocument

    label = "Scrutateur : Παπαδοπούλου-Καραγιαννοπούλου Σοφία-Αικατερίνη, représentante du collège"
    buffer = io.BytesIO()
    with app.test_request_context():
        document = PaperDocument(
            buffer, header=CooperativeHeader("Coop test", "SAS"), footer="Généré le 02/05/2026"
        )
        story = document.story()
        story.section("Feuille de présence")
        story.sign(label, "Signature")
        assert document.render(story.done()) == 1
    text = squash(PdfReader(io.BytesIO(buffer.getvalue())).pages[0].extract_text())
    assert "…" not in text
    for word in label.split():
        assert word in text
