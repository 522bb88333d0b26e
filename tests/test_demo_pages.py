"""Every page, PDF and e-mail of the demo, as every role, in French and in English.

The demo cooperative (``scic demo``) is crawled as each of its accounts by following the links
and GET forms a user would (``tests/demo_crawl.py``):

- no link leads to a 404 or a 500 (issue 18 item 6);
- no page or PDF shows a raw code, an enum value, the other language or a time with seconds
  (issue 18 item 4, ``tests/raw_codes.py``); nor do the e-mails the app sends (convocation,
  vote receipt, invitation, password reset);
- the endpoints of the URL map that no link reaches are listed, so a page cannot hide from the
  crawl: each is either reached or named in ``NOT_LINKED`` with the reason.

Built once for the module on a file SQLite database (rendering does not depend on the engine).
"""

from __future__ import annotations

import email
import shutil
from email import policy

import pytest
from sqlalchemy import select

from scic import create_app
from scic.cli.demo import ACCOUNTS, SLUG
from scic.core.db import db
from tests.conftest import app_config
from tests.demo_crawl import crawl
from tests.raw_codes import raw_codes

LOCALES = ("fr", "en")
ROLES = [role for _email, _name, role in ACCOUNTS]
EMAILS = {role: address for address, _name, role in ACCOUNTS}


@pytest.fixture(scope="module")
def demo(demo_database, tmp_path_factory):
    """The app on a copy of the demo database, its context pushed for the module."""
    path = tmp_path_factory.mktemp("demo-pages-app")
    shutil.copy(demo_database, path / "b.db")
    app = create_app(app_config(path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}/b.db"))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def signed_in(app, role: str, locale: str):
    from scic.auth.services import find_user

    user = find_user(EMAILS[role])
    user.locale = None  # the session's language decides
    db.session.commit()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
        session["locale"] = locale
    return client


#: Who is crawled in English too: the secretary's, the auditor's and the operator's pages are
#: the admin's templates (French finds their dead links and raw codes; English would repeat it).
ENGLISH_ROLES = ("admin", "member", "representative")


@pytest.fixture(scope="module")
def crawls(demo):
    """{(role, locale): Crawl} of the demo as it is shipped."""
    pdf_texts = {locale: {} for locale in LOCALES}
    return {
        (role, locale): crawl(
            signed_in(demo, role, locale), f"/c/{SLUG}/", pdf_texts=pdf_texts[locale]
        )
        for locale in LOCALES
        for role in ROLES
        if locale == "fr" or role in ENGLISH_ROLES
    }


def audit_actions() -> set[str]:
    from scic.core.audit import AuditEntry

    return set(db.session.scalars(select(AuditEntry.action).distinct()))


def data_words() -> frozenset[str]:
    """Every word stored in the demo's text columns (the cooperative writes them in French)."""
    import re

    from sqlalchemy import String, Text

    words = set()
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, String | Text)]
        if not columns:
            continue
        for row in db.session.execute(select(*columns)):
            for value in row:
                if isinstance(value, str):
                    words.update(w.lower() for w in re.findall(r"[^\W\d_]+", value))
    return frozenset(words)


def test_no_link_of_the_demo_is_dead_for_any_role(crawls):
    dead = sorted(
        {
            f"{role}: {visit.url} answers {visit.status} (linked from {visit.referrer})"
            for (role, _locale), result in crawls.items()
            for visit in result.dead
        }
    )
    assert not dead, "\n".join(dead)
    # The crawl did walk the app: every role reaches its ballot page and more.
    for (role, _locale), result in crawls.items():
        assert len(result.visits) > 8, role


#: The pages no link of the demo reaches, each with the reason. Everything else a GET serves
#: must be reached by the crawl (a page no one can find is as good as dead).
NOT_LINKED = {
    # Not pages: what a page's script, a feed reader or a download button fetches.
    "assemblies.attendance_counts": "JSON read by the attendance checklist's script",
    "assemblies.quorum_json": "JSON read by the session page's script",
    "members.member_search": "JSON read by the member picker's script",
    "votes.live": "JSON read by the resolution console's script",
    "calendar_feed.feed": "the calendar feed, whose secret address a calendar app subscribes to",
    "registers.export_progress": "the address of one export job, reached by POSTing the export",
    "registers.export_status": "JSON polled by the export progress page",
    "registers.export_download": "the file of one finished export job",
    "entry_file.draft_deliberation_docx": "a GET form's second button (formaction)",
    # Reached from a link carrying a secret, never from a page.
    "assemblies.checkin": "the QR code of a convocation, scanned at the door",
    "auth.accept_invitation": "the link of an invitation e-mail",
    "cooperatives.join": "the link of an invitation e-mail",
    "auth.reset_password": "the link of a password-reset e-mail",
    "voting.token_entry": "the voting link of a convocation",
    "voting.token_ballot": "the ballot behind a voting link",
    "voting.token_receipt": "the receipt behind a voting link",
    "voting.verify": "the verification link of a ballot receipt",
    # Signed out, or the operator's: the crawl is signed in to the cooperative.
    "auth.login": "signed-out visitors only (the crawl is signed in)",
    "auth.request_reset": "signed-out visitors only (the crawl is signed in)",
    "platform.new_cooperative": "the platform operator's, no cooperative role",
    # Steps a form leads to once something is done (a POST redirects there).
    "votes.receipt": "shown once a ballot is cast (the ballot test below walks it)",
    "capital.la_representatives": "second step of a local authority's entry, after its POST",
    "capital.la_admission": "third step of a local authority's entry, after its POST",
    # The demo holds none of these objects.
    "archive.download": "no signed document in the demo",
    "revision.report": "no cooperative review report in the demo",
    "capital.allocation_detail": "no allocation of a surplus in the demo",
    "capital.acknowledge_withdrawal": "no withdrawal request waiting in the demo",
    "capital.reimburse": "no reimbursement due in the demo",
    "capital.renew_advance": "no shareholder advance in the demo",
    "capital.repay_advance": "no shareholder advance in the demo",
    "capital.convert_advance": "no shareholder advance in the demo",
    "assemblies.download_document": "no document attached to an assembly in the demo",
    "assemblies.signature_scan": "no minutes signed in ink in the demo",
    "members.download_document": "no deliberation file uploaded in the demo",
    "votes.consultation": "no written consultation in the demo",
    "votes.show_of_hands": "no vote by show of hands open in the demo",
    "votes.urn_set_up": "no secret ballot waiting for its urn in the demo",
}


def test_every_page_is_reached_by_the_crawl_or_said_why_not(demo, crawls):
    from urllib.parse import urlsplit

    from werkzeug.exceptions import HTTPException

    adapter = demo.url_map.bind("localhost")
    reached = set()
    for result in crawls.values():
        for visit in result.visits:
            try:
                reached.add(adapter.match(urlsplit(visit.url).path, method="GET")[0])
            except HTTPException:
                continue
    pages = {
        rule.endpoint
        for rule in demo.url_map.iter_rules()
        if "GET" in rule.methods and rule.endpoint != "static"
    }
    assert "members.member_list" in reached  # the crawl's URLs are matched
    assert not sorted(pages - reached - NOT_LINKED.keys()), "pages no link reaches"
    assert not sorted(NOT_LINKED.keys() - pages), "NOT_LINKED names a page that is gone"
    assert not sorted(NOT_LINKED.keys() & reached), "NOT_LINKED names a page the crawl reaches"


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        pytest.param("Choix enregistré : for.", "fr", ["English for"], id="enum value in French"),
        pytest.param("statut : in_person", "fr", ["code in_person"], id="snake code"),
        pytest.param("à 14:00:59", "fr", ["seconds 14:00:59"], id="seconds"),
        pytest.param("à 14:00", "fr", ["time 14:00"], id="English clock in French"),
        pytest.param("Registre de Autopartage", "fr", ["elision de Autopartage"], id="elision"),
        pytest.param("la séance est close", "fr", [], id="close is French"),
        pytest.param("certifies that l'associé holds", "en", ["French associé"], id="elided"),
        pytest.param("Camille voted for", "en", [], id="English is fine in English"),
    ],
)
def test_the_raw_code_finder_finds_them(text, locale, expected):
    assert raw_codes(text, locale) == expected


def test_no_page_or_pdf_of_the_demo_shows_a_raw_code(crawls):
    actions, words = audit_actions(), data_words()
    problems = {}
    for (role, locale), result in crawls.items():
        for visit in result.visits:
            for problem in raw_codes(visit.text, locale, actions=actions, data_words=words):
                problems.setdefault((locale, problem), f"{role} {visit.url}")
    report = [f"{locale} {problem!r} in {where}" for (locale, problem), where in problems.items()]
    assert not report, f"{len(report)} problems:\n" + "\n".join(sorted(report))


def mail_text(raw: bytes) -> str:
    message = email.message_from_bytes(raw, policy=policy.default)
    parts = [str(message["Subject"])]
    parts += [
        part.get_content()
        for part in message.walk()
        if part.get_content_type() == "text/plain" and not part.get_filename()
    ]
    return "\n".join(parts)


@pytest.fixture
def convened(demo_database, tmp_path):
    """Another copy of the demo where the January assembly is convened today: its postal
    vote is open, so members and representatives have a ballot (the crawl's copy is kept)."""
    from scic.assemblies import services as assemblies
    from scic.assemblies.models import Assembly
    from scic.core import clock

    shutil.copy(demo_database, tmp_path / "c.db")
    app = create_app(app_config(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/c.db"))
    with app.app_context():
        upcoming = db.session.scalar(select(Assembly).where(Assembly.type == "extraordinary"))
        assemblies.send_convocation(upcoming, clock.today(), now=clock.now())
        db.session.commit()
        yield app
        db.session.remove()
        db.engine.dispose()


def outbox_texts(since: int = 0) -> list[tuple[str, str]]:
    from scic.core.outbox import OutboxMessage

    rows = db.session.scalars(select(OutboxMessage).where(OutboxMessage.id > since))
    return [(row.subject, mail_text(row.message)) for row in rows]


def last_mail_id() -> int:
    from sqlalchemy import func

    from scic.core.outbox import OutboxMessage

    return db.session.scalar(select(func.coalesce(func.max(OutboxMessage.id), 0)))


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("role", ["member", "representative"])
def test_the_ballot_its_confirmation_receipt_and_e_mail_are_prose(convened, role, locale):
    from tests.conftest import csrf_token_from
    from tests.demo_crawl import page_text

    client = signed_in(convened, role, locale)
    before = last_mail_id()
    ballot = client.get(f"/c/{SLUG}/votes/ballot")
    html = ballot.get_data(as_text=True)
    assert 'name="choice"' in html, "no ballot to fill in"
    form = {
        "csrf_token": csrf_token_from(html),
        "resolution": _input_value(html, "resolution"),
        "member": _option_value(html, "member"),
        "choice": "for",
    }
    post_url = _form_action(html, "ballot-form")
    confirmation = client.post(post_url, data=form)
    assert confirmation.status_code == 200
    receipt = client.post(post_url, data={**form, "confirmed": "1"})
    assert receipt.status_code == 303, receipt.get_data(as_text=True)
    shown = client.get(receipt.headers["Location"])
    mails = outbox_texts(before)
    assert len(mails) == 1, "the receipt e-mail"
    texts = {
        "ballot": page_text(html),
        "confirmation": page_text(confirmation.get_data(as_text=True)),
        "receipt": page_text(shown.get_data(as_text=True)),
        "receipt e-mail": mails[0][1],
    }
    actions, words = audit_actions(), data_words()
    problems = {
        name: raw_codes(text, locale, actions=actions, data_words=words)
        for name, text in texts.items()
    }
    assert not any(problems.values()), problems


def _input_value(html: str, name: str) -> str:
    import re

    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html) or re.search(
        rf'value="([^"]*)"[^>]*name="{name}"', html
    )
    assert match, name
    return match.group(1)


def _option_value(html: str, select: str) -> str:
    """The first option of a menu, or the value of the hidden field that stands for it."""
    import re

    match = re.search(rf'<select[^>]*name="{select}"[^>]*>\s*<option[^>]*value="([^"]*)"', html)
    return match.group(1) if match else _input_value(html, select)


def _form_action(html: str, form_id: str) -> str:
    import re

    match = re.search(rf'<form[^>]*action="([^"]*)"[^>]*id="{form_id}"', html)
    assert match, form_id
    return match.group(1).replace("&amp;", "&")


@pytest.mark.parametrize("locale", LOCALES)
def test_the_convocation_invitation_and_password_e_mails_are_prose(convened, locale):
    from flask_babel import force_locale

    from scic.assemblies.models import Assembly
    from scic.assemblies.services.convocation import build_convocation_message
    from scic.core import clock
    from scic.membership.models import Member
    from tests.conftest import csrf_token_from

    texts = {}
    upcoming = db.session.scalar(select(Assembly).where(Assembly.type == "extraordinary"))
    member = db.session.scalar(select(Member).where(Member.email == EMAILS["member"]))
    convened.config["BABEL_DEFAULT_LOCALE"] = locale  # the instance's language of convocations
    try:
        with convened.test_request_context(), force_locale(locale):
            message = build_convocation_message(upcoming, member, now=clock.now())
            texts["convocation"] = mail_text(message.as_bytes())
    finally:
        convened.config["BABEL_DEFAULT_LOCALE"] = "fr"

    before = last_mail_id()
    admin = signed_in(convened, "admin", locale)
    people = admin.get(f"/c/{SLUG}/people").get_data(as_text=True)
    for address in ("nouvelle@demo.scic.coop", EMAILS["auditor"]):  # a new and a known account
        answer = admin.post(
            f"/c/{SLUG}/people",
            data={"csrf_token": csrf_token_from(people), "email": address, "role": "member"},
        )
        assert answer.status_code == 303, answer.get_data(as_text=True)
    anonymous = convened.test_client()
    language = {"Accept-Language": locale}  # a visitor's language comes from the browser
    page = anonymous.get("/password-reset", headers=language).get_data(as_text=True)
    reset = anonymous.post(
        "/password-reset",
        data={"csrf_token": csrf_token_from(page), "email": EMAILS["member"]},
        headers=language,
    )
    assert reset.status_code == 303, reset.get_data(as_text=True)
    mails = outbox_texts(before)
    assert len(mails) == 3, [subject for subject, _text in mails]
    texts.update(dict(mails))
    problems = {
        name: raw_codes(text, locale, data_words=data_words()) for name, text in texts.items()
    }
    assert not any(problems.values()), problems
