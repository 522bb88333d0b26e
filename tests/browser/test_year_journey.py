"""Issue 20 in a browser: the secretary's year on the demo cooperative, after the year-end.

From the dashboard the secretary prepares the accounts assembly of the year just closed, makes
the accounts available, records a révision and its report (presented at that assembly), puts the
board's election by secret ballot on its agenda, and subscribes to the calendar, whose feed
lists the next deadlines. The votes themselves, secret ballot included, are covered by the
voting journeys and by tests/assemblies/test_elections.py; they are not clicked here.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

from icalendar import Calendar
from playwright.sync_api import expect
from reportlab.pdfgen import canvas

from scic.cli.demo import DEMO_PASSWORD
from scic.core import clock
from tests.browser.conftest import DEMO_SLUG, sign_in

#: 10 February 2027: the year 2026 is closed; its accounts are due by 30 June 2027.
AFTER_YEAR_END = datetime(2027, 2, 10, 9, 0, tzinfo=UTC)


def _pdf(text: str) -> bytes:
    buffer = io.BytesIO()
    document = canvas.Canvas(buffer)
    document.drawString(72, 720, text)
    document.save()
    return buffer.getvalue()


def test_the_year_from_the_accounts_assembly_to_the_calendar_feed(
    demo_app, demo_server, module_browser, tmp_path
):
    accounts_pdf, report_pdf = tmp_path / "comptes-2026.pdf", tmp_path / "rapport.pdf"
    accounts_pdf.write_bytes(_pdf("Comptes annuels 2026"))
    report_pdf.write_bytes(_pdf("Rapport de revision"))
    base = f"{demo_server}/c/{DEMO_SLUG}"
    with clock.frozen(AFTER_YEAR_END):
        page = module_browser.new_context(
            locale="fr-FR", viewport={"width": 1280, "height": 800}
        ).new_page()
        sign_in(page, demo_server, "secretaire@demo.scic.coop", DEMO_PASSWORD)

        # The accounts assembly, from the dashboard's panel.
        page.goto(f"{base}/")
        page.get_by_role("link", name="Préparer l’assemblée d’approbation des comptes").click()
        expect(page.locator("h1")).to_contain_text("exercice clos le 31 déc. 2026")
        expect(page.locator(".lead")).to_contain_text("30 juin 2027")
        page.get_by_label("Date et heure (heure de Paris)").fill("2027-05-20T18:00")
        page.get_by_label("Lieu").fill("Salle des fêtes de Montignac")
        page.get_by_role("button", name="Préparer l’assemblée").click()
        page.wait_for_url(re.compile(r"/assemblies/\d+$"))
        assembly_url = page.url
        expect(page.locator("body")).to_contain_text("Approbation des comptes de l’exercice clos")
        expect(page.locator("body")).to_contain_text("Quitus")

        # The accounts made available to members.
        page.locator("select[name=kind]").select_option("accounts")
        page.locator("input[type=file][name=file]").set_input_files(str(accounts_pdf))
        page.locator('form[action$="/documents"] button[type=submit]').click()
        page.goto(f"{base}/assemblies/accounts?year=2026")
        checklist = page.locator("#accounts-documents li")
        expect(checklist.first).to_have_attribute("data-provided", "yes")
        expect(page.locator("body")).to_contain_text("5 mai 2027")  # 15 days before

        # The révision and its report, presented at that assembly.
        page.goto(f"{base}/revision/")
        page.get_by_label("Réviseur (nom ou cabinet)").fill("Cabinet Coop Révision")
        page.get_by_label("Référence de l’agrément du réviseur").fill("AGR-2025-031")
        page.get_by_label(re.compile("Le réviseur a déclaré son indépendance")).check()
        page.get_by_label("Commencée le").fill("2027-01-11")
        page.get_by_role("button", name="Enregistrer la révision").click()
        page.get_by_label("Date du rapport").fill("2027-02-05")
        page.locator("input[type=file][name=report-report]").set_input_files(str(report_pdf))
        page.get_by_role("button", name="Enregistrer le rapport").click()
        expect(page.locator(".flash-success")).to_contain_text("ordre du jour")
        page.goto(assembly_url)
        expect(page.locator("body")).to_contain_text(
            "Présentation du rapport de révision coopérative"
        )

        # The board's election by secret ballot, on the agenda.
        page.goto(f"{assembly_url}/elections")
        page.get_by_label("Sièges à pourvoir").fill("2")
        page.get_by_label("Candidats, un par ligne").fill("Claire Martin\nYves Roux\nAnne Petit")
        page.get_by_label(re.compile("Vote à bulletin secret")).check()
        page.get_by_role("button", name="Ajouter l’élection").click()
        expect(page.locator("body")).to_contain_text("bulletin secret")
        expect(page.locator("table").last).to_contain_text("Élection d’Anne Petit")

        # The calendar and its feed.
        page.goto(f"{base}/calendar/")
        expect(page.locator("#deadlines")).to_contain_text("Dernier jour pour approuver")
        page.get_by_role("button", name="Créer mon adresse").click()
        address = page.locator("#feed-address").input_value()
        # The address is built on the configured public URL; fetch its path from this server.
        feed = page.request.get(demo_server + "/" + address.split("/", 3)[3])
        assert feed.status == 200
        events = Calendar.from_ical(feed.body()).walk("VEVENT")
        summaries = [str(event["SUMMARY"]) for event in events]
        assert any(s.startswith("Dernier jour pour approuver") for s in summaries)
        assert any("mettre les comptes et rapports" in s for s in summaries)
        assert any(s.startswith("Assemblée générale :") for s in summaries)
        page.context.close()
