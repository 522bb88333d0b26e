"""Assembly pages: preparation, convocation, proxies, session, minutes; the member side."""

from __future__ import annotations

from datetime import datetime

from flask import (
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user
from werkzeug.routing import BuildError

from scic.assemblies import forms, queries, rules, services
from scic.assemblies.models import AgendaItem, Assembly, Document, Proxy
from scic.cooperatives import navigation
from scic.cooperatives.access import (
    MANAGERS,
    READERS,
    cooperative_blueprint,
    cooperative_role,
    has_role,
)
from scic.cooperatives.dashboard import register_panel
from scic.cooperatives.models import Role
from scic.core.db import db, get_or_404, utcnow
from scic.core.i18n import _, _l
from scic.core.views import flash_violations, run_and_commit
from scic.core.violations import RuleViolation

bp = cooperative_blueprint("assemblies", __name__, "/assemblies")
blueprints = (bp,)

MEMBERS = (Role.MEMBER, Role.REPRESENTATIVE)
#: Endpoint of the minutes PDF, built by the registers package (a placeholder until it exists).
MINUTES_PDF_ENDPOINT = "registers.assembly_minutes"

navigation.add_entry(40, "assemblies.index", _l("Assemblies"), READERS)
navigation.add_entry(41, "assemblies.my_assemblies", _l("My assemblies"), MEMBERS)


# --- helpers ----------------------------------------------------------------------------------


def _now() -> datetime:
    return utcnow()


def _today():
    return _now().astimezone(rules.PARIS).date()


def _paris(naive: datetime) -> datetime:
    """A datetime-local value typed in Paris time, made aware."""
    return naive.replace(tzinfo=rules.PARIS)


def _load(assembly_id: int) -> Assembly:
    return get_or_404(Assembly, assembly_id, cooperative_id=g.cooperative.id)


def _child(model, row_id: int, assembly: Assembly):
    row = db.session.get(model, row_id)
    if row is None or row.assembly_id != assembly.id:
        abort(404)
    return row


def _back(assembly: Assembly, endpoint: str = ".show"):
    return redirect(url_for(endpoint, assembly_id=assembly.id), code=303)


def _flash_form_errors(form) -> None:
    for item in form:
        for error in item.errors:
            flash(_("%(field)s: %(error)s", field=item.label.text, error=error), "error")


def optional_url(endpoint: str, **values) -> str | None:
    """The URL of an endpoint another package may not provide yet, or None."""
    if endpoint not in current_app.view_functions:
        return None
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None


@bp.app_template_filter("assembly_type")
def _assembly_type(value: str) -> str:
    return str(dict(forms.ASSEMBLY_TYPES).get(value, value))


@bp.app_template_filter("presence_mode")
def _presence_mode(value: str) -> str:
    return str(dict(forms.PRESENCE_MODES).get(value, value))


@bp.app_template_filter("assembly_status")
def _assembly_status(value: str) -> str:
    labels = {
        "draft": _("In preparation"),
        "convened": _("Convened"),
        "open": _("In session"),
        "closed": _("Closed"),
        "locked": _("Minutes signed"),
    }
    return str(labels.get(value, value))


@bp.app_template_filter("document_kind")
def _document_kind(value: str) -> str:
    return str(dict(forms.DOCUMENT_KINDS).get(value, value))


@bp.app_template_filter("paris_time")
def _paris_time(value: datetime | None) -> str:
    from flask_babel import format_datetime

    return "" if value is None else format_datetime(value, "medium")


def _signatory_label(role: str) -> str:
    return str(
        {
            "chair": _l("Chair"),
            "secretary": _l("Secretary"),
            "scrutineer": _l("Scrutineer"),
            "manager": _l("Manager"),
        }.get(role, role)
    )


@bp.app_template_filter("assembly_violation")
def _assembly_violation(value) -> str:
    from scic.core.messages import describe

    return describe(value)


@bp.app_template_filter("signatory_role")
def _signatory_role(value: str) -> str:
    return _signatory_label(value)


# --- dashboard --------------------------------------------------------------------------------


@register_panel
def assemblies_panel(cooperative):
    """R-AG-1 deadline of the annual ordinary assembly, and the next convocation's last day."""
    today = _today()
    upcoming = queries.upcoming_assemblies(cooperative, _now())
    following = next((a for a in upcoming if a.status == "draft"), None)
    return {
        "template": "assemblies/_dashboard.html",
        "accounts": queries.accounts_deadline(cooperative, today),
        "next_assembly": following,
        "next_last_day": queries.convocation_last_day(following) if following else None,
        "today": today,
    }


# --- preparation ------------------------------------------------------------------------------


@bp.get("/")
@cooperative_role(*READERS)
def index():
    return render_template(
        "assemblies/assembly_list.html",
        assemblies=queries.assemblies_of(g.cooperative),
        can_manage=has_role(*MANAGERS),
    )


def _assembly_input(form: forms.AssemblyForm) -> services.AssemblyInput:
    return services.AssemblyInput(
        type=form.type.data,
        title=form.title.data or "",
        starts_at=_paris(form.starts_at.data),
        place=form.place.data or "",
        video_link=form.video_link.data or "",
        remote_mode=form.remote_mode.data,
        approves_accounts_of=form.approves_accounts_of.data,
    )


@bp.get("/new")
@cooperative_role(*MANAGERS)
def new():
    return render_template(
        "assemblies/assembly_form.html", form=forms.AssemblyForm(), assembly=None
    )


@bp.post("/new")
@cooperative_role(*MANAGERS)
def create():
    form = forms.AssemblyForm()
    if not form.validate_on_submit():
        return render_template("assemblies/assembly_form.html", form=form, assembly=None), 400
    try:
        assembly = services.create_assembly(g.cooperative, _assembly_input(form), by=current_user)
    except RuleViolation as exc:
        db.session.rollback()
        flash_violations(exc.violations)
        return render_template("assemblies/assembly_form.html", form=form, assembly=None), 400
    db.session.commit()
    flash(_("The assembly has been created."), "success")
    return _back(assembly)


@bp.get("/<int:assembly_id>")
@cooperative_role(*READERS)
def show(assembly_id: int):
    assembly = _load(assembly_id)
    return render_template(
        "assemblies/assembly_show.html",
        assembly=assembly,
        documents=queries.active_documents(assembly),
        agenda_form=forms.AgendaItemForm(),
        document_form=forms.DocumentForm(),
        second_call_form=forms.SecondCallForm(),
        confirm=forms.ConfirmForm(),
        can_manage=has_role(*MANAGERS),
        quorum=queries.quorum_status(assembly),
        second_calls=[
            a for a in queries.assemblies_of(g.cooperative) if a.first_call_id == assembly.id
        ],
    )


@bp.get("/<int:assembly_id>/edit")
@cooperative_role(*MANAGERS)
def edit(assembly_id: int):
    assembly = _load(assembly_id)
    form = forms.AssemblyForm(obj=assembly)
    form.starts_at.data = assembly.starts_at.astimezone(rules.PARIS).replace(tzinfo=None)
    form.version.data = str(assembly.version)
    return render_template("assemblies/assembly_form.html", form=form, assembly=assembly)


@bp.post("/<int:assembly_id>/edit")
@cooperative_role(*MANAGERS)
def update(assembly_id: int):
    assembly = _load(assembly_id)
    form = forms.AssemblyForm()
    if not form.validate_on_submit():
        return render_template("assemblies/assembly_form.html", form=form, assembly=assembly), 400
    if form.version.data != str(assembly.version):
        flash(_("Someone else changed this assembly meanwhile: review it and try again."), "error")
        return redirect(url_for(".edit", assembly_id=assembly.id), code=303)
    try:
        services.update_assembly(assembly, _assembly_input(form), by=current_user)
    except RuleViolation as exc:
        db.session.rollback()
        flash_violations(exc.violations)
        return render_template("assemblies/assembly_form.html", form=form, assembly=assembly), 400
    db.session.commit()
    flash(_("The assembly has been updated."), "success")
    return _back(assembly)


@bp.post("/<int:assembly_id>/agenda")
@cooperative_role(*MANAGERS)
def add_agenda_item(assembly_id: int):
    assembly = _load(assembly_id)
    form = forms.AgendaItemForm()
    if not form.validate_on_submit():
        _flash_form_errors(form)
        return _back(assembly)
    return run_and_commit(
        lambda: services.add_agenda_item(
            assembly, form.title.data, form.description.data or "", by=current_user
        ),
        _("The agenda item has been added."),
        _back(assembly),
    )


@bp.post("/<int:assembly_id>/agenda/<int:item_id>/delete")
@cooperative_role(*MANAGERS)
def remove_agenda_item(assembly_id: int, item_id: int):
    assembly = _load(assembly_id)
    item = _child(AgendaItem, item_id, assembly)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    return run_and_commit(
        lambda: services.remove_agenda_item(item, by=current_user),
        _("The agenda item has been removed."),
        _back(assembly),
    )


@bp.post("/<int:assembly_id>/documents")
@cooperative_role(*MANAGERS)
def upload_document(assembly_id: int):
    assembly = _load(assembly_id)
    form = forms.DocumentForm()
    if not form.validate_on_submit():
        _flash_form_errors(form)
        return _back(assembly)
    upload = form.file.data
    content = upload.read()
    return run_and_commit(
        lambda: services.add_document(
            assembly,
            kind=form.kind.data,
            title=form.title.data or "",
            filename=upload.filename or "",
            content=content,
            by=current_user,
            now=_now(),
        ),
        _("The document has been added."),
        _back(assembly),
    )


@bp.get("/<int:assembly_id>/documents/<int:document_id>")
@cooperative_role(*READERS, *MEMBERS)
def download_document(assembly_id: int, document_id: int):
    """Serve a document as an attachment, with its checked type (never rendered inline)."""
    assembly = _load(assembly_id)
    document = _child(Document, document_id, assembly)
    if not has_role(*READERS) and (assembly.status == "draft" or document.removed_at):
        abort(404)
    path = services.document_path(document)
    if not path.is_file():
        abort(404)
    response = send_file(
        path,
        mimetype=document.mimetype,
        as_attachment=True,
        download_name=document.filename,
        max_age=0,
    )
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@bp.post("/<int:assembly_id>/documents/<int:document_id>/delete")
@cooperative_role(*MANAGERS)
def remove_document(assembly_id: int, document_id: int):
    assembly = _load(assembly_id)
    document = _child(Document, document_id, assembly)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    return run_and_commit(
        lambda: services.remove_document(document, by=current_user, now=_now()),
        _("The document has been withdrawn."),
        _back(assembly),
    )


@bp.post("/<int:assembly_id>/second-call")
@cooperative_role(*MANAGERS)
def second_call(assembly_id: int):
    assembly = _load(assembly_id)
    form = forms.SecondCallForm()
    if not form.validate_on_submit():
        _flash_form_errors(form)
        return _back(assembly)
    try:
        second = services.create_second_call(
            assembly, starts_at=_paris(form.starts_at.data), by=current_user
        )
    except RuleViolation as exc:
        db.session.rollback()
        flash_violations(exc.violations)
        return _back(assembly)
    db.session.commit()
    flash(_("The second call has been created with the same agenda."), "success")
    return _back(second)


# --- convocation ------------------------------------------------------------------------------


@bp.get("/<int:assembly_id>/convocation")
@cooperative_role(*READERS)
def convocation(assembly_id: int):
    assembly = _load(assembly_id)
    today = _today()
    records = queries.convocation_records(assembly)
    paper = queries.paper_recipients(assembly, today)
    paper_forms = {}
    for member in paper:
        form = forms.PaperConvocationForm(prefix=f"m{member.id}")
        record = records.get(member.id)
        form.member_id.data = member.id
        form.sent_on.data = record.sent_on if record else today
        form.channel.data = record.channel if record else "registered_letter"
        form.registered_number.data = record.registered_number if record else ""
        paper_forms[member.id] = form
    return render_template(
        "assemblies/convocation_show.html",
        assembly=assembly,
        today=today,
        last_day=queries.convocation_last_day(assembly),
        late=bool(queries.convocation_violations(assembly, today)),
        voters=queries.voters(assembly),
        records=records,
        paper=paper,
        paper_forms=paper_forms,
        confirm=forms.ConfirmForm(),
        can_manage=has_role(*MANAGERS),
        consenting=[m for m in queries.voters(assembly) if queries.consents_to_email(m, today)],
    )


@bp.post("/<int:assembly_id>/convocation/send")
@cooperative_role(*MANAGERS)
def send_convocation(assembly_id: int):
    assembly = _load(assembly_id)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    target = redirect(url_for(".convocation", assembly_id=assembly.id), code=303)
    try:
        report = services.send_convocation(assembly, _today(), current_user, now=_now())
    except RuleViolation as exc:
        db.session.rollback()
        flash_violations(exc.violations)
        return target
    db.session.commit()
    flash(
        _(
            "Convocation e-mailed to %(count)s members; %(paper)s to convene by letter.",
            count=len(report.emailed),
            paper=len(report.paper),
        ),
        "success",
    )
    return target


@bp.post("/<int:assembly_id>/convocation/paper")
@cooperative_role(*MANAGERS)
def record_paper_convocation(assembly_id: int):
    assembly = _load(assembly_id)
    prefix = request.form.get("prefix", "")
    if not prefix.startswith("m") or not prefix[1:].isdigit():
        prefix = ""
    form = forms.PaperConvocationForm(prefix=prefix)
    target = redirect(url_for(".convocation", assembly_id=assembly.id), code=303)
    if not form.validate_on_submit():
        _flash_form_errors(form)
        return target
    member = queries.member_of(g.cooperative.id, form.member_id.data)
    if member is None:
        abort(404)
    return run_and_commit(
        lambda: services.record_paper_convocation(
            assembly,
            member,
            channel=form.channel.data,
            sent_on=form.sent_on.data,
            registered_number=form.registered_number.data or "",
            by=current_user,
            now=_now(),
        ),
        _("The convocation of %(name)s has been recorded.", name=member.display_name),
        target,
    )


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
        can_manage=has_role(*MANAGERS),
    )


@bp.post("/<int:assembly_id>/proxies")
@cooperative_role(*MANAGERS)
def give_proxy(assembly_id: int):
    assembly = _load(assembly_id)
    form = _proxy_form(assembly, queries.voters(assembly))
    target = redirect(url_for(".proxies", assembly_id=assembly.id), code=303)
    if not form.validate_on_submit():
        _flash_form_errors(form)
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


# --- session ----------------------------------------------------------------------------------


@bp.get("/<int:assembly_id>/session")
@cooperative_role(*READERS)
def session(assembly_id: int):
    assembly = _load(assembly_id)
    bureau = forms.BureauForm(obj=assembly)
    return render_template(
        "assemblies/session_show.html",
        assembly=assembly,
        bureau=bureau,
        incident_form=forms.IncidentForm(),
        confirm=forms.ConfirmForm(),
        quorum=queries.quorum_status(assembly),
        can_manage=has_role(*MANAGERS),
    )


def _session_target(assembly: Assembly):
    return redirect(url_for(".session", assembly_id=assembly.id), code=303)


@bp.post("/<int:assembly_id>/bureau")
@cooperative_role(*MANAGERS)
def set_bureau(assembly_id: int):
    assembly = _load(assembly_id)
    form = forms.BureauForm()
    if not form.validate_on_submit():
        _flash_form_errors(form)
        return _session_target(assembly)
    return run_and_commit(
        lambda: services.set_bureau(
            assembly,
            chair=form.chair_name.data or "",
            secretary=form.secretary_name.data or "",
            scrutineers=form.scrutineers.data or "",
            managers=form.managers.data or "",
            by=current_user,
        ),
        _("The bureau has been recorded."),
        _session_target(assembly),
    )


@bp.post("/<int:assembly_id>/open")
@cooperative_role(*MANAGERS)
def open_session(assembly_id: int):
    assembly = _load(assembly_id)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    return run_and_commit(
        lambda: services.open_session(assembly, now=_now(), by=current_user),
        _("The session is open."),
        _session_target(assembly),
    )


@bp.post("/<int:assembly_id>/close")
@cooperative_role(*MANAGERS)
def close_session(assembly_id: int):
    assembly = _load(assembly_id)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    return run_and_commit(
        lambda: services.close_session(assembly, now=_now(), by=current_user),
        _("The session is closed."),
        _session_target(assembly),
    )


@bp.post("/<int:assembly_id>/incidents")
@cooperative_role(*MANAGERS)
def add_incident(assembly_id: int):
    assembly = _load(assembly_id)
    form = forms.IncidentForm()
    if not form.validate_on_submit():
        _flash_form_errors(form)
        return _session_target(assembly)
    when = _paris(form.occurred_at.data) if form.occurred_at.data else _now()
    return run_and_commit(
        lambda: services.add_incident(
            assembly, form.description.data, occurred_at=when, by=current_user, now=_now()
        ),
        _("The incident has been noted."),
        _session_target(assembly),
    )


@bp.get("/<int:assembly_id>/attendance")
@cooperative_role(*READERS)
def attendance(assembly_id: int):
    """The check-in list: search by name or number (works without JavaScript)."""
    assembly = _load(assembly_id)
    query = request.args.get("q", "")[:100]
    rows = {row.member.id: row for row in queries.attendance_sheet(assembly)}
    found = queries.search_voters(assembly, query)
    return render_template(
        "assemblies/attendance_checkin.html",
        assembly=assembly,
        query=query,
        members=found,
        rows=rows,
        entries=queries.attendance_entries(assembly),
        proxies={p.grantor_id: p for p in queries.valid_proxies(assembly)},
        modes=forms.PRESENCE_MODES,
        confirm=forms.ConfirmForm(),
        quorum=queries.quorum_status(assembly),
        can_manage=has_role(*MANAGERS),
    )


@bp.post("/<int:assembly_id>/attendance")
@cooperative_role(*MANAGERS)
def record_attendance(assembly_id: int):
    assembly = _load(assembly_id)
    form = forms.AttendanceForm()
    query = request.form.get("q", "")[:100]
    target = redirect(url_for(".attendance", assembly_id=assembly.id, q=query or None), code=303)
    if not form.validate_on_submit():
        _flash_form_errors(form)
        return target
    member = queries.member_of(g.cooperative.id, form.member_id.data)
    if member is None:
        abort(404)
    return run_and_commit(
        lambda: services.record_attendance(
            assembly,
            member,
            form.mode.data,
            signed_by=form.signed_by.data or "",
            by=current_user,
            now=_now(),
        ),
        _("%(name)s: %(mode)s.", name=member.display_name, mode=_presence_mode(form.mode.data)),
        target,
    )


@bp.get("/<int:assembly_id>/quorum.json")
@cooperative_role(*READERS)
def quorum_json(assembly_id: int):
    assembly = _load(assembly_id)
    return jsonify(queries.quorum_status(assembly).as_json())


# --- minutes ----------------------------------------------------------------------------------


def _sign_form(state) -> forms.SignForm:
    form = forms.SignForm()
    form.signatory.choices = [
        (f"{role}|{name}", f"{_signatory_label(role)} — {name}") for role, name in state.pending
    ]
    return form


@bp.get("/<int:assembly_id>/minutes")
@cooperative_role(*READERS)
def minutes(assembly_id: int):
    assembly = _load(assembly_id)
    state = queries.minutes_state(assembly)
    summary = forms.SummaryForm(obj=assembly)
    summary.version.data = str(assembly.version)
    return render_template(
        "assemblies/minutes_show.html",
        assembly=assembly,
        state=state,
        summary=summary,
        sign_form=_sign_form(state),
        addendum_form=forms.AddendumForm(),
        quorum=queries.quorum_status(assembly),
        sheet=queries.attendance_sheet(assembly),
        pdf_url=optional_url(MINUTES_PDF_ENDPOINT, assembly_id=assembly.id),
        can_manage=has_role(*MANAGERS),
    )


def _minutes_target(assembly: Assembly):
    return redirect(url_for(".minutes", assembly_id=assembly.id), code=303)


@bp.post("/<int:assembly_id>/minutes/summary")
@cooperative_role(*MANAGERS)
def update_summary(assembly_id: int):
    assembly = _load(assembly_id)
    form = forms.SummaryForm()
    if not form.validate_on_submit():
        _flash_form_errors(form)
        return _minutes_target(assembly)
    if form.version.data != str(assembly.version):
        flash(_("Someone else changed this assembly meanwhile: review it and try again."), "error")
        return _minutes_target(assembly)
    return run_and_commit(
        lambda: services.update_debates_summary(
            assembly, form.debates_summary.data or "", by=current_user
        ),
        _("The summary of the debates has been saved."),
        _minutes_target(assembly),
    )


@bp.post("/<int:assembly_id>/minutes/sign")
@cooperative_role(*MANAGERS)
def sign_minutes(assembly_id: int):
    assembly = _load(assembly_id)
    form = forms.SignForm()
    form.signatory.choices = []  # the service checks the pair against the required signatories
    if not form.validate_on_submit() or "|" not in (form.signatory.data or ""):
        flash(_("Choose the signatory."), "error")
        return _minutes_target(assembly)
    role, name = form.signatory.data.split("|", 1)
    return run_and_commit(
        lambda: services.sign_minutes(assembly, role=role, name=name, by=current_user, now=_now()),
        _("The signature of %(name)s has been recorded.", name=name),
        _minutes_target(assembly),
    )


@bp.post("/<int:assembly_id>/addenda")
@cooperative_role(*MANAGERS)
def add_addendum(assembly_id: int):
    assembly = _load(assembly_id)
    form = forms.AddendumForm()
    if not form.validate_on_submit():
        _flash_form_errors(form)
        return _minutes_target(assembly)
    return run_and_commit(
        lambda: services.add_addendum(assembly, form.text.data, by=current_user, now=_now()),
        _("The addendum has been added."),
        _minutes_target(assembly),
    )


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
        form=_proxy_form(assembly, [m for m in mine if given[m.id] is None]),
        confirm=forms.ConfirmForm(),
        pdf_url=optional_url(MINUTES_PDF_ENDPOINT, assembly_id=assembly.id)
        if assembly.status == "locked"
        else None,
    )


@bp.post("/mine/<int:assembly_id>/proxy")
@cooperative_role(*MEMBERS)
def my_give_proxy(assembly_id: int):
    assembly = _member_assembly(assembly_id)
    mine = queries.members_of_user(current_user, g.cooperative, _today())
    form = _proxy_form(assembly, mine)
    target = redirect(url_for(".my_assembly", assembly_id=assembly.id), code=303)
    if not form.validate_on_submit():
        _flash_form_errors(form)
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
