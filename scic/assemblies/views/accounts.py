"""The annual accounts assembly, prepared from the financial year's end (R-AG-1, issue 20)."""

from __future__ import annotations

from flask import abort, g, redirect, render_template, request, url_for
from flask_login import current_user

from scic.assemblies import forms
from scic.assemblies.labels import ACCOUNTS_DOCUMENT_LABELS
from scic.assemblies.queries import last_fiscal_year_end
from scic.assemblies.views.blueprint import _paris, _today, bp
from scic.cooperatives.access import MANAGERS, READERS, cooperative_role, has_role
from scic.core.messages import describe
from scic.core.views import submit_form
from scic.workflows import accounts_assembly


def _year(value) -> int:
    """The financial year asked for (the last closed one by default); 404 outside the years
    the cooperative could have closed."""
    last = last_fiscal_year_end(g.cooperative, _today()).year
    if value in (None, ""):
        return last
    year = int(value) if str(value).isdigit() else 0
    if not 1947 <= year <= last + 1:
        abort(404)
    return year


def _page(year: int, form=None, status: int = 200):
    state = accounts_assembly.status(g.cooperative, year)
    return render_template(
        "assemblies/accounts.html",
        state=state,
        date_messages=[describe(v) for v in state.date_problems],
        form=form or forms.AccountsAssemblyForm(year=year),
        document_labels=ACCOUNTS_DOCUMENT_LABELS,
        can_manage=has_role(*MANAGERS),
        today=_today(),
    ), status


@bp.get("/accounts")
@cooperative_role(*READERS)
def accounts():
    """Deadline, assembly, documents and filing of one year's accounts (``?year=``; the last
    closed financial year by default)."""
    return _page(_year(request.args.get("year")))


@bp.post("/accounts")
@cooperative_role(*MANAGERS)
def prepare_accounts():
    """Create the accounts assembly with its standard agenda and resolutions."""
    form = forms.AccountsAssemblyForm()
    year = _year(form.year.data)
    return submit_form(
        form,
        lambda: accounts_assembly.prepare(
            g.cooperative,
            year,
            starts_at=_paris(form.starts_at.data),
            place=form.place.data or "",
            video_link=form.video_link.data or "",
            remote_mode=form.remote_mode.data,
            by=current_user,
        ),
        lambda status: _page(year, form, status),
        None,
        lambda assembly: redirect(url_for(".show", assembly_id=assembly.id), code=303),
        refused_status=400,
    )
