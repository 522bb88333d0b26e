"""Access-control matrix: every route × every role, and objects of another cooperative.

``POLICY`` declares, for every endpoint of ``app.url_map``, who may reach the view and what a
request with an empty body answers then. A route without an entry fails
``test_every_route_is_declared``: a new route must say who may open it.

Roles are tried on cooperative *alpha*; ``other_admin`` is the admin of cooperative *beta*, and
``superuser`` holds no grant at all. Denied users get a 404 (another cooperative's existence is
not revealed), anonymous users a redirect to /login. Object ids come from a dataset built through
the services (``tests/reliability/dataset.py``): alpha's URLs carry alpha's ids, and
``test_objects_of_another_cooperative_are_not_found`` puts beta's ids in alpha's URLs.

The dataset is built once for the module on a file SQLite database (access control does not
depend on the database engine); a POST that got through is undone by restoring the file.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field

import pytest

from scic import create_app
from scic.core.db import db
from tests.conftest import app_config

ROLES = (
    "anonymous",
    "member",
    "representative",
    "auditor",
    "secretary",
    "admin",
    "other_admin",
    "superuser",
)
READERS = frozenset({"auditor", "secretary", "admin", "superuser"})
MANAGERS = frozenset({"secretary", "admin", "superuser"})
ADMINS = frozenset({"admin", "superuser"})
VOTERS = frozenset({"member", "representative"})
EVERYONE = READERS | VOTERS
SIGNED_IN = frozenset(ROLES) - {"anonymous"}
#: What the decorator's role names stand for (a superuser is the admin of every cooperative).
DECORATOR_ROLES = {
    "admin": {"admin", "superuser"},
    "secretary": {"secretary"},
    "auditor": {"auditor"},
    "member": {"member"},
    "representative": {"representative"},
}


@dataclass(frozen=True)
class Guarded:
    """Behind a login: ``allowed`` roles reach the view, the others get 404.

    ``ok`` is the status an allowed role gets with an empty request: one number, or one per
    method (``{"GET": 200, "POST": 400}``); ``ok_for`` overrides it per role (``"auditor"``) or
    per method and role (``"POST auditor"``).
    ``args`` maps a URL variable to a dataset key when the name alone is ambiguous.
    """

    allowed: frozenset[str]
    ok: int | Mapping[str, int] = 200
    ok_for: Mapping[str, int] = field(default_factory=dict)
    args: Mapping[str, str] = field(default_factory=dict)
    query: str = ""
    data: Mapping[str, str] = field(default_factory=dict)
    denied: int = 404

    def expected(self, method: str, role: str) -> int:
        if role == "anonymous":
            return 302
        if role not in self.allowed:
            return self.denied
        for key in (f"{method} {role}", role):
            if key in self.ok_for:
                return self.ok_for[key]
        return self.ok[method] if isinstance(self.ok, Mapping) else self.ok


@dataclass(frozen=True)
class Public:
    """No login needed; ``status`` per method, each a number or ``{role: status, "*": …}``."""

    status: Mapping[str, int | Mapping[str, int]]
    args: Mapping[str, str] = field(default_factory=dict)
    data: Mapping[str, str] = field(default_factory=dict)

    def expected(self, method: str, role: str) -> int:
        value = self.status[method]
        return value if isinstance(value, int) else value.get(role, value.get("*"))


def managers(ok, **kwargs) -> Guarded:
    return Guarded(MANAGERS, ok, **kwargs)


def readers(ok=200, **kwargs) -> Guarded:
    return Guarded(READERS, ok, **kwargs)


FORM = {"GET": 200, "POST": 400}  # a form page: shown, and an empty POST is refused
AUTHORITY = {"member_id": "authority_id"}  # pages about a local authority

POLICY: dict[str, Guarded | Public] = {
    # --- Outside any cooperative --------------------------------------------------------------
    "static": Public({"GET": 200}),
    "auth.login": Public(
        {"GET": {"anonymous": 200, "*": 302}, "POST": {"anonymous": 200, "*": 302}}
    ),
    "auth.logout": Public({"POST": {"anonymous": 302, "*": 303}}),
    "auth.request_reset": Public({"GET": 200, "POST": 200}),
    "auth.reset_password": Public({"GET": 400, "POST": 400}, args={"token": "forged"}),
    "auth.accept_invitation": Public({"GET": 400, "POST": 400}, args={"token": "forged"}),
    "auth.set_language": Public({"POST": 303}),
    "auth.change_password": Guarded(SIGNED_IN, 200),
    "cooperatives.join": Public(
        {"GET": {"anonymous": 302, "*": 400}, "POST": {"anonymous": 302, "*": 400}},
        args={"token": "forged"},
    ),
    "cooperatives.home": Public({"GET": {"anonymous": 302, "superuser": 200, "*": 302}}),
    "platform.new_cooperative": Guarded(frozenset({"superuser"}), FORM),
    "members.apply": Public({"GET": 200, "POST": 400}),
    # The convocation's personal voting link and the public receipt check (real tokens).
    "voting.token_entry": Public({"GET": 302}, args={"token": "vote"}),
    "voting.token_ballot": Public({"GET": 404}),  # no link opened in this session
    "voting.token_cast": Public({"POST": 404}),
    "voting.token_receipt": Public({"GET": 200}),
    "voting.verify": Public({"GET": 200}, args={"token": "verify"}),
    # --- Cooperative home, people, statutes ---------------------------------------------------
    "cooperative.dashboard": Guarded(EVERYONE, 200),
    "cooperative.people": readers(),
    "cooperative.invite": managers(400),
    "mail.index": managers(200),
    "mail.retry": managers(303),
    "statutes.show": readers(),
    "statutes.export": readers(),
    "statutes.edit": Guarded(ADMINS, FORM),
    # --- Members ------------------------------------------------------------------------------
    "members.member_list": readers(),
    "members.compliance_panel": readers(),
    "members.member_search": readers(),
    "members.member_page": readers(),
    "members.new_member": managers(FORM),
    "members.edit_member": managers(FORM),
    "members.admit": managers(400),  # the page again, each error by its field
    "members.refuse": managers(303),
    "members.change_category": managers(303),
    "members.change_status": managers(303),
    "members.consent": managers(303),
    "members.designate": managers(400),  # the page again, each error by its field
    "members.mandate_contact": managers(
        303, args={"member_id": "authority_id", "mandate_id": "mandate_id"}
    ),
    "members.add_deliberation": managers(400),
    "members.confirm_deliberation": managers(303, args=AUTHORITY),
    "members.cancel_deliberation": managers(303, args=AUTHORITY),
    "members.upload_document": managers(303, args=AUTHORITY),
    "members.download_document": readers(200, args=AUTHORITY),
    # --- Capital -------------------------------------------------------------------------------
    "capital.dashboard": readers(),
    "capital.journal": readers(),
    "capital.simulator": Guarded(EVERYONE, 200),
    "capital.withdrawals": readers(),
    "capital.advances": readers(),
    "capital.export_members": readers(),
    "capital.member_holdings": readers(),
    "capital.allocation": readers(FORM, ok_for={"POST auditor": 404}),  # auditors read, never post
    "capital.allocation_detail": readers(),
    "capital.set_tmo": Guarded(ADMINS, 303),
    "capital.subscribe": managers(FORM),
    "capital.payment": managers(FORM),
    "capital.call": managers(FORM),
    "capital.transfer": managers(FORM),
    "capital.reverse": managers(FORM),
    "capital.record_exit": managers(FORM),
    "capital.request_withdrawal": managers(FORM),
    "capital.acknowledge_withdrawal": managers(FORM),
    "capital.reimburse": managers(FORM),
    "capital.release_deferred": managers(303),
    "capital.new_advance": managers(FORM),
    "capital.renew_advance": managers(FORM),
    "capital.repay_advance": managers(FORM),
    "capital.convert_advance": managers(FORM),
    "capital.import_members": managers(FORM),
    "capital.confirm_import": managers(303),
    "capital.la_start": managers(FORM),
    # The seeded local authority is already admitted: back to its page.
    "capital.la_admission": managers(303, args=AUTHORITY),
    "capital.la_representatives": managers(FORM, args=AUTHORITY),
    # --- Assemblies ----------------------------------------------------------------------------
    "assemblies.index": readers(),
    "assemblies.show": readers(),
    "assemblies.attendance": readers(),
    "assemblies.attendance_counts": readers(),
    # Alice's line (recorded present in the dataset) and its corrections.
    "assemblies.attendance_line": readers(),
    "assemblies.convocation": readers(),
    "assemblies.minutes": readers(),
    "assemblies.proxies": readers(),
    "assemblies.quorum_json": readers(),
    "assemblies.session": readers(),
    "assemblies.new": managers(200),
    "assemblies.create": managers(400),
    "assemblies.edit": managers(200),
    "assemblies.update": managers(400),
    "assemblies.add_agenda_item": managers(303),
    "assemblies.remove_agenda_item": managers(303),
    "assemblies.upload_document": managers(303),
    "assemblies.remove_document": managers(303),
    "assemblies.download_document": Guarded(EVERYONE, 200),
    "assemblies.record_paper_convocation": managers(303),
    "assemblies.record_letters": managers(303),
    "assemblies.send_convocation": managers(303),
    "assemblies.give_proxy": managers(303),
    "assemblies.revoke_proxy": managers(303),
    "assemblies.set_bureau": managers(303),
    "assemblies.open_session": managers(303),
    "assemblies.record_attendance": managers(303),
    "assemblies.correct_attendance": managers(303),
    # The QR code of Bob's convocation, scanned at the door: only who records attendance.
    "assemblies.checkin": managers(200, args={"token": "checkin"}),
    "assemblies.confirm_checkin": managers(303, args={"token": "checkin"}),
    "assemblies.add_incident": managers(303),
    "assemblies.close_session": managers(303),
    "assemblies.second_call": managers(303),
    "assemblies.update_summary": managers(303),
    "assemblies.sign_minutes": managers(303),
    "assemblies.record_wet_ink_signature": managers(303),
    # No signature is seeded: the scan of another assembly's (the message's id) is a 404.
    "assemblies.signature_scan": readers(404, args={"signature_id": "message_id"}),
    "assemblies.add_addendum": managers(303),
    "assemblies.my_assemblies": Guarded(VOTERS, 200),
    "assemblies.my_assembly": Guarded(VOTERS, 200),
    "assemblies.my_give_proxy": Guarded(VOTERS, 303),
    # Alice holds the seeded proxy (Bob gave it): revoking it is not hers to do.
    "assemblies.my_revoke_proxy": Guarded(VOTERS, 404),
    # --- Votes ---------------------------------------------------------------------------------
    "votes.index": Guarded(EVERYONE, 200),
    "votes.ballot": Guarded(EVERYONE, 200),
    # Alice may vote in the running assembly: an empty ballot names no resolution (404); the
    # others have nothing to vote on and are sent back to the ballot page.
    "votes.cast": Guarded(EVERYONE, 303, ok_for={"member": 404}),
    "votes.receipt": Guarded(EVERYONE, 200),
    # Members see the results of a closed vote only; the seeded one is open.
    "votes.results": Guarded(EVERYONE, 200, ok_for={"member": 404, "representative": 404}),
    "votes.assembly": readers(),
    "votes.export": readers(302),  # nothing closed yet: back to the assembly's votes
    "votes.resolution": readers(),
    "votes.live": managers(200),
    "votes.create_resolution": managers(400),
    "votes.open_vote": managers(303),
    "votes.close_vote": managers(303),
    # The seeded resolution is not secret: its tellers' page sends back to the console, and
    # sealing an urn is refused (400, the reasons on the page).
    "votes.urn_set_up": managers(303),
    "votes.set_up_urn": managers(400),
    "votes.record_ballot": managers(303),
    "votes.record_exclusion_procedure": managers(303),
    # The seeded assembly meets in session: its written-consultation pages answer 404 to the
    # roles let in (tests/voting/test_consultation_views.py runs a consultation).
    "votes.consultation": readers(404),
    "votes.send_consultation": managers(404),
    "votes.count_consultation": managers(404),
    "votes.record_hand_count": managers(303),
    "votes.show_of_hands": managers(200),
    # An empty form (no college filled) has the wrong number of colleges: shown again.
    "votes.record_show_of_hands": managers(400),
    # --- Registers and personal data -----------------------------------------------------------
    "registers.index": readers(),
    "registers.audit_log": readers(),
    "registers.integrity": readers(),
    "registers.document": readers(200, query="?kind=members_csv"),
    # A date before the cooperative existed: refused with a message, nothing started.
    "registers.generate": readers(303, data={"kind": "members_csv", "at": "1900-01-01"}),
    "registers.export_progress": readers(args={"token": "export"}),
    "registers.export_status": readers(args={"token": "export"}),
    "registers.export_download": readers(args={"token": "export"}),
    "registers.minutes_register": readers(),
    "registers.minutes_register_pdf": readers(),
    "registers.assembly_attendance": readers(),
    "registers.assembly_convocation": readers(),
    # Members read the minutes of a finished assembly only; the seeded one is in session.
    "registers.assembly_minutes": Guarded(
        EVERYONE, 200, ok_for={"member": 404, "representative": 404}
    ),
    # A member downloads their own certificate (Alice's id is in the URL).
    "registers.certificate": Guarded(READERS | {"member"}, 200),
    "registers.subscription_form": managers(200),
    "personal.my_data": Guarded(EVERYONE, 200),
    "archive.index": readers(),
    "archive.download": Guarded(READERS | {"member"}, 404),  # the dataset has no signed sheet
    "archive.sign_minutes": managers(303),
    "archive.append_sheet": managers(303),
    "archive.certificates": Guarded(READERS | {"member"}, 200),
    "archive.sign_certificate": managers(303),
    # --- Calendar of deadlines; the feed's token is its only credential --------------------------
    "calendar.index": readers(),
    # --- Révision coopérative: its report is for every member (R-REV-4) ----------------------
    "revision.index": readers(),
    "revision.open_revision": managers(400),
    "revision.record_report": managers(400),
    "revision.record_request": managers(400),
    "revision.report": Guarded(EVERYONE, 200),
    # --- The annual accounts assembly (year of the dataset's last closed financial year) ------
    "assemblies.accounts": readers(),
    "assemblies.prepare_accounts": managers(400),
    # --- Elections of officers (R-AG-2): the dataset's election has its vote still to come ----
    "assemblies.elections": readers(),
    "assemblies.prepare_election": managers(400),
    "assemblies.record_election_results": managers(303),
    "assemblies.officers": readers(),
    "calendar.issue_feed": readers(200),  # no field: the button alone (CSRF checked)
    "calendar_feed.feed": Public({"GET": 404}, args={"token": "forged"}),
    "authorities.index": Guarded(SIGNED_IN, 200),
    "entry_file.draft_deliberation": readers(args=AUTHORITY, query="?shares=10"),
    "entry_file.draft_deliberation_docx": readers(args=AUTHORITY, query="?shares=10"),
    "entry_file.capital_certificate": readers(),
    "entry_file.designation_letters": managers(200),
    "designation.campaign": managers(200),
    "designation.record_letters": managers(400),
    # Only an account acting for the body today gets it: the dataset's representative was
    # designated before the 2026 municipal elections, whose term ended then (§8 #24), so every
    # role gets 404 here; tests/registers/test_participations.py covers the 200.
    "authorities.annex": Guarded(SIGNED_IN, 404, args=AUTHORITY),
    "personal.member_data": managers(200),
}

# --- The dataset ------------------------------------------------------------------------------


class Matrix:
    """The module's app, the seeded cooperatives, one signed-in client per role."""

    def __init__(self, tmp_path) -> None:
        from scic.auth.services import create_user
        from tests.reliability.dataset import build_cooperative

        self.live = tmp_path / "matrix.sqlite"
        self.pristine = tmp_path / "pristine.sqlite"
        self.app = create_app(
            app_config(
                tmp_path,
                SQLALCHEMY_DATABASE_URI=f"sqlite:///{self.live}",
                WTF_CSRF_ENABLED=False,  # tests/test_security.py proves CSRF on every POST
            )
        )
        with self.app.app_context():
            db.create_all()
            self.alpha = build_cooperative(self.app, "alpha", export=True)
            self.beta = build_cooperative(self.app, "beta", export=True)
            root = create_user("root@example.org", password="x" * 16, is_superuser=True)
            db.session.commit()
            root_id = root.id
        self._close()
        shutil.copy(self.live, self.pristine)
        users = {role: self.alpha.users[role] for role in ROLES if role in self.alpha.users}
        users.update(other_admin=self.beta.users["admin"], superuser=root_id)
        self.users = users
        self.clients = {role: self.app.test_client() for role in ROLES}
        for role in ROLES:
            self.sign_in(role)

    def sign_in(self, role: str) -> None:
        if role != "anonymous":
            with self.clients[role].session_transaction() as session:
                session["_user_id"] = f"{self.users[role]}:1:"  # version 1: never signed out
                session["_fresh"] = True

    def _close(self) -> None:
        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()

    def restore(self) -> None:
        """Undo whatever a request wrote: copy the pristine database back."""
        self._close()
        for suffix in ("-wal", "-shm"):
            self.live.with_name(self.live.name + suffix).unlink(missing_ok=True)
        shutil.copy(self.pristine, self.live)

    def url(self, rule, policy, *, slug_of, ids_of) -> str:
        """Fill the rule's variables: the slug of one cooperative, the ids of another."""
        url = rule.rule.replace("<slug>", slug_of.slug)

        def fill(match: re.Match) -> str:
            name = match.group(2)
            key = policy.args.get(name, name)
            if name == "token":
                return ids_of.tokens.get(key, key)
            if name == "filename":
                return "css/scic.css"
            assert key in ids_of.ids, f"{rule.endpoint}: no seeded object for <{name}>"
            return str(ids_of.ids[key])

        url = re.sub(r"<(?:([a-z]+):)?([a-z_]+)>", fill, url)
        return url + getattr(policy, "query", "")

    def request(self, role: str, method: str, url: str, policy):
        response = self.clients[role].open(url, method=method, data=dict(policy.data))
        response.close()  # static files and downloads stream from open files
        if method != "GET" and response.status_code < 400:
            if not response.headers.get("Location", "").startswith("/login"):
                self.restore()  # a login redirect wrote nothing
            self.sign_in(role)  # POST /logout signed the client out
        return response


@pytest.fixture(scope="module")
def matrix(tmp_path_factory):
    matrix = Matrix(tmp_path_factory.mktemp("matrix"))
    yield matrix
    matrix._close()


def routes(app):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


# --- The tests --------------------------------------------------------------------------------


def test_every_route_is_declared(matrix):
    endpoints = {rule.endpoint for rule in matrix.app.url_map.iter_rules()}
    missing = sorted(endpoints - POLICY.keys())
    stale = sorted(POLICY.keys() - endpoints)
    assert not missing, f"routes without an access policy (declare them in POLICY): {missing}"
    assert not stale, f"POLICY names routes that no longer exist: {stale}"


def test_policy_agrees_with_the_role_decorators(matrix):
    """The declared roles are those of ``@cooperative_role`` (which may not drift unnoticed)."""
    for rule in matrix.app.url_map.iter_rules():
        view = matrix.app.view_functions[rule.endpoint]
        policy = POLICY.get(rule.endpoint)
        if not hasattr(view, "allowed_roles") or not isinstance(policy, Guarded):
            continue
        declared = (
            set().union(*(DECORATOR_ROLES[str(r)] for r in view.allowed_roles))
            if view.allowed_roles
            else set(EVERYONE)
        )
        assert declared == set(policy.allowed), rule.endpoint


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_each_role_as_declared(matrix, role):
    wrong = []
    checked = 0
    for rule, method in routes(matrix.app):
        policy = POLICY.get(rule.endpoint)
        if policy is None or method not in (
            policy.status if isinstance(policy, Public) else rule.methods
        ):
            continue
        url = matrix.url(rule, policy, slug_of=matrix.alpha, ids_of=matrix.alpha)
        response = matrix.request(role, method, url, policy)
        expected = policy.expected(method, role)
        checked += 1
        if response.status_code != expected:
            wrong.append(f"{method} {url}: {response.status_code}, expected {expected}")
        elif (
            role == "anonymous"
            and isinstance(policy, Guarded)
            and not response.headers["Location"].startswith("/login")
        ):
            wrong.append(f"{method} {url}: redirected to {response.headers['Location']}")
    assert checked > 100
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("role", ["member", "representative", "auditor", "secretary", "superuser"])
def test_objects_of_another_cooperative_are_not_found(matrix, role):
    """Alpha's URLs with beta's object ids: 404 for every role that may open the page."""
    wrong = []
    checked = 0
    for rule, method in routes(matrix.app):
        policy = POLICY.get(rule.endpoint)
        if (
            not isinstance(policy, Guarded)
            or role not in policy.allowed
            or not rule.rule.startswith("/c/<slug>")
            or not re.search(r"<int:|<token>", rule.rule)
        ):
            continue
        url = matrix.url(rule, policy, slug_of=matrix.alpha, ids_of=matrix.beta)
        response = matrix.request(role, method, url, policy)
        checked += 1
        if response.status_code != 404:
            wrong.append(f"{method} {url}: {response.status_code}")
    assert checked >= 3
    assert not wrong, "\n".join(wrong)


def test_voting_link_of_another_cooperative_shows_nothing_of_alpha(matrix):
    """Beta's personal voting link opens beta's ballot, never alpha's assembly."""
    client = matrix.app.test_client()
    assert client.get(f"/vote/{matrix.beta.tokens['vote']}").status_code == 302
    page = client.get("/vote/").get_data(as_text=True)
    assert "alpha" not in page.lower()
    assert client.get("/vote/forged-token").status_code == 404


def test_export_token_of_another_cooperative_is_not_found(matrix):
    """The background export of beta cannot be downloaded through alpha's slug."""
    token = matrix.beta.tokens["export"]
    client = matrix.clients["auditor"]
    assert client.get(f"/c/alpha/registers/exports/{token}/download").status_code == 404
    own = client.get(f"/c/alpha/registers/exports/{matrix.alpha.tokens['export']}/download")
    own.close()
    assert own.status_code == 200
    assert own.headers["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    "path",
    ["registers/members/{bob_id}/certificate.pdf", "members/{bob_id}/personal-data.json"],
)
def test_a_member_reaches_only_their_own_member_record(matrix, path):
    """Alice (member role) gets her own certificate, never Bob's."""
    response = matrix.clients["member"].get("/c/alpha/" + path.format(**matrix.alpha.ids))
    response.close()
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["secretary", "superuser"])
def test_an_unknown_cooperative_is_not_found(matrix, role):
    """A slug that names no cooperative answers 404, even to the superuser."""
    response = matrix.clients[role].get("/c/does-not-exist/")
    response.close()
    assert response.status_code == 404
    own = matrix.clients[role].get("/c/alpha/")
    own.close()
    assert own.status_code == 200
