"""The attendance sheet: members present, represented, voting by post or remotely."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import BinaryIO

from flask_babel import force_locale
from sqlalchemy import select

from scic.assemblies import queries as assembly_queries
from scic.assemblies import rules as assembly_rules
from scic.assemblies.forms import PRESENCE_MODES
from scic.assemblies.models import Assembly
from scic.capital.queries import holdings_at
from scic.cooperatives.models import College
from scic.core.db import db
from scic.core.i18n import _
from scic.registers.assembly_documents.wording import (
    SIGNATORY_LABELS,
    _call_text,
    _footer,
    _kind_title,
    _label,
    _time,
    assembly_label,
)
from scic.registers.pdf_base import Column, Formatter, header_of
from scic.registers.pdf_flow import LANDSCAPE, PaperDocument, Story
from scic.voting.participation import participation

# --- Attendance sheet ---------------------------------------------------------------------------

ATTENDANCE_WIDTHS = (34, 160, 180, 50, 44, 90, 220)
PROXY_WIDTHS = (40, 200, 70, 230, 80, 158)


@dataclass(frozen=True)
class AttendanceData:
    assembly: Assembly
    day: date
    rows: list[assembly_queries.AttendanceRow]
    shares: dict[int, int]
    colleges: dict[int, str]
    proxies: list
    quorum: assembly_queries.QuorumStatus


def attendance_data(assembly: Assembly) -> AttendanceData:
    day = assembly_queries.assembly_day(assembly)
    colleges = {
        c.id: c.code
        for c in db.session.scalars(
            select(College).where(College.cooperative_id == assembly.cooperative_id)
        )
    }
    seen = participation(assembly)
    return AttendanceData(
        assembly=assembly,
        day=day,
        rows=sorted(
            assembly_queries.attendance_sheet(assembly, seen), key=lambda r: r.member.number
        ),
        shares={k: h.shares for k, h in holdings_at(assembly.cooperative_id, day).items()},
        colleges=colleges,
        proxies=assembly_queries.all_proxies(assembly),
        quorum=assembly_queries.quorum_status(assembly, seen),
    )


def _attendance_note(fmt: Formatter, row) -> str:
    mode = row.mode
    if mode == "represented":
        if row.blank_proxy:
            return _("blank proxy to the chair")
        holder = row.holder
        return _(
            "proxy to no. %(number)s %(name)s",
            number=holder.number if holder else "?",
            name=holder.display_name if holder else "",
        )
    if mode == "correspondence":
        return _("postal vote form received")
    if mode in ("present", "deemed_present"):
        parts = []
        if row.signed_by:
            parts.append(_("signed by %(name)s", name=row.signed_by))
        if row.entry is not None:
            parts.append(_("checked in at %(time)s", time=_time(fmt, row.entry.recorded_at)))
        return ", ".join(parts)
    return ""


def attendance_sections(story: Story, fmt: Formatter, data: AttendanceData) -> None:
    """The attendance sheet, then the proxies annexed on a new page."""
    a = data.assembly
    title = _("Attendance sheet — %(kind)s of %(day)s", kind=_kind_title(a), day=fmt.day(data.day))
    story.section(title)
    story.kv(_("Assembly"), f"{a.title} ({_call_text(a)})")
    story.kv(
        _("Date and place"),
        " — ".join(
            p for p in (_("%(when)s (Paris time)", when=_time(fmt, a.starts_at)), a.place) if p
        ),
    )
    labels = (
        _("No."),
        _("Name"),
        _("Domicile or registered office"),
        _("College"),
        _("Shares"),
        _("Mode"),
        _("Proxy holder or signature"),
    )
    aligns = ("right", "left", "left", "left", "right", "left", "left")
    columns = tuple(
        Column(t, w, al) for t, w, al in zip(labels, ATTENDANCE_WIDTHS, aligns, strict=True)
    )
    rows = []
    modes: Counter[str] = Counter()
    shares_by_mode: Counter[str] = Counter()
    for row in data.rows:
        shares = data.shares.get(row.member.id, 0)
        modes[row.mode] += 1
        shares_by_mode[row.mode] += shares
        rows.append(
            (
                str(row.member.number),
                row.member.display_name,
                row.member.address or "",
                data.colleges.get(row.college_id, "") if row.college_id else "",
                fmt.number(shares),
                _label(PRESENCE_MODES, row.mode),
                _attendance_note(fmt, row),
            )
        )
    story.gap()
    story.table(columns, rows)
    story.heading(_("Totals"))
    for mode, label in PRESENCE_MODES:
        story.kv(
            str(label),
            f"{fmt.members(modes.get(mode, 0))}, {fmt.shares(shares_by_mode.get(mode, 0))}",
        )
    participants = sum(v for k, v in modes.items() if k != "absent")
    story.kv(
        _("Members listed"),
        f"{fmt.members(len(data.rows))}, {fmt.shares(sum(shares_by_mode.values()))}",
    )
    q = data.quorum
    story.kv(
        _("Quorum"),
        _(
            "%(participants)s taking part of %(entitled)s entitled; %(count)s required (%(ratio)s)"
            " — %(state)s",
            participants=fmt.number(participants if not q.frozen else q.participants),
            entitled=fmt.number(q.entitled),
            count=fmt.number(q.required_count),
            ratio=fmt.percent(q.required_ratio),
            state=_("reached") if q.reached else _("not reached"),
        ),
    )
    story.heading(_("Certified accurate by the officers of the assembly"))
    officers = [("chair", a.chair_name), ("secretary", a.secretary_name)]
    officers += [("scrutineer", name) for name in assembly_rules.split_names(a.scrutineers)]
    for role, name in officers:
        story.sign(f"{_label(SIGNATORY_LABELS, role)}: {name or '—'}", _("Signature"))

    # Annex: proxies
    story.section(_("Annex — proxies (%(title)s)", title=title))
    proxy_labels = (
        _("No."),
        _("Grantor"),
        _("College"),
        _("Proxy holder"),
        _("Signed on"),
        _("Status"),
    )
    proxy_columns = tuple(
        Column(t, w, al)
        for t, w, al in zip(
            proxy_labels,
            PROXY_WIDTHS,
            ("right", "left", "left", "left", "left", "left"),
            strict=True,
        )
    )
    proxy_rows = []
    held: Counter[int | None] = Counter()
    for proxy in data.proxies:
        grantor = proxy.grantor
        holder = proxy.holder
        if proxy.revoked_at is None:
            held[proxy.holder_id] += 1
        proxy_rows.append(
            (
                str(grantor.number),
                grantor.display_name,
                data.colleges.get(grantor.college_id, "") if grantor.college_id else "",
                _("blank proxy to the chair")
                if holder is None
                else f"{holder.number} {holder.display_name}",
                fmt.day(proxy.signed_on),
                _("revoked on %(when)s", when=_time(fmt, proxy.revoked_at))
                if proxy.revoked_at
                else _("valid"),
            )
        )
    if proxy_rows:
        story.table(proxy_columns, proxy_rows)
    else:
        story.paragraph(_("No proxy was given."))
    story.gap()
    story.kv(
        _("Valid proxies"),
        _(
            "%(total)s, of which %(blank)s blank proxies to the chair",
            total=fmt.number(sum(held.values())),
            blank=fmt.number(held.get(None, 0)),
        ),
    )


def write_attendance_pdf(
    target: str | BinaryIO, assembly: Assembly, *, locale: str, now: datetime
) -> int:
    """Draw the attendance sheet with the proxies annexed (§6.7 step 2); return the pages."""
    with force_locale(locale):
        fmt = Formatter(locale)
        data = attendance_data(assembly)
        doc = PaperDocument(
            target,
            header=header_of(assembly.cooperative),
            footer=_footer(fmt, now, assembly_label(fmt, assembly)),
            pagesize=LANDSCAPE,
        )
        story = doc.story()
        attendance_sections(story, fmt, data)
        return doc.render(story.done())
