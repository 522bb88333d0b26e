"""Proxies given and revoked (R-AG-7)."""

from __future__ import annotations

from datetime import date, datetime

from scic.assemblies import queries, rules
from scic.assemblies.models import Assembly, Proxy
from scic.assemblies.services.locking import _record, ensure_editable
from scic.core.db import db
from scic.core.violations import RuleViolation, Violation
from scic.membership.models import Member

# --- Proxies -----------------------------------------------------------------------------------


def give_proxy(
    assembly: Assembly,
    grantor: Member,
    holder: Member | None,
    *,
    signed_on: date,
    by=None,
    now: datetime,
) -> Proxy:
    """Record a proxy to another member, or blank to the chair (R-AG-4, R-AG-7, §8 #16).

    Refused with the reasons: after the session opened, given twice, to oneself, to a
    non-member, to another college when the statutes require the same, beyond the cap.
    """
    ensure_editable(assembly)
    settings = queries.settings_of(assembly.cooperative)
    entitled = queries.voter_ids(assembly)
    problems = rules.check_proxy_grantor(
        grantor.cooperative_id == assembly.cooperative_id and grantor.id in entitled
    )
    holder_is_member = (
        holder is not None
        and holder.cooperative_id == assembly.cooperative_id
        and holder.id in entitled
    )
    problems += rules.check_proxy(
        grantor.id,
        holder.id if holder is not None else None,
        holder_is_member=holder_is_member,
        # A non-member holder is refused as such; its college is then beside the point.
        holder_same_college=not holder_is_member or holder.college_id == grantor.college_id,
        grantor_already_gave=queries.proxy_given_by(assembly, grantor.id) is not None,
        holder_current_count=queries.proxies_held_count(assembly, holder.id) if holder else 0,
        max_per_holder=settings.proxies_max_per_holder,
        same_college_required=settings.proxies_holder_same_college,
        session_open=assembly.opened_at is not None,
    )
    if problems:
        raise RuleViolation(problems)
    proxy = Proxy(
        assembly_id=assembly.id,
        grantor_id=grantor.id,
        holder_id=holder.id if holder else None,
        signed_on=signed_on,
        entered_by_id=getattr(by, "id", None),
        created_at=now,
    )
    db.session.add(proxy)
    db.session.flush()
    _record(
        "proxy.give",
        proxy,
        assembly,
        by,
        {
            "assembly_id": assembly.id,
            "grantor_id": grantor.id,
            "holder_id": proxy.holder_id,
            "signed_on": signed_on,
        },
    )
    return proxy


def proxies_changeable(assembly: Assembly) -> bool:
    """Tell whether proxies may still be given or revoked, for the pages to offer it.

    Rule: R-AG-7 (a proxy is revoked, and a new one given, only until the session opens: then
    it has been used); §6.9 (nothing changes once the minutes are locked). ``revoke_proxy``
    refuses with the same rules.
    """
    return assembly.locked_at is None and not rules.check_proxy_revocation(
        assembly.opened_at is not None
    )


def revoke_proxy(proxy: Proxy, *, by=None, now: datetime) -> Proxy:
    """Revoke a proxy until the session opens (R-AG-7); the row stays, dated."""
    assembly = proxy.assembly
    ensure_editable(assembly)
    if problems := rules.check_proxy_revocation(assembly.opened_at is not None):
        raise RuleViolation(problems)
    if proxy.revoked_at is not None:
        raise RuleViolation(Violation("proxy_already_revoked", rule="R-AG-7"))
    proxy.revoked_at = now
    db.session.flush()
    _record(
        "proxy.revoke",
        proxy,
        assembly,
        by,
        {"assembly_id": assembly.id, "grantor_id": proxy.grantor_id},
    )
    return proxy
