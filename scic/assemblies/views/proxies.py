"""Proxies recorded by the secretary (R-AG-7)."""

from __future__ import annotations

from flask import abort, g, redirect, render_template, url_for
from flask_login import current_user

from scic.assemblies import forms, queries, services
from scic.assemblies.models import Assembly, Proxy
from scic.assemblies.views.blueprint import _child, _load, _now, _today, bp
from scic.cooperatives.access import MANAGERS, READERS, cooperative_role, has_role
from scic.core.i18n import _
from scic.core.views import flash_form_errors, run_and_commit

# --- proxies ----------------------------------------------------------------------------------


def _proxy_form(assembly: Assembly, grantors, *, prefix: str = "") -> forms.ProxyForm:
    form = forms.ProxyForm(prefix=prefix)
    voters = queries.voters(assembly)
    form.grantor_id.choices = [(m.id, f"{m.number} — {m.display_name}") for m in grantors]
    form.holder_id.choices = [(forms.ProxyForm.BLANK, _("Blank proxy to the chair"))] + [
        (str(m.id), f"{m.number} — {m.display_name}") for m in voters
    ]
    if form.signed_on.data is None:
        form.signed_on.data = _today()
    return form


def _give_proxy(assembly: Assembly, form: forms.ProxyForm, target):
    grantor = queries.member_of(g.cooperative.id, form.grantor_id.data)
    holder = None
    if form.holder_id.data != forms.ProxyForm.BLANK:
        holder = queries.member_of(g.cooperative.id, int(form.holder_id.data))
    if grantor is None:
        abort(404)
    return run_and_commit(
        lambda: services.give_proxy(
            assembly, grantor, holder, signed_on=form.signed_on.data, by=current_user, now=_now()
        ),
        _("The proxy has been recorded."),
        target,
    )


@bp.get("/<int:assembly_id>/proxies")
@cooperative_role(*READERS)
def proxies(assembly_id: int):
    assembly = _load(assembly_id)
    settings = queries.settings_of(g.cooperative)
    return render_template(
        "assemblies/proxy_list.html",
        assembly=assembly,
        proxies=queries.all_proxies(assembly),
        form=_proxy_form(assembly, queries.voters(assembly)),
        confirm=forms.ConfirmForm(),
        settings=settings,
        changeable=services.proxies_changeable(assembly),
        can_manage=has_role(*MANAGERS),
    )


@bp.post("/<int:assembly_id>/proxies")
@cooperative_role(*MANAGERS)
def give_proxy(assembly_id: int):
    assembly = _load(assembly_id)
    form = _proxy_form(assembly, queries.voters(assembly))
    target = redirect(url_for(".proxies", assembly_id=assembly.id), code=303)
    if not form.validate_on_submit():
        flash_form_errors(form)
        return target
    return _give_proxy(assembly, form, target)


@bp.post("/<int:assembly_id>/proxies/<int:proxy_id>/revoke")
@cooperative_role(*MANAGERS)
def revoke_proxy(assembly_id: int, proxy_id: int):
    assembly = _load(assembly_id)
    proxy = _child(Proxy, proxy_id, assembly)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    return run_and_commit(
        lambda: services.revoke_proxy(proxy, by=current_user, now=_now()),
        _("The proxy has been revoked."),
        redirect(url_for(".proxies", assembly_id=assembly.id), code=303),
    )
