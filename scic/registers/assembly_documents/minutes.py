"""The minutes of one assembly as a PDF (DOMAIN §6.9, R-AG-*, R-TAL-*)."""

from __future__ import annotations

from datetime import datetime
from fractions import Fraction
from typing import BinaryIO

from flask_babel import force_locale

from scic.assemblies import queries as assembly_queries
from scic.assemblies.forms import DOCUMENT_KINDS, PRESENCE_MODES, REMOTE_MODES
from scic.assemblies.labels import BODY_LABELS
from scic.assemblies.models import Assembly
from scic.cooperatives.forms_statutes import ABSTENTION_LABELS, METHOD_LABELS, SILENT_LABELS
from scic.cooperatives.models import Cooperative
from scic.core.audit import AuditEntry
from scic.core.i18n import _
from scic.registers.assembly_documents.minutes_data import (
    MinutesData,
    ResolutionRecord,
    minutes_data,
)
from scic.registers.assembly_documents.wording import (
    CHANNEL_LABELS,
    RESOLUTION_KIND_LABELS,
    SIGNATORY_LABELS,
    _call_text,
    _footer,
    _kind_title,
    _label,
    _time,
    assembly_label,
    representative_text,
)
from scic.registers.integrity import head_hash
from scic.registers.pdf_base import Column, Formatter, header_of
from scic.registers.pdf_flow import PORTRAIT, PaperDocument, Story
from scic.voting.labels import CHOICE_LABELS
from scic.voting.models import Ballot
from scic.voting.rules import Majority, MajorityKind, Method


def _fraction(value: Fraction) -> str:
    return f"{value.numerator}/{value.denominator}"


def majority_text(fmt: Formatter, majority: Majority) -> str:
    """The threshold applied: "more than 1/2" (strict) or "at least 2/3" (R-TAL-1)."""
    if majority.kind is MajorityKind.MORE_THAN:
        return _(
            "more than %(threshold)s (> %(percent)s) of the votes cast",
            threshold=_fraction(majority.threshold),
            percent=fmt.percent(majority.threshold),
        )
    return _(
        "at least %(threshold)s (>= %(percent)s) of the votes cast",
        threshold=_fraction(majority.threshold),
        percent=fmt.percent(majority.threshold),
    )


# --- Minutes ------------------------------------------------------------------------------------

RESULT_WIDTHS = (107, 42, 46, 38, 36, 40, 42, 54, 63, 63)


def _result_columns() -> tuple[Column, ...]:
    labels = (
        _("College"),
        _("Weight"),
        _("Registered"),
        _("Voted"),
        _("For"),
        _("Against"),
        _("Abstained"),
        _("Eff. weight"),
        _("Contrib. for"),
        _("Contrib. against"),
    )
    aligns = ("left",) + ("right",) * 9
    return tuple(Column(t, w, a) for t, w, a in zip(labels, RESULT_WIDTHS, aligns, strict=True))


def _resolution(story: Story, fmt: Formatter, record: ResolutionRecord) -> None:
    story.paragraph(
        _("Resolution no. %(number)s — %(title)s", number=record.number, title=record.title),
        style="h",
    )
    if record.text:
        story.paragraph(record.text)
    story.kv(
        _("Kind"),
        " — ".join(
            (
                _label(RESOLUTION_KIND_LABELS, record.kind),
                _("proposed by the board")
                if record.proposed_by == "board"
                else _("proposed by members"),
                _("approved by the board")
                if record.board_approved
                else _("not approved by the board"),
                _("secret ballot") if record.secret else _("open ballot"),
            )
        ),
    )
    result = record.result
    if result is None:
        story.kv(_("Result"), _("Not put to the vote."))
        return
    headcount = result.rules.method is Method.HEADCOUNT
    story.kv(
        _("Counting method"),
        " — ".join(
            (
                _label(METHOD_LABELS, result.rules.method.value),
                _(
                    "abstentions: %(rule)s",
                    rule=_label(ABSTENTION_LABELS, result.rules.abstentions.value),
                ),
                _(
                    "silent college: %(rule)s",
                    rule=_label(SILENT_LABELS, result.rules.silent_college.value),
                ),
            )
        ),
    )
    if not headcount:
        weights = ", ".join(
            f"{c.code} {fmt.percent(c.weight)}"
            for c in result.colleges
            if c.code is not None and c.weight is not None
        )
        story.kv(
            _("College weights used"),
            _("%(weights)s (in force on %(day)s)", weights=weights, day=fmt.day(result.weights_on)),
        )
    story.kv(_("Majority required"), majority_text(fmt, result.majority))
    # A secret result whose counts would reveal a choice reaches here without them
    # (scic.voting.publication.for_members): dashes, never zeros.
    withheld = result.choices_hidden
    dash = "—"
    rows = []
    for c in result.colleges:
        rows.append(
            (
                f"{c.code} {c.name}".strip() if c.code else (c.name or _("All members")),
                dash if headcount or c.weight is None else fmt.percent(c.weight),
                fmt.number(c.entitled),
                fmt.number(c.voted),
                dash if withheld else fmt.number(c.for_),
                dash if withheld else fmt.number(c.against),
                dash if withheld else fmt.number(c.abstain),
                dash if headcount or withheld else fmt.percent(c.effective_weight),
                dash if headcount or withheld else fmt.percent(c.for_share),
                dash if headcount or withheld else fmt.percent(c.against_share),
            )
        )
    totals = (
        _("Total"),
        "",
        fmt.number(result.entitled),
        fmt.number(result.voted),
        dash if withheld else fmt.number(sum(c.for_ for c in result.colleges)),
        dash if withheld else fmt.number(sum(c.against for c in result.colleges)),
        dash if withheld else fmt.number(sum(c.abstain for c in result.colleges)),
        "",
        fmt.percent(result.share_for) if result.share_for is not None else dash,
        fmt.percent(1 - result.share_for) if result.share_for is not None else dash,
    )
    story.table(_result_columns(), [*rows, totals], bold_last=True)
    if withheld:
        story.paragraph(
            _(
                "Secret ballot: the counts of %(colleges)s would reveal how members voted (fewer"
                " than three voters, or all alike), so the counts of every college and the share"
                " of the votes are withheld.",
                colleges=", ".join(sorted(result.small_colleges)),
            ),
            style="small",
        )
    else:
        story.kv(
            _("Share of the votes for"),
            fmt.percent(result.share_for)
            if result.share_for is not None
            else _("no vote expressed"),
        )
    story.paragraph(
        _("Resolution no. %(number)s is ADOPTED.", number=record.number)
        if result.adopted
        else _("Resolution no. %(number)s is REJECTED.", number=record.number),
        style="b",
    )


def _elections(story: Story, fmt: Formatter, data: MinutesData) -> None:
    """Who the assembly elected within the seats, with the end of each term (R-AG-2)."""
    if not data.elections:
        return
    story.heading(_("Elections"))
    for election in data.elections:
        text = _(
            "%(body)s: %(seats)s seat(s) for %(years)s years%(how)s.",
            body=str(BODY_LABELS[election.body]),
            seats=election.seats,
            years=election.term_years,
            how=" — " + _("secret ballot") if election.secret else "",
        )
        if not election.recorded:
            text += " " + _("The results of the election were not recorded.")
        elif not election.elected:
            text += " " + _("Nobody was elected.")
        else:
            terms = [
                _("%(name)s, until %(end)s", name=name, end=fmt.day(end))
                for name, end in election.elected
            ]
            text += " " + _("Elected: %(names)s.", names="; ".join(terms))
        story.paragraph(text)


def _consultation_replies(story, data: MinutesData) -> None:
    """Annex each member's reply to a written consultation (R-AG-10, R223-24)."""
    story.heading(_("Replies of the members (annex)"))
    for number, name, replies in data.consultation_replies:
        if not replies:
            text = _("did not answer: does not vote")
        else:
            text = "; ".join(
                _(
                    "resolution %(number)s: %(choice)s",
                    number=resolution,
                    choice=_("secret ballot")
                    if choice == "secret"
                    else _label(CHOICE_LABELS, choice).lower(),
                )
                for resolution, choice in replies
            )
        story.paragraph(
            _("no. %(number)s %(name)s — %(replies)s", number=number, name=name, replies=text)
        )


def minutes_title(fmt: Formatter, assembly: Assembly) -> str:
    day = assembly_queries.assembly_day(assembly)
    title = _("Minutes — %(kind)s of %(day)s", kind=_kind_title(assembly), day=fmt.day(day))
    if assembly.locked_at is None:
        title += " — " + _("draft, signatures pending")
    return title


def _deliberation(story: Story, data: MinutesData) -> None:
    """Say plainly when the assembly, or one of its parts, could not deliberate (R-AG-11)."""
    missed = [part for part, status in data.part_quorums if not status.reached]
    if not missed:
        return
    if len(missed) == len(data.part_quorums):
        text = _(
            "The quorum was not reached: the assembly could not deliberate and no resolution "
            "was adopted. A second call with the same agenda is required."
        )
    elif missed == ["extraordinary"]:
        text = _(
            "The quorum of the extraordinary part was not reached: that part could not "
            "deliberate and none of its resolutions was adopted."
        )
    else:
        text = _(
            "The quorum of the ordinary part was not reached: that part could not deliberate "
            "and none of its resolutions was adopted."
        )
    story.paragraph(text)


def minutes_section(
    story: Story, fmt: Formatter, data: MinutesData, *, anchor: object = None
) -> None:
    """The minutes (procès-verbal) of one assembly, as a part starting on a new page (whose
    number the document records under ``anchor``)."""
    a = data.assembly
    story.section(minutes_title(fmt, a), anchor=anchor)
    story.paragraph(a.title, style="h1")
    story.kv(_("Kind of assembly"), f"{_kind_title(a)} ({_call_text(a)})")
    if data.first_call_day:
        story.kv(
            _("First call"), _("held on %(day)s without quorum", day=fmt.day(data.first_call_day))
        )
    story.kv(_("Date and time"), _("%(when)s (Paris time)", when=_time(fmt, a.starts_at)))
    if a.place:
        story.kv(_("Place"), a.place)
    if a.video_link:
        story.kv(_("Video link"), a.video_link)
    story.kv(_("Participation"), _label(REMOTE_MODES, a.remote_mode))
    if a.opened_at:
        story.kv(_("Session opened"), _time(fmt, a.opened_at))
    if a.closed_at:
        story.kv(_("Session closed"), _time(fmt, a.closed_at))

    # Convocation
    c = data.convocation
    story.heading(_("Convocation"))
    if c.first_sent_on is None:
        story.paragraph(_("No convocation was recorded."))
    else:
        sent = (
            fmt.day(c.first_sent_on)
            if c.first_sent_on == c.last_sent_on
            else _(
                "from %(start)s to %(end)s",
                start=fmt.day(c.first_sent_on),
                end=fmt.day(c.last_sent_on),
            )
        )
        story.kv(_("Convocation sent"), sent)
        story.kv(
            _("Members convened"),
            _(
                "%(convened)s of %(entitled)s members entitled to vote",
                convened=fmt.number(c.convened),
                entitled=fmt.number(data.quorum.entitled),
            ),
        )
        for channel, count in sorted(c.channels.items()):
            story.kv("  " + _label(CHANNEL_LABELS, channel), fmt.number(count))
        if c.registered_letters:
            story.kv(_("Registered-letter numbers recorded"), fmt.number(c.registered_letters))

    # Bureau
    story.heading(_("Officers of the assembly"))
    story.kv(_("Chair"), a.chair_name or "—")
    story.kv(_("Secretary"), a.secretary_name or "—")
    story.kv(_("Scrutineers"), a.scrutineers or "—")
    if a.managers:
        story.kv(_("Managers"), a.managers)

    # Attendance and quorum
    q = data.quorum
    story.heading(_("Attendance and quorum"))
    story.kv(_("Members entitled to vote"), fmt.number(q.entitled))
    story.kv(
        _("Members taking part"),
        _(
            "%(participants)s of %(entitled)s (present, remote, represented or by post)",
            participants=fmt.number(q.participants),
            entitled=fmt.number(q.entitled),
        ),
    )
    story.kv(
        _("Quorum required"),
        _(
            "%(ratio)s of the members, i.e. %(count)s",
            ratio=fmt.percent(q.required_ratio),
            count=fmt.number(q.required_count),
        ),
    )
    story.kv(
        _("Quorum"),
        _(
            "reached (%(participants)s / %(entitled)s)",
            participants=q.participants,
            entitled=q.entitled,
        )
        if q.reached
        else _(
            "NOT reached (%(participants)s / %(entitled)s)",
            participants=q.participants,
            entitled=q.entitled,
        ),
    )
    if len(data.part_quorums) > 1:
        # A combined assembly: each part has its own quorum (R-AG-11).
        for part, status in data.part_quorums:
            story.kv(
                "  " + (_("Ordinary part") if part == "ordinary" else _("Extraordinary part")),
                _(
                    "%(ratio)s required, i.e. %(count)s: reached",
                    ratio=fmt.percent(status.required_ratio),
                    count=fmt.number(status.required_count),
                )
                if status.reached
                else _(
                    "%(ratio)s required, i.e. %(count)s: NOT reached",
                    ratio=fmt.percent(status.required_ratio),
                    count=fmt.number(status.required_count),
                ),
            )
    for mode, label in PRESENCE_MODES:
        story.kv("  " + str(label), fmt.number(data.modes.get(mode, 0)))
    story.paragraph(
        _("The attendance sheet and the proxies are annexed to these minutes."), style="small"
    )
    _deliberation(story, data)

    # Agenda and documents
    story.heading(_("Agenda"))
    for position, title in data.agenda:
        story.paragraph(f"{position}. {title}")
    story.heading(_("Documents made available to the members"))
    if not data.documents:
        story.paragraph(_("No document was made available."))
    for kind, title, filename, sha256 in data.documents:
        story.paragraph(
            f"{_label(DOCUMENT_KINDS, kind)}: {title} ({filename}) — SHA-256 {sha256[:16]}…"
        )

    # Resolutions (none adopted in a part without quorum: no vote could open, R-AG-11)
    story.heading(_("Resolutions and votes"))
    if not data.resolutions:
        story.paragraph(_("No resolution was put to the vote."))
    for record in data.resolutions:
        _resolution(story, fmt, record)
    if data.assembly.type == "written":
        _consultation_replies(story, data)
    _elections(story, fmt, data)

    # Local authorities
    story.heading(_("Local authorities that took part"))
    if not data.authorities:
        story.paragraph(_("No local authority took part."))
    for la in data.authorities:
        text = _(
            "no. %(number)s %(name)s (%(mode)s), represented by %(person)s",
            number=la.number,
            name=la.name,
            mode=_label(PRESENCE_MODES, la.mode).lower(),
            person=representative_text(la.representative, la.representative_role, la.identified_by),
        )
        if la.deliberation_ref:
            text += " — " + _(
                "deliberation %(ref)s of %(date)s, executory on %(executory)s",
                ref=la.deliberation_ref,
                date=fmt.day(la.adopted_on),
                executory=fmt.day(la.executory_on) or "—",
            )
            if la.assumed:
                text += " " + _("(executory date assumed)")
        else:
            text += " — " + _("no deliberation recorded")
        story.paragraph(text)

    # Incidents, debates
    story.heading(_("Incidents"))
    if not data.incidents:
        story.paragraph(_("No incident was recorded."))
    for when, description in data.incidents:
        story.paragraph(f"{_time(fmt, when)} — {description}")
    story.heading(_("Summary of the debates"))
    story.paragraph(a.debates_summary or _("No summary was recorded."))

    # Signatures
    story.heading(_("Signatures"))
    for role, name, signed_at in data.signatures:
        story.kv(
            f"{_label(SIGNATORY_LABELS, role)}: {name}",
            _("signed in ink on %(when)s (scan kept with the minutes)", when=fmt.moment(signed_at))
            if (role, name) in data.signed_in_ink
            else _("signed on %(when)s", when=fmt.moment(signed_at)),
        )
    for role, name in data.pending:
        story.kv(f"{_label(SIGNATORY_LABELS, role)}: {name}", _("pending"))
    if a.locked_at:
        story.paragraph(
            _("Minutes signed and locked on %(when)s.", when=fmt.moment(a.locked_at)),
            style="small",
        )
    else:
        story.paragraph(
            _("These minutes are not signed yet: they may still change."), style="small"
        )

    # Addenda
    if data.addenda:
        story.heading(_("Addenda"))
        for created_at, author, text in data.addenda:
            story.paragraph(
                _(
                    "Addendum of %(when)s by %(author)s",
                    when=fmt.moment(created_at),
                    author=author or "—",
                ),
                style="b",
            )
            story.paragraph(text, indent=10)


def _minutes_document(
    target: str | BinaryIO, cooperative: Cooperative, fmt: Formatter, now: datetime, what: str
) -> PaperDocument:
    heads = _(
        "chain heads: ballots %(ballots)s, audit %(audit)s",
        ballots=head_hash(Ballot, cooperative)[:32],
        audit=head_hash(AuditEntry, cooperative)[:32],
    )
    return PaperDocument(
        target,
        header=header_of(cooperative),
        footer=_footer(fmt, now, what),
        footnote=heads,
        pagesize=PORTRAIT,
    )


def write_minutes_pdf(
    target: str | BinaryIO, assembly: Assembly, *, locale: str, now: datetime
) -> int:
    """Draw the minutes of ``assembly`` (§6.9); return the page count."""
    with force_locale(locale):
        fmt = Formatter(locale)
        data = minutes_data(assembly)
        doc = _minutes_document(
            target, assembly.cooperative, fmt, now, assembly_label(fmt, assembly)
        )
        story = doc.story()
        minutes_section(story, fmt, data)
        return doc.render(story.done())
