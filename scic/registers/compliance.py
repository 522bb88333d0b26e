"""Compliance at a date: every rule the cooperative is checked against, with its figures.

Reads only; the law lives in the pure rules of cooperatives, membership, capital and assemblies.
Rules: R-CAT-1, R-CAT-2, R-CAT-5, R-COL-1…3, R-LA-1, R-CAP-3, R-REV-1 (DOMAIN §4).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from scic.assemblies.rules import revision_alert, revision_due_date
from scic.capital.rules import check_reduction_floor, passive_breach
from scic.cooperatives.models import Category, Cooperative
from scic.cooperatives.rules import CategoryKind, CategorySpec, LegalForm, check_categories
from scic.cooperatives.rules import check_colleges as check_college_weights
from scic.core.db import db
from scic.core.i18n import _
from scic.membership.rules import check_sarl_headcount
from scic.registers.pdf import in_locale
from scic.registers.pdf_base import Formatter
from scic.registers.queries import RegisterSummary, first_day, register_summary


@dataclass(frozen=True)
class ComplianceCheck:
    """One rule's outcome: ``status`` is "pass", "fail" or "warning"; figures are display text."""

    rule: str
    label: str
    status: str
    figures: str


def _status(ok: bool) -> str:
    return "pass" if ok else "fail"


@in_locale
def compliance_checks(
    cooperative: Cooperative, at: date, *, locale: str, summary: RegisterSummary | None = None
) -> list[ComplianceCheck]:
    """Check the cooperative at the end of ``at`` and return one line per rule."""
    from scic.cooperatives.services import statutes_of

    fmt = Formatter(locale)
    summary = summary or register_summary(cooperative, at)
    categories = {
        c.id: c for c in db.session.query(Category).filter_by(cooperative_id=cooperative.id)
    }
    active = [categories[g.id] for g in summary.categories if g.members and g.id in categories]
    specs = [CategorySpec(c.code, c.name, CategoryKind(c.kind), c.min_shares) for c in active]
    category_violations = check_categories(specs)
    checks: list[ComplianceCheck] = []

    codes = ", ".join(f"{c.code} ({c.kind})" for c in active) or "—"
    cat1 = [v for v in category_violations if v.rule == "R-CAT-1"]
    checks.append(
        ComplianceCheck(
            "R-CAT-1",
            _("At least three categories have members"),
            _status(not cat1),
            _("%(count)s categories with members: %(codes)s", count=len(active), codes=codes),
        )
    )
    cat2 = [v for v in category_violations if v.rule == "R-CAT-2"]
    checks.append(
        ComplianceCheck(
            "R-CAT-2",
            _("Beneficiaries, and employees or producers, are among the members"),
            _status(not cat2),
            ", ".join(v.code for v in cat2)
            or _("beneficiaries and employees or producers present"),
        )
    )

    statutes = statutes_of(cooperative, on=at)
    if statutes.colleges:
        weights = check_college_weights(list(statutes.colleges))
        members = {g.code: g.members for g in summary.colleges}
        checks.append(
            ComplianceCheck(
                "R-COL-1…3",
                _("At least three colleges, each weighing 10 % to 50 %, total 100 %"),
                _status(not weights),
                "; ".join(
                    _(
                        "%(code)s: %(weight)s %%, %(members)s members",
                        code=c.code,
                        weight=fmt.number(int(c.weight))
                        if c.weight.denominator == 1
                        else str(c.weight),
                        members=members.get(c.code, 0),
                    )
                    for c in statutes.colleges
                )
                + ("" if not weights else " — " + ", ".join(v.code for v in weights)),
            )
        )

    breach = summary.capital_cents > 0 and passive_breach(
        summary.capital_cents, summary.local_authority_cents, at
    )
    checks.append(
        ComplianceCheck(
            "R-LA-1",
            _("Local authorities hold at most the cap of the capital"),
            _status(not breach),
            _(
                "%(amount)s of %(capital)s, i.e. %(share)s (cap %(cap)s)",
                amount=fmt.money(summary.local_authority_cents),
                capital=fmt.money(summary.capital_cents),
                share=fmt.percent(summary.local_authority_share),
                cap=fmt.percent(summary.la_cap),
            ),
        )
    )

    floor = check_reduction_floor(summary.capital_cents, summary.floor_cents)
    checks.append(
        ComplianceCheck(
            "R-CAP-3",
            _("Capital is at least the effective floor"),
            _status(not floor),
            _(
                "capital %(capital)s, floor %(floor)s (statutory %(statutory)s, highest capital "
                "%(highest)s)",
                capital=fmt.money(summary.capital_cents),
                floor=fmt.money(summary.floor_cents),
                statutory=fmt.money(cooperative.capital_floor_cents),
                highest=fmt.money(summary.historical_max_cents),
            ),
        )
    )

    last = cooperative.last_revision_on
    reference = last or first_day(cooperative)
    due = revision_due_date(reference, cooperative.revision_cycle_years)
    if at > due:
        status = "fail"
    elif last is None or revision_alert(at, due):
        status = "warning"
    else:
        status = "pass"
    checks.append(
        ComplianceCheck(
            "R-REV-1",
            _("Révision coopérative within its cycle"),
            status,
            _(
                "last révision %(last)s, next due %(due)s (cycle %(years)s years)",
                last=fmt.day(last) if last else _("none recorded"),
                due=fmt.day(due),
                years=cooperative.revision_cycle_years,
            ),
        )
    )

    if LegalForm(cooperative.legal_form) is LegalForm.SARL:
        sarl = check_sarl_headcount(LegalForm.SARL, summary.member_count)
        checks.append(
            ComplianceCheck(
                "R-CAT-5",
                _("A SARL has at most 100 members"),
                _status(not sarl),
                _("%(count)s members", count=summary.member_count),
            )
        )
    else:
        checks.append(
            ComplianceCheck(
                "R-CAT-5",
                _("A SARL has at most 100 members"),
                "pass",
                _("not a SARL (%(form)s): no member limit", form=cooperative.legal_form),
            )
        )
    return checks
