"""A member's own assemblies: list, detail, giving and revoking a proxy."""

from __future__ import annotations

from flask import abort, g, redirect, render_template, url_for
from flask_login import current_user

from scic.assemblies import forms, queries, services
from scic.assemblies.models import Assembly, Proxy
from scic.assemblies.views.blueprint import (
    MEMBERS,
    MINUTES_PDF_ENDPOINT,
    _child,
    _load,
    _now,
    _today,
    bp,
    optional_url,
)
from scic.assemblies.views.proxies import _give_proxy, _proxy_form
from scic.cooperatives.access import cooperative_role
from scic.core.i18n import _
from scic.core.views import flash_form_errors, run_and_commit

# --- member side ------------------------------------------------------------------------------


def _member_assembly(assembly_id: int) -> Assembly:
    assembly = _load(assembly_id)
    if assembly.status == "draft":
        abort(404)
    return assembly


@bp.get("/mine")
@cooperative_role(*MEMBERS)
def my_assemblies():
    mine = queries.members_of_user(current_user, g.cooperative, _today())
    visible = [a for a in queries.assemblies_of(g.cooperative) if a.status != "draft"]
    return render_template(
        "assemblies/member_assembly_list.html",
        members=mine,
        upcoming=[a for a in reversed(visible) if a.status in ("convened", "open")],
        past=[a for a in visible if a.status in ("closed", "locked")],
    )


@bp.get("/mine/<int:assembly_id>")
@cooperative_role(*MEMBERS)
def my_assembly(assembly_id: int):
    assembly = _member_assembly(assembly_id)
    mine = queries.members_of_user(current_user, g.cooperative, _today())
    given = {m.id: queries.proxy_given_by(assembly, m.id) for m in mine}
    return render_template(
        "assemblies/member_assembly_show.html",
        assembly=assembly,
        members=mine,
        given=given,
        documents=queries.active_documents(assembly),
        form=_proxy_form([m for m in mine if given[m.id] is None]),
        confirm=forms.ConfirmForm(),
        changeable=services.proxies_changeable(assembly),
        pdf_url=optional_url(MINUTES_PDF_ENDPOINT, assembly_id=assembly.id)
        if assembly.status == "locked"
        else None,
    )


@bp.post("/mine/<int:assembly_id>/proxy")
@cooperative_role(*MEMBERS)
def my_give_proxy(assembly_id: int):
    assembly = _member_assembly(assembly_id)
    mine = queries.members_of_user(current_user, g.cooperative, _today())
    form = _proxy_form(mine)
    target = redirect(url_for(".my_assembly", assembly_id=assembly.id), code=303)
    if not form.validate_on_submit():
        flash_form_errors(form)
        return target
    return _give_proxy(assembly, form, target)


@bp.post("/mine/<int:assembly_id>/proxy/<int:proxy_id>/revoke")
@cooperative_role(*MEMBERS)
def my_revoke_proxy(assembly_id: int, proxy_id: int):
    assembly = _member_assembly(assembly_id)
    proxy = _child(Proxy, proxy_id, assembly)
    mine = {m.id for m in queries.members_of_user(current_user, g.cooperative, _today())}
    if proxy.grantor_id not in mine:
        abort(404)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    return run_and_commit(
        lambda: services.revoke_proxy(proxy, by=current_user, now=_now()),
        _("Your proxy has been revoked."),
        redirect(url_for(".my_assembly", assembly_id=assembly.id), code=303),
    )
