"""Issue 16, done when: validity and legal-form majorities, in the browser.

- An SA ordinary assembly misses its quorum on first call: the vote cannot open, the session
  closes with nothing adopted and the minutes say the assembly could not deliberate; its second
  call (same agenda, same resolution) needs no quorum and adopts the resolution (R-AG-11).
- A SARL ordinary assembly on first consultation: 2 for and 1 against among 10 members is not
  more than half of all the members (L223-29, R-AG-12): the live count shows 20 %, and closing
  says "not adopted".

Members, the assembly, its resolution, convocation and bureau are seeded through Python; the
session, the check-in, the votes, the closing and the second call go through the pages, with
the clock set to the assembly's day (``scic.core.clock.frozen`` serves the server thread too).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from scic.assemblies import services as assemblies
from scic.assemblies.models import Assembly
from scic.core import clock
from scic.core.db import db
from scic.membership.models import Member
from scic.voting import services as voting
from scic.voting.models import Resolution
from tests.browser.conftest import sign_in
from tests.browser.steps import confirm, minutes_text, no_error, set_bureau, type_member
from tests.fixtures.factories import PASSWORD

FIRST_CALL = datetime(2027, 3, 10, 17, 0, tzinfo=UTC)  # 18:00 in Paris
SENT = datetime(2027, 2, 1, 9, 0, tzinfo=UTC)


def _seed(make_user, make_cooperative, grant, voting_member, *, legal_form: str, **statutes):
    """Ten members, an ordinary assembly with one resolution, convened and its bureau named."""
    cooperative = make_cooperative(legal_form=legal_form, **statutes)
    secretary = make_user()
    grant(secretary, cooperative, "secretary")
    members = [voting_member(cooperative, "SAL", name=f"Associé{i}") for i in range(10)]
    data = assemblies.AssemblyInput(
        type="ordinary",
        title="Assemblée générale ordinaire",
        starts_at=FIRST_CALL,
        place="Salle des fêtes, Montignac",
        video_link="",
        remote_mode="none",
        approves_accounts_of=None,
    )
    assembly = assemblies.create_assembly(cooperative, data)
    item = assemblies.add_agenda_item(assembly, "Approbation des comptes")
    resolution = voting.create_resolution(
        assembly, title="Approbation des comptes", agenda_item=item
    )
    assemblies.send_convocation(assembly, SENT.date(), now=SENT)
    for member in members:
        assemblies.record_paper_convocation(
            assembly, member, channel="letter", sent_on=SENT.date(), now=SENT
        )
    assemblies.set_bureau(
        assembly, chair="Claire Présidente", secretary="Paul Secrétaire", scrutineers="Anne"
    )
    seeded = (
        cooperative.slug,
        secretary.email,
        [m.id for m in members],
        assembly.id,
        resolution.id,
    )
    db.session.commit()
    db.session.remove()  # SQLite: hold no read lock while the server writes
    return seeded


def _open_session(page, base: str, assembly_id: int) -> None:
    page.goto(f"{base}/assemblies/{assembly_id}/session")
    confirm(page, "/open")
    no_error(page)
    expect(page.locator("form[action$='/close']")).to_have_count(1)


def _set_bureau(page, base: str, assembly_id: int) -> None:
    set_bureau(
        page,
        f"{base}/assemblies/{assembly_id}/session",
        "Claire Présidente",
        "Paul Secrétaire",
        "Anne",
    )


def _check_in(page, base: str, assembly_id: int, member_ids) -> None:
    """Tick the members on the attendance checklist and record them present in one go."""
    page.goto(f"{base}/assemblies/{assembly_id}/attendance")
    for member_id in member_ids:
        page.locator(f"#checklist input[name=member_id][value='{member_id}']").check()
    page.locator("#checklist select[name=mode]").select_option("present")
    page.locator("#checklist button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()


def _record_votes(page, choices) -> None:
    for member_id, choice in choices:
        type_member(page, "member", member_id)
        page.locator("#choice").select_option(choice)
        page.locator("form[action$='/ballots'] button[type=submit]").click()
        expect(page.locator(".flash-success")).to_be_visible()


def _close_vote(page, resolution_id: int) -> None:
    confirm(page, "/close")
    page.wait_for_url(re.compile(rf".*/votes/resolutions/{resolution_id}/results$"))


def _close_session(page, base: str, assembly_id: int) -> None:
    page.goto(f"{base}/assemblies/{assembly_id}/session")
    confirm(page, "/close")
    expect(page.locator("form[action$='/open'], form[action$='/close']")).to_have_count(0)


def test_an_sa_assembly_without_quorum_then_its_second_call(
    app, live_server, page, make_user, make_cooperative, grant, voting_member
):
    slug, email, members, first_id, resolution_id = _seed(
        make_user, make_cooperative, grant, voting_member, legal_form="SA", governance="board"
    )
    base = f"{live_server}/c/{slug}"
    page.set_default_timeout(10_000)
    with clock.frozen(FIRST_CALL + timedelta(minutes=5)):
        sign_in(page, live_server, email, PASSWORD)
        _open_session(page, base, first_id)
        # One member of ten in the room: an SA ordinary first call needs one fifth (2).
        _check_in(page, base, first_id, members[:1])
        page.goto(f"{base}/votes/resolutions/{resolution_id}")
        expect(page.locator("#quorum-missing")).to_contain_text("R-AG-11")
        expect(page.locator("form[action$='/open'] button[type=submit]")).to_be_disabled()
        _close_session(page, base, first_id)

        page.goto(f"{base}/assemblies/{first_id}")
        expect(page.locator("#could-not-deliberate")).to_be_visible()
        minutes = minutes_text(page, base, first_id)
        assert "l'assemblée n'a pas pu délibérer" in minutes, minutes[:2000]
        assert db.session.get(Resolution, resolution_id).outcome is None  # nothing adopted
        db.session.rollback()

        # The second call, fifteen days later, with the same agenda and resolution.
        second_day = FIRST_CALL + timedelta(days=15)
        page.goto(f"{base}/assemblies/{first_id}")
        page.locator("#starts_at").fill(
            second_day.astimezone(clock.PARIS).strftime("%Y-%m-%dT%H:%M")
        )
        page.locator("form[action$='/second-call'] button[type=submit]").click()
        expect(page.locator(".flash-success")).to_be_visible()
        second_id = int(page.url.rsplit("/", 1)[1])
        assert second_id != first_id
        page.goto(f"{base}/assemblies/{second_id}/convocation")
        page.locator("details.confirm summary").click()
        page.locator("details.confirm form button[type=submit]").click()
        expect(page.locator(".flash-success")).to_be_visible()
    second = db.session.get(Assembly, second_id)
    (copy,) = db.session.query(Resolution).filter_by(assembly_id=second_id).all()
    assert (second.call_number, copy.title) == (2, "Approbation des comptes")
    copy_id = copy.id
    for member_id in members:  # no member consented to e-mail: letters, on the first call's day
        assemblies.record_paper_convocation(
            second,
            db.session.get(Member, member_id),
            channel="letter",
            sent_on=FIRST_CALL.date(),
            now=FIRST_CALL,
        )
    db.session.commit()
    db.session.remove()

    with clock.frozen(second_day + timedelta(minutes=5)):
        _set_bureau(page, base, second_id)
        _open_session(page, base, second_id)
        _check_in(page, base, second_id, members[:1])  # no quorum on an SA second call
        page.goto(f"{base}/votes/resolutions/{copy_id}")
        page.locator("form[action$='/open'] button[type=submit]").click()
        expect(page.locator("#vote-status")).to_have_text("Ouvert")
        _record_votes(page, [(members[0], "for")])
        _close_vote(page, copy_id)
    assert db.session.get(Resolution, copy_id).outcome.adopted is True
    db.session.rollback()


def test_a_sarl_first_consultation_fails_on_the_all_members_majority(
    app, live_server, page, make_user, make_cooperative, grant, voting_member
):
    slug, email, members, assembly_id, resolution_id = _seed(
        make_user, make_cooperative, grant, voting_member, legal_form="SARL"
    )
    base = f"{live_server}/c/{slug}"
    page.set_default_timeout(10_000)
    with clock.frozen(FIRST_CALL + timedelta(minutes=5)):
        sign_in(page, live_server, email, PASSWORD)
        _open_session(page, base, assembly_id)
        _check_in(page, base, assembly_id, members[:3])
        page.goto(f"{base}/votes/resolutions/{resolution_id}")
        page.locator("form[action$='/open'] button[type=submit]").click()
        expect(page.locator("#vote-status")).to_have_text("Ouvert")
        _record_votes(page, [(members[0], "for"), (members[1], "for"), (members[2], "against")])
        # On votes cast it would be 66.67 %; the law counts all ten members: 20 %.
        expect(page.locator("#live-results [data-field=share]")).to_have_text("20,00 %")
        _close_vote(page, resolution_id)
        expect(page.locator(".flash-success")).to_contain_text("non adoptée")
    outcome = db.session.get(Resolution, resolution_id).outcome
    assert (outcome.adopted, outcome.turnout["members"]) == (False, 10)
    db.session.rollback()
