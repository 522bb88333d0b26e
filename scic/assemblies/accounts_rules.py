"""The annual ordinary assembly that approves the accounts (R-AG-1), prepared from the year-end.

Pure functions: which documents members must be able to read before it, from when; whether
its date keeps the six-month deadline; the resolutions it votes; and the deadline to file the
approved accounts at the commercial court's registry afterwards.

Rules with their sources (docs/rules-added.md lists those DOMAIN.md does not state yet):

- R-AG-1 — accounts approved within six months of the year-end; the management report covers
  the *projet coopératif* (loi 1947 art. 19 terdecies; décret 2015-1381).
- R-AG-14 (documents before the annual assembly) · settled · Code de commerce L223-26 and
  R223-18/19 (SARL), L225-115 and R225-89 (SA, applied to SAS by L227-1): the accounts, the
  management report, the auditor's report when the company has one, and the text of the draft
  resolutions are made available to members at least **15 days** before the assembly.
- R-AG-15 (filing the accounts) · settled · Code de commerce L232-21 (SARL), L232-23 (SA, SAS):
  the approved accounts, the management report's required parts, the auditor's report and the
  allocation of results are filed with the registry within **one month** of the approval, **two
  months** when filed electronically (the usual way since the guichet unique, 2023).
- R-REV-4 — a révision report is presented to the next assembly.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from scic.core.periods import add_months
from scic.core.violations import Violation

#: R-AG-14: days before the assembly when the documents must be available to members.
DOCUMENTS_NOTICE_DAYS = 15


class AccountsDocument(StrEnum):
    """Documents of the annual accounts assembly (the kinds of ``assemblies.Document``)."""

    ACCOUNTS = "accounts"
    MANAGEMENT_REPORT = "management_report"
    AUDITOR_REPORT = "auditor_report"
    DRAFT_RESOLUTIONS = "draft_resolutions"
    REVISION_REPORT = "revision_report"


def documents_available_by(session_day: date) -> date:
    """The last day to make the documents available (R-AG-14: 15 days before the assembly)."""
    return session_day - timedelta(days=DOCUMENTS_NOTICE_DAYS)


def documents_to_provide(*, has_auditor: bool, revision_to_present: bool) -> list[AccountsDocument]:
    """The documents members must be able to read before the assembly (R-AG-14, R-REV-4)."""
    kinds = [AccountsDocument.ACCOUNTS, AccountsDocument.MANAGEMENT_REPORT]
    if has_auditor:
        kinds.append(AccountsDocument.AUDITOR_REPORT)
    kinds.append(AccountsDocument.DRAFT_RESOLUTIONS)
    if revision_to_present:
        kinds.append(AccountsDocument.REVISION_REPORT)
    return kinds


def missing_documents(
    provided: set[str], *, has_auditor: bool, revision_to_present: bool
) -> list[AccountsDocument]:
    """The documents still to make available, in the order of the list."""
    return [
        kind
        for kind in documents_to_provide(
            has_auditor=has_auditor, revision_to_present=revision_to_present
        )
        if kind.value not in provided
    ]


def check_accounts_assembly_date(session_day: date, deadline: date) -> list[Violation]:
    """An annual assembly after the six-month deadline needs the court's extension (R-AG-1)."""
    if session_day > deadline:
        return [
            Violation(
                "accounts_assembly_after_deadline",
                rule="R-AG-1",
                params={"deadline": deadline, "day": session_day},
                subject="starts_at",
            )
        ]
    return []


def filing_deadline(approved_on: date, *, electronic: bool = True) -> date:
    """The last day to file the approved accounts at the registry (R-AG-15)."""
    return add_months(approved_on, 2 if electronic else 1)


def revision_to_present(last_revision_on: date | None, previous_year_end: date) -> bool:
    """A révision finished after the previous year-end has not been presented yet (R-REV-4):
    the annual assembly that follows is the next one."""
    return last_revision_on is not None and last_revision_on > previous_year_end


class AccountsResolution(StrEnum):
    """The standard resolutions of the annual accounts assembly, in the order voted."""

    APPROVAL = "approval"  # approval of the accounts (R-AG-1)
    DISCHARGE = "discharge"  # quitus to those who managed the cooperative
    ALLOCATION = "allocation"  # allocation of results (R-RES-1…R-RES-4)


def discharged_body(legal_form: str) -> str:
    """Who receives the discharge: the directors (SA), the managers (SARL), the president (SAS)."""
    return {"SA": "board", "SARL": "managers"}.get(legal_form, "president")
