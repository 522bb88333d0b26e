"""Issue 20 in a browser: the secretary's year on the demo cooperative, after the year-end.

On 10 February 2027, from the dashboard, the secretary prepares the accounts assembly of the
year 2026 (in the room and remotely; its three standard resolutions come with it), makes the
accounts available, records a révision and its report (put on that assembly's agenda), puts the
election of the president by secret ballot on the agenda (the demo is an SAS: three candidates
for its one seat, R-AG-17), e-mails the convocation and records the letters posted to the
other members in one step.

On 20 May 2027 at 18:05 (the clock is frozen; the server reads it too) the assembly is held:
the bureau, the session opened at its convened time, the members present ticked on the
checklist college by college. The approval of the accounts and the allocation of the results
are voted by a show of hands, college by college; the discharge by ballots, two of them cast
by the members themselves from their phones (Julie Moreau, and Jean Delmas for the Commune de
Thiviers, both following remotely), three recorded in the room. Each result is shown adopted
with its college-weighted share (90 %, 75 %, 75 %). For the election, three tellers seal each
candidate's urn with their passphrases, the two members vote secretly on their phones, three
others in the room, and two tellers of three count each urn. Two candidates are adopted; the
election page shows the one with the larger share elected to the one seat, and the officers'
page lists her with the end of her term. The session closes; the révision page shows its
report presented at that assembly; the minutes (PDF) say each resolution adopted (or
rejected) and name the elected president with her term; the calendar page and feed (read
with icalendar) list the next deadlines — the filing of the approved accounts first — and,
six years on, the president's end of term.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta

from icalendar import Calendar
from playwright.sync_api import expect
from reportlab.pdfgen import canvas
from sqlalchemy import select

from scic.cli.demo import DEMO_PASSWORD, STATUTES
from scic.core import clock
from scic.core.db import db
from scic.membership.models import Member
from scic.voting.models import Resolution
from tests.browser.conftest import DEMO_SLUG, sign_in
from tests.browser.steps import confirm, minutes_text, no_error, set_bureau, type_member

#: 10 February 2027: the year 2026 is closed; its accounts are due by 30 June 2027.
AFTER_YEAR_END = datetime(2027, 2, 10, 9, 0, tzinfo=UTC)
#: The assembly is convened on 20 May 2027 at 18:00 in Paris (16:00 UTC).
SESSION = datetime(2027, 5, 20, 16, 0, tzinfo=UTC)
COLLEGES = {college["code"]: college["name"] for college in STATUTES["colleges"]}
PHONE = {"width": 390, "height": 844}
#: Three accounts of the cooperative act as tellers (the secretary, the admin, the reviser).
TELLERS = (
    ("Claire Dubois", "lavande tilleul ardoise"),
    ("Camille Martin", "noisette brouillard quai"),
    ("Bernard Lefèvre", "cormoran fenouil lanterne"),
)
CANDIDATES = ("Claire Martin", "Yves Roux", "Anne Petit")
#: Demo members who vote themselves: (account, password, the member they vote for).
JULIE = ("associe@demo.scic.coop", "Moreau")
JEAN = ("elu@demo.scic.coop", "Commune de Thiviers")


def _pdf(text: str) -> bytes:
    buffer = io.BytesIO()
    document = canvas.Canvas(buffer)
    document.drawString(72, 720, text)
    document.save()
    return buffer.getvalue()


def _room(assembly_id: int) -> dict[str, list[int]]:
    """The members who come to the room, by college: up to six of each (read only); the two
    members who vote themselves follow the assembly remotely."""
    members = db.session.scalars(
        select(Member).where(Member.status == "active").order_by(Member.id)
    ).all()
    room: dict[str, list[int]] = {code: [] for code in COLLEGES}  # the statutes' order
    for member in members:
        if member.college is None:
            continue
        remote = member.email == JULIE[0] or member.name == JEAN[1]
        seats = room[member.college.code]
        if not remote and len(seats) < 6:
            seats.append(member.id)
    db.session.rollback()
    return room


def _resolutions(assembly_id: int) -> dict[str, int]:
    rows = db.session.scalars(
        select(Resolution).where(Resolution.assembly_id == assembly_id).order_by(Resolution.number)
    ).all()
    found = {r.title: r.id for r in rows}
    db.session.rollback()
    return found


def _member_phone(browser, server: str, email: str):
    phone = browser.new_context(
        locale="fr-FR", viewport=PHONE, is_mobile=True, has_touch=True
    ).new_page()
    sign_in(phone, server, email, DEMO_PASSWORD)
    return phone


def _vote_on_phone(phone, server: str, title: str, choice: str, label: str) -> None:
    """The member opens their ballot page, finds the resolution, chooses and confirms."""
    phone.goto(f"{server}/c/{DEMO_SLUG}/votes/ballot")
    expect(phone.locator("h2.ballot-title")).to_have_text(title)
    phone.locator(f"label.choice-{choice}").tap()
    phone.locator("main form button.big").tap()
    expect(phone.locator(".confirm-choice strong")).to_have_text(label)
    phone.locator("main form button.big").tap()
    expect(phone.locator("main")).to_contain_text(re.compile("reçu|enregistré", re.I))


def _record_in_room(page, votes) -> None:
    for member_id, choice in votes:
        type_member(page, "member", member_id)
        page.locator("#choice").select_option(choice)
        page.locator("form[action$='/ballots'] button[type=submit]").click()
        expect(page.locator(".flash-success")).to_be_visible()


def _show_of_hands(page, console: str, counts) -> None:
    """Every college's hands on one screen: (for, against) per college in the page's order."""
    page.goto(console)
    page.locator("#show-of-hands-link").click()
    for index, (votes_for, against) in enumerate(counts):
        college = page.locator(f"#college-{index}")
        college.locator("input[name$=votes_for]").fill(str(votes_for))
        college.locator("input[name$=votes_against]").fill(str(against))
        college.locator("input[name$=votes_abstain]").fill("0")
    page.get_by_role("button", name="Enregistrer les décomptes").click()
    no_error(page)


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
        page.set_default_timeout(15_000)
        sign_in(page, demo_server, "secretaire@demo.scic.coop", DEMO_PASSWORD)

        # The accounts assembly, from the dashboard's panel.
        page.goto(f"{base}/")
        page.get_by_role("link", name="Préparer l’assemblée d’approbation des comptes").click()
        expect(page.locator("h1")).to_contain_text("exercice clos le 31 déc. 2026")
        expect(page.locator(".lead")).to_contain_text("30 juin 2027")
        page.get_by_label("Date et heure (heure de Paris)").fill("2027-05-20T18:00")
        page.get_by_label("Lieu").fill("Salle des fêtes de Montignac")
        page.get_by_label("Participation à distance").select_option(label="En salle et à distance")
        page.get_by_label("Lien de visioconférence").fill("https://visio.example.org/ag-2027")
        page.get_by_role("button", name="Préparer l’assemblée").click()
        page.wait_for_url(re.compile(r"/assemblies/\d+$"))
        assembly_url = page.url
        assembly_id = int(assembly_url.rsplit("/", 1)[1])
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

        # The president's election by secret ballot, on the agenda.
        page.goto(f"{assembly_url}/elections")
        page.get_by_label("Sièges à pourvoir").fill("1")
        page.get_by_label("Candidats, un par ligne").fill("\n".join(CANDIDATES))
        page.get_by_label(re.compile("Vote à bulletin secret")).check()
        page.get_by_role("button", name="Ajouter l’élection").click()
        expect(page.locator("body")).to_contain_text("bulletin secret")
        expect(page.locator("table").last).to_contain_text("Élection d’Anne Petit")

        # The convocation, e-mailed more than fifteen days ahead.
        page.goto(f"{assembly_url}/convocation")
        confirm(page, "/convocation/send")
        expect(page.locator(".flash-success")).to_be_visible()
        # The members without e-mail consent get a letter: posted, then recorded in one step.
        record_all = "Enregistrer toutes les lettres non encore enregistrées"
        page.get_by_role("button", name=record_all).click()
        expect(page.locator(".flash-success")).to_contain_text("enregistrées comme postées")
        letters = page.locator("section[aria-labelledby=paper-title] tbody tr")
        expect(letters.first).to_contain_text("Lettre · 10 févr. 2027")
        expect(letters.filter(has=page.locator("td:nth-child(4):text-is('—')"))).to_have_count(0)

    room = _room(assembly_id)
    resolutions = _resolutions(assembly_id)
    titles = list(resolutions)
    approval, discharge, allocation = titles[0], titles[1], titles[2]
    candidates = {name: next(t for t in titles if t.endswith(name)) for name in CANDIDATES}

    with clock.frozen(SESSION + timedelta(minutes=5)):
        # The bureau, then the session opens at its convened time.
        set_bureau(
            page, f"{assembly_url}/session", "Camille Martin", "Claire Dubois", "Bernard Lefèvre"
        )
        confirm(page, "/open")
        no_error(page)
        expect(page.locator("form[action$='/close']")).to_have_count(1)

        # The members present, ticked on the checklist and recorded in one go.
        for code, members in room.items():  # the checklist filtered college by college
            page.goto(f"{assembly_url}/attendance")
            page.locator("#college").select_option(label=f"{code} — {COLLEGES[code]}")
            page.get_by_role("button", name="Filtrer").click()
            for member_id in members:
                page.locator(f"#checklist input[name=member_id][value='{member_id}']").check()
            page.locator("#checklist button[type=submit]").click()
            expect(page.locator(".flash-success")).to_be_visible()
        quorum = page.locator("[data-quorum-url]")
        expect(quorum.locator("[data-quorum=reached]")).to_have_class(re.compile(r"\bok\b"))

        colleges = list(room)  # the page lists the colleges in the statutes' order
        assert colleges == ["TRAV", "USA", "COLL", "PART", "SOUT"]

        # 1. Approval of the accounts by a show of hands: every college for, the supporters
        # (10 %) against: 90 % of the weighted votes.
        console = f"{base}/votes/resolutions/{resolutions[approval]}"
        page.goto(console)
        page.get_by_role("button", name="Ouvrir le vote").click()
        expect(page.locator("#vote-status")).to_have_text("Ouvert")
        _show_of_hands(
            page,
            console,
            [(len(room[c]), 0) if c != "SOUT" else (0, len(room[c])) for c in colleges],
        )
        page.goto(console)
        confirm(page, "/close")
        expect(page.locator(".flash-success")).to_contain_text("adoptée")
        expect(page.locator("[data-field=share]").first).to_have_text("90,00 %")

        # 2. Discharge by ballots: two members vote on their own phones, three in the room.
        page.goto(f"{base}/votes/resolutions/{resolutions[discharge]}")
        page.get_by_role("button", name="Ouvrir le vote").click()
        julie_phone = _member_phone(module_browser, demo_server, JULIE[0])
        jean_phone = _member_phone(module_browser, demo_server, JEAN[0])
        _vote_on_phone(julie_phone, demo_server, discharge, "for", "Pour")
        _vote_on_phone(jean_phone, demo_server, discharge, "for", "Pour")
        page.goto(f"{base}/votes/resolutions/{resolutions[discharge]}")
        _record_in_room(
            page, [(room["TRAV"][0], "against"), (room["PART"][0], "for"), (room["SOUT"][0], "for")]
        )
        who = page.locator("table", has_text="Comment")
        expect(who).to_contain_text("Moreau")
        expect(who).to_contain_text("Commune de Thiviers")
        confirm(page, "/close")
        expect(page.locator(".flash-success")).to_contain_text("adoptée")
        # The workers (25 %) against, every other college for: 75 %.
        expect(page.locator("[data-field=share]").first).to_have_text("75,00 %")

        # 3. Allocation of the results by a show of hands: the workers against, 75 %.
        console = f"{base}/votes/resolutions/{resolutions[allocation]}"
        page.goto(console)
        page.get_by_role("button", name="Ouvrir le vote").click()
        _show_of_hands(
            page,
            console,
            [(0, len(room[c])) if c == "TRAV" else (len(room[c]), 0) for c in colleges],
        )
        page.goto(console)
        confirm(page, "/close")
        expect(page.locator(".flash-success")).to_contain_text("adoptée")
        expect(page.locator("[data-field=share]").first).to_have_text("75,00 %")

        # 4. The election by secret ballot: three tellers seal each candidate's urn.
        for name in CANDIDATES:
            page.goto(f"{base}/votes/resolutions/{resolutions[candidates[name]]}")
            page.get_by_role("link", name="Sceller l’urne avec les scrutateurs").click()
            for index, (teller, passphrase) in enumerate(TELLERS):
                page.locator(f"#tellers-{index}-user").select_option(label=teller)
                page.locator(f"#tellers-{index}-passphrase").fill(passphrase)
            page.get_by_role("button", name="Sceller l’urne").click()
            expect(page.locator(".flash-success")).to_contain_text("scellée")
            page.get_by_role("button", name="Ouvrir le vote").click()
            expect(page.locator("#vote-status")).to_have_text("Ouvert")
        # Claire Martin: all for; Yves Roux: all against; Anne Petit: the workers against.
        choices = {"Claire Martin": "for", "Yves Roux": "against", "Anne Petit": "for"}
        for name in CANDIDATES:  # the ballot page offers the open votes one after another
            label = "Pour" if choices[name] == "for" else "Contre"
            _vote_on_phone(julie_phone, demo_server, candidates[name], choices[name], label)
            _vote_on_phone(jean_phone, demo_server, candidates[name], choices[name], label)
        for name in CANDIDATES:
            page.goto(f"{base}/votes/resolutions/{resolutions[candidates[name]]}")
            workers = "against" if name != "Claire Martin" else "for"
            _record_in_room(
                page,
                [
                    (room["TRAV"][0], workers),
                    (room["PART"][0], choices[name]),
                    (room["SOUT"][0], choices[name]),
                ],
            )
            expect(page.locator("#live-results [data-field=total-voted]")).to_have_text("5")
            # Two tellers of three type their passphrase to count the urn.
            page.locator("details.confirm:has(form[action$='/close']) summary").click()
            for index in (0, 2):
                page.locator(f"#passphrases-{index}-passphrase").fill(TELLERS[index][1])
            page.locator("details.confirm form[action$='/close'] button[type=submit]").click()
            expect(page.locator(".flash-success")).to_contain_text(
                "non adoptée" if name == "Yves Roux" else "adoptée"
            )
        julie_phone.context.close()
        jean_phone.context.close()

        page.goto(f"{assembly_url}/elections")
        page.get_by_role("button", name="Enregistrer les résultats").click()
        expect(page.locator(".flash-success")).to_be_visible()
        # Anne Petit is adopted too, but with a smaller share: the one seat goes to Claire Martin.
        for name, result in (
            ("Claire Martin", "Élu(e)"),
            ("Yves Roux", "Non élu(e)"),
            ("Anne Petit", "Non élu(e)"),
        ):
            expect(page.locator("tr", has_text=name).locator(".badge")).to_have_text(result)
        page.get_by_role("link", name="Administrateurs et dirigeants en fonction").click()
        board = page.locator("main table")
        expect(board.locator("tr", has_text="Claire Martin")).to_contain_text("20 mai 2033")
        expect(board).not_to_contain_text("Yves Roux")
        expect(board).not_to_contain_text("Anne Petit")

        # The session closes.
        page.goto(f"{assembly_url}/session")
        confirm(page, "/close")
        expect(page.locator("form[action$='/open'], form[action$='/close']")).to_have_count(0)

        # The accounts approved: what to file at the registry, and by when.
        page.goto(f"{base}/assemblies/accounts?year=2026")
        expect(page.locator(".lead .badge.ok")).to_have_text("Approuvé")
        expect(page.locator("section[aria-labelledby=filing]")).to_contain_text(
            "Approuvés le 20 mai 2027"
        )
        expect(page.locator("section[aria-labelledby=filing]")).to_contain_text("20 juil. 2027")

        # The révision's report, presented at that assembly.
        page.goto(f"{base}/revision/")
        expect(page.locator("#revision-list")).to_contain_text(
            "Présenté à l’assemblée du 20 mai 2027"
        )

        # The minutes name the adopted resolutions and the elected president.
        minutes = minutes_text(page, base, assembly_id)
        for number, title in enumerate((approval, discharge, allocation), start=1):
            assert f"Résolution n° {number} — {title}" in minutes, title
            assert f"La résolution n° {number} est ADOPTÉE" in minutes
        assert "La résolution n° 5 est REJETÉE" in minutes  # Yves Roux
        assert "Présentation du rapport de révision coopérative" in minutes  # on the agenda
        assert "Élu(e)s : Claire Martin, jusqu’au 20/05/2033." in minutes

        # The calendar and its feed: the next deadlines.
        page.goto(f"{base}/calendar/")
        deadlines = page.locator("#deadlines")
        expect(deadlines.locator("tbody tr").first).to_contain_text(
            "Dernier jour pour déposer au greffe les comptes approuvés de l’exercice clos le "
            "31 décembre 2026"
        )
        expect(deadlines.locator("tbody tr").first).to_contain_text("20 juillet 2027")
        expect(deadlines).to_contain_text("les comptes de l’exercice clos le 31 décembre 2027")
        expect(deadlines).not_to_contain_text(  # approved: no longer a deadline
            "approuver en assemblée générale les comptes de l’exercice clos le 31 décembre 2026"
        )
        page.get_by_role("button", name="Créer mon adresse").click()
        address = page.locator("#feed-address").input_value()
        # The address is built on the configured public URL; fetch its path from this server.
        feed = page.request.get(demo_server + "/" + address.split("/", 3)[3])
        assert feed.status == 200
        events = Calendar.from_ical(feed.body()).walk("VEVENT")
        summaries = [str(event["SUMMARY"]) for event in events]
        assert summaries[0] == (
            "Dernier jour pour déposer au greffe les comptes approuvés de l’exercice clos le "
            "31 décembre 2026"
        )
        assert "La révision coopérative est due" in summaries
    # Six years on, the feed reminds the secretary of the president's end of term.
    with clock.frozen(datetime(2033, 1, 10, 9, 0, tzinfo=UTC)):
        feed = page.request.get(demo_server + "/" + address.split("/", 3)[3])
        summaries = [str(e["SUMMARY"]) for e in Calendar.from_ical(feed.body()).walk("VEVENT")]
        assert any("Claire Martin" in s for s in summaries), summaries
        assert not any("Anne Petit" in s for s in summaries), summaries
        assert not any("Yves Roux" in s for s in summaries), summaries
    page.context.close()
