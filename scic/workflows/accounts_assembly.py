"""The annual accounts assembly, guided from the financial year's end (R-AG-1, issue 20).

``prepare`` creates the ordinary assembly that approves a year's accounts, with its agenda and
its standard resolutions (approval, discharge, allocation of results — the text of a recorded
allocation when there is one, R-RES-1…R-RES-4), and the presentation of a révision report not
yet presented (R-REV-4). ``status`` says where the preparation stands: the six-month deadline,
the documents to make available and by when (R-AG-14), and after the vote the filing at the
registry with its deadline (R-AG-15). Services flush; the view commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from flask_babel import force_locale, format_date
from sqlalchemy import select

from scic.assemblies import accounts_rules as rules
from scic.assemblies import services as assembly_services
from scic.assemblies.labels import DISCHARGED_LABELS
from scic.assemblies.models import Assembly
from scic.assemblies.rules import PARIS, accounts_assembly_deadline
from scic.capital.models import ResultAllocation
from scic.cooperatives.models import Cooperative
from scic.core import periods
from scic.core.db import db
from scic.core.i18n import _, label
from scic.core.violations import RuleViolation, Violation
from scic.voting import services as voting_services
from scic.voting.models import Outcome, Resolution
from scic.workflows import revision as revision_workflow


def year_end_of(cooperative: Cooperative, year: int) -> date:
    """The end of the financial year that ends in ``year``."""
    return periods.fiscal_year_end_in(
        year, cooperative.fiscal_year_end_month, cooperative.fiscal_year_end_day
    )


def _previous_year_end(cooperative: Cooperative, year: int) -> date:
    return year_end_of(cooperative, year - 1)


@dataclass(frozen=True)
class AccountsStatus:
    """Where the preparation of one year's accounts assembly stands."""

    year: int
    year_end: date
    deadline: date
    assembly: Assembly | None
    #: Documents to make available, each with whether it is (R-AG-14), and the last day.
    documents: list[tuple[rules.AccountsDocument, bool]]
    documents_by: date | None
    #: The assembly's date after the deadline (R-AG-1): its violations, else empty.
    date_problems: list
    revision_to_present: bool
    allocation: ResultAllocation | None
    #: The approval resolution's outcome once the vote is closed (None before).
    approved: bool | None
    approved_on: date | None
    filing_deadline: date | None


def _accounts_assembly(cooperative: Cooperative, year: int) -> Assembly | None:
    return db.session.scalar(
        select(Assembly)
        .where(Assembly.cooperative_id == cooperative.id, Assembly.approves_accounts_of == year)
        .order_by(Assembly.call_number.desc(), Assembly.id.desc())
        .limit(1)
    )


def _allocation(cooperative: Cooperative, year: int) -> ResultAllocation | None:
    return db.session.scalar(
        select(ResultAllocation)
        .where(ResultAllocation.cooperative_id == cooperative.id)
        .where(ResultAllocation.fiscal_year == year)
        .order_by(ResultAllocation.id.desc())
        .limit(1)
    )


def _approval_outcome(assembly: Assembly) -> Outcome | None:
    """The outcome of the assembly's first resolution, the approval of the accounts."""
    return db.session.scalar(
        select(Outcome)
        .join(Resolution, Resolution.id == Outcome.resolution_id)
        .where(Resolution.assembly_id == assembly.id)
        .order_by(Resolution.number, Outcome.id.desc())
        .limit(1)
    )


def status(cooperative: Cooperative, year: int) -> AccountsStatus:
    """The accounts assembly of the financial year ending in ``year``."""
    year_end = year_end_of(cooperative, year)
    deadline = accounts_assembly_deadline(year_end)
    assembly = _accounts_assembly(cooperative, year)
    to_present = rules.revision_to_present(
        cooperative.last_revision_on, _previous_year_end(cooperative, year)
    ) and not revision_workflow.already_presented(
        cooperative, other_than=assembly.id if assembly else None
    )
    documents: list[tuple[rules.AccountsDocument, bool]] = []
    documents_by = None
    date_problems: list = []
    approved = approved_on = filing = None
    if assembly is not None:
        provided = {d.kind for d in assembly.documents if d.removed_at is None}
        documents = [
            (kind, kind.value in provided)
            for kind in rules.documents_to_provide(
                has_auditor=any(d.kind == "auditor_report" for d in assembly.documents),
                revision_to_present=to_present,
            )
        ]
        session_day = assembly.starts_at.astimezone(PARIS).date()
        documents_by = rules.documents_available_by(session_day)
        date_problems = rules.check_accounts_assembly_date(session_day, deadline)
        outcome = _approval_outcome(assembly)
        if outcome is not None:
            approved = bool(outcome.adopted)
            approved_on = session_day
            if approved:
                filing = rules.filing_deadline(session_day)
    return AccountsStatus(
        year,
        year_end,
        deadline,
        assembly,
        documents,
        documents_by,
        date_problems,
        to_present,
        _allocation(cooperative, year),
        approved,
        approved_on,
        filing,
    )


def prepare(
    cooperative: Cooperative,
    year: int,
    *,
    starts_at: datetime,
    place: str,
    video_link: str = "",
    remote_mode: str = "none",
    by=None,
) -> Assembly:
    """Create the year's accounts assembly with its agenda and standard resolutions.

    Refused: an assembly for that year already prepared; a date after the six-month deadline
    (R-AG-1: the court's extension is then needed — prepare it as an ordinary assembly). The
    texts are written in the cooperative's language (French by default).
    """
    current = status(cooperative, year)
    if current.assembly is not None:
        raise RuleViolation(
            Violation("accounts_assembly_exists", rule="R-AG-1", params={"year": year})
        )
    session_day = starts_at.astimezone(PARIS).date()
    if problems := rules.check_accounts_assembly_date(session_day, current.deadline):
        raise RuleViolation(problems)
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        return _create(cooperative, current, starts_at, place, video_link, remote_mode, by)


def _create(cooperative, current: AccountsStatus, starts_at, place, video_link, remote_mode, by):
    end = format_date(current.year_end, format="long")
    assembly = assembly_services.create_assembly(
        cooperative,
        assembly_services.AssemblyInput(
            type="ordinary",
            title=_("Annual general assembly: accounts of %(year)s", year=current.year),
            starts_at=starts_at,
            place=place,
            video_link=video_link,
            remote_mode=remote_mode,
            approves_accounts_of=current.year,
        ),
        by=by,
    )
    body = label(DISCHARGED_LABELS[rules.discharged_body(cooperative.legal_form)])
    items = [
        (
            _("Approval of the accounts of the year ended %(end)s", end=end),
            _(
                "Presentation of the accounts and of the management report, including its part "
                "on the projet coopératif (loi 1947 art. 19 terdecies)."
            ),
            _(
                "The general assembly, having read the management report, which includes the "
                "part on the projet coopératif, and, where there is one, the auditor's report, "
                "approves the accounts of the year ended %(end)s as presented.",
                end=end,
            ),
        ),
        (
            _("Discharge"),
            "",
            _(
                "The general assembly gives %(body)s full discharge for their management of "
                "the year ended %(end)s.",
                body=body,
                end=end,
            ),
        ),
        (
            _("Allocation of the results of the year ended %(end)s", end=end),
            _("Within the limits of loi 1947 on reserves and on interest paid on shares."),
            current.allocation.resolution_text
            if current.allocation is not None and current.allocation.resolution_text
            else _(
                "The general assembly allocates the result of the year ended %(end)s as "
                "proposed, within the legal limits on reserves and interest on shares.",
                end=end,
            ),
        ),
    ]
    for title, description, text in items:
        item = assembly_services.add_agenda_item(assembly, title, description, by=by)
        voting_services.create_resolution(
            assembly, title=title, text=text, kind="ordinary", agenda_item=item, by=by
        )
    if current.revision_to_present:
        # R-REV-4: presented and discussed; nothing is voted.
        revision_workflow.present_report(cooperative, assembly, by=by)
    return assembly
