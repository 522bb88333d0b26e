"""Local authorities as members: their caps on the capital (R-LA-*), simulation, creation,
deliberations and representatives.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from scic.auth.models import User
from scic.capital import queries, rules
from scic.capital.services.ledger import _Ledger
from scic.cooperatives.models import Category, Cooperative
from scic.cooperatives.rules import CategoryKind, CollegeSpec, check_colleges
from scic.core.violations import Violation
from scic.membership import queries as membership_queries
from scic.membership import rules as membership_rules
from scic.membership import services as membership_services
from scic.membership.models import Deliberation, Mandate, Member


def _la_cap_check(ledger: _Ledger, from_day: date, extra_public: set[int] = frozenset()):
    return rules.check_la_cap_timeline(
        ledger.after, ledger.public_ids | set(extra_public), from_day
    )


# --- Subscriptions and payments -------------------------------------------------------------------


def _la_subscription_checks(
    member: Member, shares: int, on: date, ledger: _Ledger
) -> list[Violation]:
    """R-LA-5: an enforceable deliberation on ``on``; shares within what it authorises."""
    deliberations = queries.membership_deliberations(member.id)
    enforceable = [
        d for d in deliberations if membership_rules.is_deliberation_enforceable(d.executory_on, on)
    ]
    executory = enforceable[0] if enforceable else (deliberations[-1] if deliberations else None)
    left = rules.authorised_shares_left(
        (d.authorised_shares for d in enforceable),
        (m for m in ledger.movements if m.member_id == member.id),
    )
    return rules.check_la_may_subscribe(
        executory.executory_on if executory else None, on, shares=shares, authorised_left=left
    )


def _la_max_violation(ledger: _Ledger, on: date, before: list[rules.Movement]) -> Violation:
    """The largest subscription still allowed, x ≤ T − 2P at a 50 % cap (R-LA-1, §6.2)."""
    total = rules.capital_at(before, on)
    public = sum(
        h.subscribed_cents
        for m, h in rules.holdings_at(before, on).items()
        if m in ledger.public_ids
    )
    value = ledger.cooperative.share_value_cents
    cap = rules.la_cap_on(on)
    return Violation(
        "la_max_subscription",
        rule="R-LA-1",
        params={
            "max_shares": rules.max_public_subscription_shares(total, public, value, cap),
            "max_cents": rules.max_public_subscription_cents(total, public, cap),
        },
    )


# --- Local authorities: alerts and simulator (R-LA-1) -------------------------------------------


def passive_breach(
    cooperative: Cooperative, on: date, movements: Sequence[rules.Movement] | None = None
) -> bool:
    """Tell whether local authorities hold more than the cap on ``on`` (R-LA-1 passive alert)."""
    if movements is None:
        held = queries.holdings_at(cooperative.id, on)
    else:
        held = rules.holdings_at(movements, on)
    public_ids = queries.public_member_ids(cooperative.id)
    total = sum(h.subscribed_cents for h in held.values())
    public = sum(h.subscribed_cents for m, h in held.items() if m in public_ids)
    return total > 0 and rules.passive_breach(total, public, on)


@dataclass(frozen=True)
class PublicShare:
    """Local authorities' part of the capital at a date (R-LA-1)."""

    on: date
    total_cents: int
    public_cents: int
    cap: Fraction
    max_subscription_cents: int
    max_subscription_shares: int

    @property
    def share(self) -> Fraction:
        return Fraction(self.public_cents, self.total_cents) if self.total_cents else Fraction(0)

    @property
    def breached(self) -> bool:
        return self.total_cents > 0 and self.share > self.cap


def public_share(cooperative: Cooperative, on: date) -> PublicShare:
    """Return T, P, the cap in force and the largest subscription still allowed (x ≤ T − 2P)."""
    held = queries.holdings_at(cooperative.id, on)
    public_ids = queries.public_member_ids(cooperative.id)
    total = sum(h.subscribed_cents for h in held.values())
    public = sum(h.subscribed_cents for m, h in held.items() if m in public_ids)
    cap = rules.la_cap_on(on)
    return PublicShare(
        on,
        total,
        public,
        cap,
        rules.max_public_subscription_cents(total, public, cap),
        rules.max_public_subscription_shares(total, public, cooperative.share_value_cents, cap),
    )


@dataclass(frozen=True)
class CollegeChange:
    """One college before and after a simulated entry or change of weights (fractions of 1)."""

    college_id: int
    name: str
    weight_now: Fraction | None
    weight_after: Fraction | None
    members_now: int
    members_after: int

    @property
    def per_member_now(self) -> Fraction | None:
        """Weight of one member's vote (fraction of all votes) if every member votes (R-LA-4)."""
        return _per_member(self.weight_now, self.members_now)

    @property
    def per_member_after(self) -> Fraction | None:
        return _per_member(self.weight_after, self.members_after)


def _per_member(weight: Fraction | None, members: int) -> Fraction | None:
    if weight is None:
        return None
    return membership_rules.voting_weight_per_member(weight, members)


@dataclass(frozen=True)
class Simulation:
    """What a new member joining a category with ``shares``, and new college weights, would
    change: the public share of the capital (R-LA-1) and every member's vote weight (R-LA-4)."""

    shares: int
    before: PublicShare
    total_after_cents: int
    public_after_cents: int
    #: R-LA-1 on the projected capital (only when the newcomer counts toward the cap).
    violations: list[Violation]
    #: R-COL-1…3 on the new weights (only when they changed; R-COL-7: an AGE must adopt them).
    college_violations: list[Violation]
    colleges: tuple[CollegeChange, ...]
    #: The newcomer's college (None without colleges or without a newcomer).
    joining: CollegeChange | None

    @property
    def share_after(self) -> Fraction:
        return Fraction(self.public_after_cents, self.total_after_cents or 1)

    @property
    def weights_changed(self) -> bool:
        return any(c.weight_now != c.weight_after for c in self.colleges)

    @property
    def allowed(self) -> bool:
        return not self.violations and not self.college_violations

    # The entry's own figures, as the guided entry and the draft deliberation show them.
    @property
    def college_name(self) -> str | None:
        return self.joining.name if self.joining else None

    @property
    def college_weight(self) -> Fraction | None:
        return self.joining.weight_after if self.joining else None

    @property
    def members_in_college_after(self) -> int:
        return self.joining.members_after if self.joining else 0

    @property
    def weight_per_member(self) -> Fraction | None:
        return self.joining.per_member_after if self.joining else None


def simulate_local_authority(
    cooperative: Cooperative,
    shares: int,
    on: date,
    category: Category | None = None,
    weights_after: dict[int, Fraction] | None = None,
) -> Simulation:
    """Simulate "if this member joins ``category`` with N shares" and new college weights.

    The newcomer is a local authority unless another category is given. R-LA-1 is checked on
    the projected capital when the newcomer counts toward the cap; the new weights against
    R-COL-1…3. A vote weighs its college's weight shared among the college's active members,
    never its capital (R-CAT-7, R-LA-4, R-COL-5): the same counts as the dashboard's table.
    """
    before = public_share(cooperative, on)
    if category is None:
        category = next((c for c in cooperative.categories if c.kind == "local_authority"), None)
    amount = shares * cooperative.share_value_cents
    # Only local authorities join through a local-authority category (R-CAT-3): they alone
    # count toward the cap (R-LA-1).
    public = category is not None and category.kind == CategoryKind.LOCAL_AUTHORITY
    public_after = before.public_cents + (amount if public else 0)
    violations = rules.check_la_cap(before.total_cents + amount, public_after, on) if public else []
    joining_id = category.college_id if category is not None and shares else None
    weights_after = weights_after or {}
    colleges = tuple(
        CollegeChange(
            row.college.id,
            row.college.name,
            row.weight,
            weights_after.get(row.college.id, row.weight),
            row.members,
            row.members + (1 if row.college.id == joining_id else 0),
        )
        for row in membership_queries.college_table(cooperative, on)
    )
    college_violations = []
    if any(c.weight_now != c.weight_after for c in colleges):
        college_violations = check_colleges(
            [
                CollegeSpec(str(c.college_id), c.name, c.weight_after or Fraction(0))
                for c in colleges
            ]
        )
    return Simulation(
        shares,
        before,
        before.total_cents + amount,
        public_after,
        violations,
        college_violations,
        colleges,
        next((c for c in colleges if c.college_id == joining_id), None),
    )


# --- Admission with a subscription, and the local authority's guided entry (§6.1, §6.2) ---------


def next_member_number(cooperative: Cooperative) -> int:
    """The next free register number (membership's numbering)."""
    return membership_services.next_member_number(cooperative)


def create_local_authority(
    cooperative: Cooperative,
    *,
    name: str,
    authority_type: str,
    category: Category,
    siren: str = "",
    address: str = "",
    email: str = "",
    applied_on: date,
    by: User | None = None,
) -> Member:
    """Open a local authority's application (guided entry, step 1; membership's service)."""
    return membership_services.create_candidate(
        cooperative,
        membership_services.MemberData(
            kind="local_authority",
            name=name,
            siren=siren,
            address=address,
            email=email,
            authority_type=authority_type,
        ),
        category,
        applied_on=applied_on,
        by=by,
    )


def record_deliberation(
    member: Member,
    *,
    reference: str,
    adopted_on: date,
    executory_on: date | None,
    authorised_shares: int | None,
    purpose: str = "membership",
    executory_assumed: bool = False,
    by: User | None = None,
) -> Deliberation:
    """Store a council deliberation (R-LA-5) through the membership service."""
    return membership_services.record_deliberation(
        member,
        reference=reference,
        adopted_on=adopted_on,
        purpose=purpose,
        executory_on=executory_on,
        executory_assumed=executory_assumed,
        authorised_shares=authorised_shares,
        by=by,
    )


def designate_representative(
    member: Member,
    *,
    full_name: str,
    role: str,
    valid_from: date,
    valid_to: date | None = None,
    function: str = "",
    email: str = "",
    deliberation: Deliberation | None = None,
    econvocation_consent_on: date | None = None,
    by: User | None = None,
) -> Mandate:
    """Register a representative with validity dates (§6.3) through the membership service."""
    return membership_services.designate_representative(
        member,
        full_name,
        role,
        valid_from,
        valid_to,
        deliberation,
        email,
        function=function,
        econvocation_consent_on=econvocation_consent_on,
        by=by,
    )
