"""The member list and the member page (a refused form on it keeps its input)."""

from __future__ import annotations

from decimal import Decimal

from flask import current_app, g, render_template, request

from scic.cooperatives.access import MANAGERS, READERS, cooperative_role, has_role
from scic.core import clock
from scic.core.db import db
from scic.core.i18n import _
from scic.core.messages import describe
from scic.core.views import show_by_fields
from scic.core.violations import RuleViolation
from scic.membership import queries, services
from scic.membership.forms import (
    CANCELLATION_LABELS,
    CancellationForm,
    CategoryForm,
    ConfirmExecutoryForm,
    ConsentForm,
    DecisionForm,
    DeliberationForm,
    DocumentForm,
    MandateContactForm,
    MandateForm,
    MemberSearchForm,
    RefusalForm,
    StatusForm,
)
from scic.membership.models import Member
from scic.membership.rules import referral_window
from scic.membership.views.blueprint import _category_choices, _member, bp


@bp.get("/members")
@cooperative_role(*READERS)
def member_list():
    """Search, filter, sort and page through the members."""
    form = MemberSearchForm(request.args)
    categories, colleges = queries.filter_choices(g.cooperative)
    for select_field, pairs in ((form.category, categories), (form.college, colleges)):
        select_field.choices = [("", _("All")), *((str(id_), name) for id_, name in pairs)]
    valid = form.validate()
    page = queries.member_list(g.cooperative, _filters(form), current_app.config["PAGE_SIZE"])
    return render_template(
        "membership/member_list.html",
        page=page,
        form=form,
        args=form.query_args(),
        can_manage=has_role(*MANAGERS),
    ), 200 if valid else 400


def _filters(form: MemberSearchForm) -> queries.MemberFilters:
    """The form's valid filters (an invalid one filters nothing)."""

    def value(field) -> str:
        return "" if field.errors or field.data is None else str(field.data).strip()

    def number(field) -> int | None:
        text = value(field)
        return int(text) if text.isdigit() else None

    return queries.MemberFilters(
        q=value(form.q),
        status=value(form.status),
        kind=value(form.kind),
        category_id=number(form.category),
        college_id=number(form.college),
        sort=value(form.sort) or "number",
        descending=value(form.order) == "desc",
        page=form.page_number(),
    )


@bp.get("/members/<int:member_id>")
@cooperative_role(*READERS)
def member_page(member_id: int):
    """Identity, status history, placements, deliberations, mandates and voting weight."""
    return _render_member_page(_member(member_id))


def _render_member_page(member: Member, status: int = 200, **bound_forms):
    """The member page; ``bound_forms`` replace the blank ones (a refused form keeps the input
    and shows each reason next to its field)."""
    member = queries.member_page(member)
    today = clock.today()
    can_manage = has_role(*MANAGERS)
    context = {
        "member": member,
        "history": queries.member_history(member),
        "weight": queries.member_voting_weight(member, today),
        "today": today,
        "can_manage": can_manage,
        "deliberation_enforceable": services.member_deliberation_enforceable(member, today),
        "deliberation_life": {
            d.id: referral_window(d.transmitted_to_prefect_on, today) for d in member.deliberations
        },
        "cancellation_labels": CANCELLATION_LABELS,
        # Who acts and who receives a convocation sent today: the rules of the ballot and of
        # the convocation (§8 #24, §8 #30), never recomputed by the template.
        "acting_ids": {m.id for m in queries.acting_mandates(member, today).values()},
        "recipients": queries.convocation_recipients(member, today),
    }
    if can_manage:
        categories = _category_choices(g.cooperative)
        category_form = CategoryForm(prefix="category", on=today)
        category_form.category.choices = categories
        mandate_form = MandateForm(prefix="mandate", valid_from=today)
        mandate_form.deliberation.choices = [(0, _("None"))] + [
            (d.id, f"{d.reference} ({d.adopted_on})") for d in member.deliberations
        ]
        context.update(
            admission_problems=[describe(v) for v in services.admission_problems(member, today)]
            if member.status == "candidate"
            else [],
            decision_form=DecisionForm(
                prefix="admit",
                decided_on=today,
                shares=max(1, member.category.min_shares),
                paid=Decimal(max(1, member.category.min_shares) * g.cooperative.share_value_cents)
                / 100,
            ),
            refusal_form=RefusalForm(prefix="refuse", decided_on=today),
            status_form=StatusForm(prefix="status", on=today),
            consent_form=ConsentForm(
                prefix="consent",
                consent=member.econvocation_consent_on is not None,
                on=member.econvocation_consent_on or today,
            ),
            category_form=category_form,
            deliberation_form=DeliberationForm(prefix="deliberation"),
            confirm_form=ConfirmExecutoryForm(prefix="confirm"),
            cancellation_form=CancellationForm(prefix="cancel", cancelled_on=today),
            document_form=DocumentForm(prefix="document"),
            mandate_form=mandate_form,
            contact_forms={
                m.id: MandateContactForm(
                    prefix=f"contact{m.id}",
                    email=m.email,
                    econvocation_consent=m.econvocation_consent_on is not None,
                    consent_on=m.econvocation_consent_on,
                )
                for m in member.mandates
                if m.id in context["acting_ids"]
            }
            | bound_forms.pop("contact_forms", {}),
        )
        context.update(bound_forms)
    return render_template("membership/member_page.html", **context), status


def _refused_form(member: Member, exc: RuleViolation, **bound_forms):
    """The member page again, the refused form keeping its input, each reason by its field."""
    db.session.rollback()
    for bound in bound_forms.values():
        for form in bound.values() if isinstance(bound, dict) else (bound,):
            show_by_fields(form, exc.violations)
    return _render_member_page(member, 422, **bound_forms)
