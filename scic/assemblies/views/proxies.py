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
from scic.membership.member_search import bind_picker, resolver
from scic.membership.rules import VOTING_STATUSES

# --- proxies ----------------------------------------------------------------------------------


def _proxy_form(grantors=None, *, prefix: str = "") -> forms.ProxyForm:
    """The secretary's form (``grantors`` None: the grantor is typed too) or a member's (its
    own ``grantors`` to choose from). The holder is typed among the cooperative's voters; a
    member's form gets no suggestions: searching the register is for the office."""
    if grantors is None:
        form = forms.ProxyForm(prefix=prefix)
        bind_picker(form.grantor_id, g.cooperative, VOTING_STATUSES)
        bind_picker(form.holder_id, g.cooperative, VOTING_STATUSES)
    else:
        form = forms.MemberProxyForm(prefix=prefix)
        form.grantor_id.choices = [(m.id, f"{m.number} — {m.display_name}") for m in grantors]
        form.holder_id.resolver = resolver(g.cooperative, VOTING_STATUSES)
    if form.signed_on.data is None:
        form.signed_on.data = _today()
    return form


def _give_proxy(assembly: Assembly, form: forms.ProxyForm, target):
    grantor = queries.member_of(g.cooperative.id, form.grantor_id.data)
    holder = None if form.blank.data else queries.member_of(g.cooperative.id, form.holder_id.data)
    if grantor is None or (holder is None and not form.blank.data):
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
        form=_proxy_form(),
        confirm=forms.ConfirmForm(),
        settings=settings,
        changeable=services.proxies_changeable(assembly),
        can_manage=has_role(*MANAGERS),
    )


@bp.post("/<int:assembly_id>/proxies")
@cooperative_role(*MANAGERS)
def give_proxy(assembly_id: int):
    assembly = _load(assembly_id)
    form = _proxy_form()
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
