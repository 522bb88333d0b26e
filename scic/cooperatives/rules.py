"""Pure rules on a cooperative's statutes: categories, colleges, voting and assembly settings.

Nothing here touches the database or Flask: every function takes plain values and returns
``Violation`` objects (DOMAIN.md §4.1, §4.2, §5, §8).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from scic.core.periods import add_years
from scic.core.violations import CheckStatus, ComplianceCheck, Violation

#: R-CAT-1: a SCIC declares at least three categories of members.
MIN_CATEGORIES = 3
#: R-COL-1: when colleges are used there are at least three of them.
MIN_COLLEGES = 3
#: R-COL-2: each college holds between 10 % and 50 % of the voting rights, bounds inclusive.
MIN_COLLEGE_WEIGHT = Fraction(10)
MAX_COLLEGE_WEIGHT = Fraction(50)
#: R-COL-3: weights are in percent and add up to exactly 100.
TOTAL_COLLEGE_WEIGHT = Fraction(100)
#: R-REV-1: a révision coopérative at least every five years.
MAX_REVISION_CYCLE_YEARS = 5
#: R-REV-1: how long before the révision falls due the compliance check warns.
REVISION_WARNING_DAYS = 180
#: R-CAP-2: SA minimum capital (a floor on the capital, not a statutes error).
SA_LEGAL_MIN_CAPITAL = Decimal("18500")


class LegalForm(StrEnum):
    """Company form of the SCIC; it selects the rule set of DOMAIN.md §5."""

    SA = "SA"
    SAS = "SAS"
    SARL = "SARL"


class Governance(StrEnum):
    """Management organ: SA board or two-tier, SAS president, SARL manager (DOMAIN.md §3.1)."""

    BOARD = "board"
    TWO_TIER = "two_tier"
    PRESIDENT = "president"
    MANAGER = "manager"


#: Which governance each legal form allows (DOMAIN.md §3.1).
ALLOWED_GOVERNANCE: dict[LegalForm, frozenset[Governance]] = {
    LegalForm.SA: frozenset({Governance.BOARD, Governance.TWO_TIER}),
    LegalForm.SAS: frozenset({Governance.PRESIDENT}),
    LegalForm.SARL: frozenset({Governance.MANAGER}),
}


class CategoryKind(StrEnum):
    """Relationship of a category's members to the SCIC; the first three feed R-CAT-2."""

    EMPLOYEE = "employee"
    BENEFICIARY = "beneficiary"
    PRODUCER = "producer"
    VOLUNTEER = "volunteer"
    LOCAL_AUTHORITY = "local_authority"
    OTHER_PUBLIC = "other_public"
    SUPPORTER = "supporter"
    OTHER = "other"


class VotingMethod(StrEnum):
    """Tally method across colleges (DOMAIN.md §8 #2)."""

    PROPORTIONAL = "proportional"
    WINNER_TAKES_ALL = "winner_takes_all"
    HEADCOUNT = "headcount"


class Abstentions(StrEnum):
    """How abstentions, blank and void votes count (DOMAIN.md §8 #6)."""

    EXCLUDED = "excluded"
    AS_AGAINST = "as_against"


class SilentCollege(StrEnum):
    """What happens to the weight of a college where nobody voted (DOMAIN.md §8 #3)."""

    REDISTRIBUTE = "redistribute"
    AS_AGAINST = "as_against"


class Majority(StrEnum):
    """Majority required to adopt a resolution (DOMAIN.md §5, §8 #7 and #10).

    ``simple`` is more than half of the votes cast; ``sarl_two_step`` is the SARL rule of L223-29
    (more than half of all members' votes on first consultation, of votes cast on the second).
    """

    SIMPLE = "simple"
    SARL_TWO_STEP = "sarl_two_step"
    TWO_THIRDS = "two_thirds"
    THREE_QUARTERS = "three_quarters"


class QuorumBase(StrEnum):
    """What the quorum is measured on (DOMAIN.md §8 #5)."""

    MEMBERS = "members"
    PER_COLLEGE = "per_college"
    WEIGHTED = "weighted"


@dataclass(frozen=True)
class CategorySpec:
    """A statutory category of members (DOMAIN.md §3.2); ``college`` is None without colleges."""

    code: str
    name: str
    kind: CategoryKind
    min_shares: int = 1
    college: str | None = None


@dataclass(frozen=True)
class CollegeSpec:
    """A voting college; ``weight`` is an exact percentage (``Fraction(50)`` is 50 %)."""

    code: str
    name: str
    weight: Fraction


@dataclass(frozen=True)
class VotingSettings:
    """Tally settings (DOMAIN.md §8 #2, #3, #6)."""

    method: VotingMethod = VotingMethod.PROPORTIONAL
    abstentions: Abstentions = Abstentions.EXCLUDED
    silent_college: SilentCollege = SilentCollege.REDISTRIBUTE


@dataclass(frozen=True)
class AssemblyKindRules:
    """Quorums (fractions of 1; 0 means none) and majority of one kind of assembly."""

    quorum_first: Fraction
    quorum_second: Fraction
    majority: Majority


@dataclass(frozen=True)
class AssemblySettings:
    """Statutory settings of general assemblies (DOMAIN.md §5, §8)."""

    ordinary: AssemblyKindRules
    extraordinary: AssemblyKindRules
    quorum_base: QuorumBase = QuorumBase.MEMBERS
    convocation_days_first: int = 15
    convocation_days_second: int = 10
    proxies_max_per_holder: int | None = None
    proxies_holder_same_college: bool = False
    correspondence_deadline_days: int = 1
    fully_remote_allowed: bool = False
    #: §8 #24: an outgoing local-authority representative may act until the new council
    #: designates (the SEM rule, CGCT L1524-5); default: blocked at the end of the term.
    representatives_act_until_replaced: bool = False
    #: R-AG-10: the statutes allow written consultations (SARL, SAS; never an SA).
    written_consultation_allowed: bool = False


@dataclass(frozen=True)
class StatutesSpec:
    """Every setting of a ``scic-statutes/1`` file, parsed into exact types."""

    slug: str
    name: str
    legal_form: LegalForm
    governance: Governance
    share_value: Decimal
    categories: tuple[CategorySpec, ...]
    colleges: tuple[CollegeSpec, ...]
    voting: VotingSettings
    assemblies: AssemblySettings
    capital_floor: Decimal = Decimal("0")
    registered_office: str | None = None
    siren: str | None = None
    rcs: str | None = None
    reimbursement_delay_years: int = 5
    revision_cycle_years: int = MAX_REVISION_CYCLE_YEARS

    @property
    def uses_colleges(self) -> bool:
        """Return whether voting is weighted by colleges (else headcount, DOMAIN.md §8 #1)."""
        return bool(self.colleges)


# --- Defaults per legal form (DOMAIN.md §5 and §8) ----------------------------------------------


def default_governance(legal_form: LegalForm) -> Governance:
    """Return the usual governance of a legal form: SA board, SAS president, SARL manager."""
    return {
        LegalForm.SA: Governance.BOARD,
        LegalForm.SAS: Governance.PRESIDENT,
        LegalForm.SARL: Governance.MANAGER,
    }[LegalForm(legal_form)]


def default_voting(legal_form: LegalForm) -> VotingSettings:
    """Return the default tally settings: abstentions excluded, but counted against in a SARL.

    DOMAIN.md §8 #6: SA ``excluded`` (locked), SARL ``as_against``, SAS ``excluded``.
    """
    abstentions = (
        Abstentions.AS_AGAINST if LegalForm(legal_form) is LegalForm.SARL else Abstentions.EXCLUDED
    )
    return VotingSettings(abstentions=abstentions)


def default_assembly_settings(legal_form: LegalForm) -> AssemblySettings:
    """Return the assembly settings of DOMAIN.md §5; SAS mirrors SA (§8 #8).

    SA: AGO quorum 1/5 then none, more than half of votes cast; AGE quorum 1/4 then 1/5, two
    thirds; convocation 15 days, 10 on second call (R225-69). SARL: AGO without quorum and the
    two-step majority of L223-29; AGE 1/4 then 1/5 (L223-30); 15 days on each call (R223-20).
    """
    extraordinary = AssemblyKindRules(Fraction(1, 4), Fraction(1, 5), Majority.TWO_THIRDS)
    if LegalForm(legal_form) is LegalForm.SARL:
        return AssemblySettings(
            ordinary=AssemblyKindRules(Fraction(0), Fraction(0), Majority.SARL_TWO_STEP),
            extraordinary=extraordinary,
            convocation_days_first=15,
            convocation_days_second=15,
        )
    return AssemblySettings(
        ordinary=AssemblyKindRules(Fraction(1, 5), Fraction(0), Majority.SIMPLE),
        extraordinary=extraordinary,
        convocation_days_first=15,
        convocation_days_second=10,
    )


def equal_college_weights(count: int) -> list[Fraction]:
    """Return ``count`` equal weights in percent, the default of R-COL-4 (100 / n each)."""
    if count <= 0:
        return []
    return [TOTAL_COLLEGE_WEIGHT / count] * count


# --- Checks -------------------------------------------------------------------------------------


def check_categories(categories: Iterable[CategorySpec]) -> list[Violation]:
    """Check the declared categories: three at least, with beneficiaries and employees or producers.

    Rules: R-CAT-1, R-CAT-2 (on declared categories; whether active members fill them is the
    compliance panel's job).
    """
    categories = list(categories)
    kinds = {c.kind for c in categories}
    violations: list[Violation] = []
    if len(categories) < MIN_CATEGORIES:
        violations.append(
            Violation(
                "too_few_categories",
                rule="R-CAT-1",
                params={"count": len(categories), "min": MIN_CATEGORIES},
            )
        )
    if CategoryKind.BENEFICIARY not in kinds:
        violations.append(Violation("no_beneficiary_category", rule="R-CAT-2"))
    if not kinds & {CategoryKind.EMPLOYEE, CategoryKind.PRODUCER}:
        violations.append(Violation("no_employee_or_producer_category", rule="R-CAT-2"))
    return violations


def check_colleges(colleges: Sequence[CollegeSpec]) -> list[Violation]:
    """Check college weights: at least three colleges, each 10–50 % inclusive, summing to 100 %.

    Rules: R-COL-1, R-COL-2, R-COL-3. Weights are exact percentages. Call it only when the
    statutes use colleges: an empty list is refused by R-COL-1.
    """
    violations: list[Violation] = []
    if len(colleges) < MIN_COLLEGES:
        violations.append(
            Violation(
                "too_few_colleges",
                rule="R-COL-1",
                params={"count": len(colleges), "min": MIN_COLLEGES},
            )
        )
    if not colleges:
        return violations
    for college in colleges:
        params = {
            "weight": college.weight,
            "min": MIN_COLLEGE_WEIGHT,
            "max": MAX_COLLEGE_WEIGHT,
        }
        if college.weight < MIN_COLLEGE_WEIGHT:
            violations.append(
                Violation(
                    "college_weight_below_min", rule="R-COL-2", params=params, subject=college.code
                )
            )
        elif college.weight > MAX_COLLEGE_WEIGHT:
            violations.append(
                Violation(
                    "college_weight_above_max", rule="R-COL-2", params=params, subject=college.code
                )
            )
    total = sum((c.weight for c in colleges), Fraction(0))
    if total != TOTAL_COLLEGE_WEIGHT:
        violations.append(
            Violation(
                "college_weights_sum",
                rule="R-COL-3",
                params={"total": total, "expected": TOTAL_COLLEGE_WEIGHT},
            )
        )
    return violations


def _duplicates(codes: Iterable[str]) -> list[str]:
    counts = Counter(codes)
    return [code for code, n in counts.items() if n > 1]


def check_statutes(spec: StatutesSpec) -> list[Violation]:
    """Check a whole statutes specification and return every violation at once.

    Rules: R-CAT-1, R-CAT-2, R-COL-1 to R-COL-3 (with colleges), R-REV-1, plus the consistency
    of codes, minimum shares, nominal value and governance. The SA legal minimum capital is a
    floor on the capital (R-CAP-3), not a statutes error, so a low ``capital_floor`` passes.
    """
    violations = check_categories(spec.categories)

    violations += [
        Violation("duplicate_category_code", subject=code)
        for code in _duplicates(c.code for c in spec.categories)
    ]
    violations += [
        Violation("duplicate_college_code", subject=code)
        for code in _duplicates(c.code for c in spec.colleges)
    ]

    for category in spec.categories:
        if category.min_shares < 1:
            violations.append(
                Violation(
                    "min_shares_below_one",
                    params={"min_shares": category.min_shares},
                    subject=category.code,
                )
            )

    college_codes = {c.code for c in spec.colleges}
    if spec.colleges:
        violations += check_colleges(spec.colleges)
        used = {c.college for c in spec.categories}
        for category in spec.categories:
            if category.college is None:
                violations.append(Violation("category_without_college", subject=category.code))
        violations += [
            Violation("college_without_category", subject=college.code)
            for college in spec.colleges
            if college.code not in used
        ]
    for category in spec.categories:
        if category.college is not None and category.college not in college_codes:
            violations.append(
                Violation(
                    "unknown_college",
                    params={"college": category.college},
                    subject=category.code,
                )
            )

    if spec.share_value <= 0:
        violations.append(
            Violation("share_value_not_positive", params={"share_value": spec.share_value})
        )
    if spec.capital_floor < 0:
        violations.append(
            Violation("capital_floor_negative", params={"capital_floor": spec.capital_floor})
        )
    allowed = ALLOWED_GOVERNANCE[spec.legal_form]
    if spec.governance not in allowed:
        violations.append(
            Violation(
                "governance_not_allowed",
                params={
                    "governance": spec.governance,
                    "legal_form": spec.legal_form,
                    "allowed": ", ".join(sorted(allowed)),
                },
            )
        )
    if not 1 <= spec.revision_cycle_years <= MAX_REVISION_CYCLE_YEARS:
        violations.append(
            Violation(
                "revision_cycle_out_of_range",
                rule="R-REV-1",
                params={"years": spec.revision_cycle_years, "max": MAX_REVISION_CYCLE_YEARS},
            )
        )
    if spec.reimbursement_delay_years < 0:
        violations.append(
            Violation(
                "reimbursement_delay_negative", params={"years": spec.reimbursement_delay_years}
            )
        )
    if spec.siren is not None and not is_siren_valid(spec.siren):
        violations.append(Violation("invalid_siren", params={"value": spec.siren}, subject="siren"))
    if spec.legal_form is LegalForm.SA and spec.voting.abstentions is not Abstentions.EXCLUDED:
        # DOMAIN.md §5: since loi 2019-744 abstentions are out of the votes cast in an SA.
        violations.append(
            Violation("sa_abstentions_locked", params={"abstentions": spec.voting.abstentions})
        )
    violations += _check_assemblies(spec.assemblies)
    violations += check_legal_assembly_minimums(spec.legal_form, spec.assemblies)
    violations += _check_convocation_delays(spec.legal_form, spec.assemblies)
    return violations


class AssemblyKind(StrEnum):
    """The two parts an assembly may have, each with its own quorum and majority (R-AG-11)."""

    ORDINARY = "ordinary"
    EXTRAORDINARY = "extraordinary"


#: R-AG-11 (DOMAIN §5): legal quorums (first call, second call) per legal form and kind.
#: SAS has none of its own: the statutes decide, by default as SA (§8 #8).
LEGAL_QUORUMS: dict[tuple[LegalForm, AssemblyKind], tuple[Fraction, Fraction]] = {
    (LegalForm.SA, AssemblyKind.ORDINARY): (Fraction(1, 5), Fraction(0)),
    (LegalForm.SA, AssemblyKind.EXTRAORDINARY): (Fraction(1, 4), Fraction(1, 5)),
    (LegalForm.SARL, AssemblyKind.ORDINARY): (Fraction(0), Fraction(0)),
    (LegalForm.SARL, AssemblyKind.EXTRAORDINARY): (Fraction(1, 4), Fraction(1, 5)),
}
#: How strong each statutory majority is: a statutes' majority may not rank below the law's.
#: ``sarl_two_step`` has the threshold of ``simple`` (more than half); its denominators are the
#: law's (R-AG-12), whatever the statutes say.
MAJORITY_RANK: dict[Majority, int] = {
    Majority.SIMPLE: 1,
    Majority.SARL_TWO_STEP: 1,
    Majority.TWO_THIRDS: 2,
    Majority.THREE_QUARTERS: 3,
}
#: R-AG-12 (DOMAIN §5): the weakest majority the law allows per legal form and kind.
LEGAL_MAJORITIES: dict[tuple[LegalForm, AssemblyKind], Majority] = {
    (LegalForm.SA, AssemblyKind.ORDINARY): Majority.SIMPLE,
    (LegalForm.SA, AssemblyKind.EXTRAORDINARY): Majority.TWO_THIRDS,
    (LegalForm.SARL, AssemblyKind.ORDINARY): Majority.SIMPLE,
    (LegalForm.SARL, AssemblyKind.EXTRAORDINARY): Majority.TWO_THIRDS,
}


def legal_quorum(legal_form: LegalForm | str, kind: AssemblyKind | str, call: int) -> Fraction:
    """Return the quorum the law sets for a legal form, a kind of assembly and a call.

    Rule: R-AG-11 (L225-98, L225-96, L223-30): SA ordinary 1/5 then none, extraordinary 1/4
    then 1/5; SARL ordinary none, extraordinary 1/4 then 1/5. SAS: the statutes decide; this
    returns the SA figures, its default (§8 #8).
    """
    form = LegalForm(legal_form)
    if form is LegalForm.SAS:
        form = LegalForm.SA
    first, second = LEGAL_QUORUMS[(form, AssemblyKind(kind))]
    return first if call == 1 else second


def check_legal_assembly_minimums(
    legal_form: LegalForm | str, settings: AssemblySettings
) -> list[Violation]:
    """Refuse SA and SARL statutes whose quorums or majorities are below the law's.

    Rules: R-AG-11 (statutes may raise the legal quorum, never lower it) and R-AG-12 (nor the
    majority) for SA and SARL; SAS statutes are free (L227-9).
    """
    form = LegalForm(legal_form)
    if form is LegalForm.SAS:
        return []
    violations: list[Violation] = []
    for kind in AssemblyKind:
        rules = getattr(settings, kind.value)
        for call, field_name in ((1, "quorum_first"), (2, "quorum_second")):
            minimum = legal_quorum(form, kind, call)
            quorum = getattr(rules, field_name)
            if quorum < minimum:
                violations.append(
                    Violation(
                        "quorum_below_legal_minimum",
                        rule="R-AG-11",
                        params={"quorum_ratio": quorum, "min_ratio": minimum, "legal_form": form},
                        subject=f"assemblies.{kind.value}.{field_name}",
                    )
                )
        floor = LEGAL_MAJORITIES[(form, kind)]
        if MAJORITY_RANK[Majority(rules.majority)] < MAJORITY_RANK[floor]:
            violations.append(
                Violation(
                    "extraordinary_majority_below_legal_minimum",
                    rule="R-AG-12",
                    params={"legal_form": form},
                    subject=f"assemblies.{kind.value}.majority",
                )
            )
    return violations


#: Legal minimum convocation delays in days, first and second call (R225-69, R223-20); SAS: none.
LEGAL_CONVOCATION_DAYS: dict[LegalForm, tuple[int, int]] = {
    LegalForm.SA: (15, 10),
    LegalForm.SARL: (15, 15),
}


def _check_convocation_delays(legal_form: LegalForm, settings: AssemblySettings) -> list[Violation]:
    minimum = LEGAL_CONVOCATION_DAYS.get(legal_form)
    if minimum is None:
        return []
    violations = []
    for path, days, min_days in (
        ("first", settings.convocation_days_first, minimum[0]),
        ("second", settings.convocation_days_second, minimum[1]),
    ):
        if days < min_days:
            violations.append(
                Violation(
                    "convocation_days_below_legal_minimum",
                    params={"days": days, "min": min_days, "legal_form": legal_form},
                    subject=f"assemblies.convocation_days.{path}",
                )
            )
    return violations


def _check_assemblies(settings: AssemblySettings) -> list[Violation]:
    violations: list[Violation] = []
    for kind, rules in (("ordinary", settings.ordinary), ("extraordinary", settings.extraordinary)):
        for field_name in ("quorum_first", "quorum_second"):
            quorum = getattr(rules, field_name)
            if not 0 <= quorum <= 1:
                violations.append(
                    Violation(
                        "quorum_out_of_range",
                        params={"quorum": quorum},
                        subject=f"assemblies.{kind}.{field_name}",
                    )
                )
    for path, days in (
        ("convocation_days.first", settings.convocation_days_first),
        ("convocation_days.second", settings.convocation_days_second),
        ("correspondence_deadline_days", settings.correspondence_deadline_days),
    ):
        if days < 0:
            violations.append(
                Violation("negative_days", params={"days": days}, subject=f"assemblies.{path}")
            )
    if settings.proxies_max_per_holder is not None and settings.proxies_max_per_holder < 1:
        violations.append(
            Violation(
                "proxies_max_below_one",
                params={"max": settings.proxies_max_per_holder},
                subject="assemblies.proxies.max_per_holder",
            )
        )
    return violations


def check_weight_change(
    old: Sequence[CollegeSpec] | None,
    new: Sequence[CollegeSpec],
    decision_ref: str | None,
    effective_on: date | None,
) -> list[Violation]:
    """Refuse a change of colleges or weights without an AGE decision and an effective date.

    Rule: R-COL-7 (colleges and weights are in the statutes; earlier results keep the weights of
    their date). ``old`` is None when the cooperative is being created: nothing to check.
    """
    if old is None:
        return []
    before = {c.code: c.weight for c in old}
    after = {c.code: c.weight for c in new}
    if before == after:
        return []
    violations: list[Violation] = []
    if not (decision_ref or "").strip():
        violations.append(Violation("weight_change_needs_decision", rule="R-COL-7"))
    if effective_on is None:
        violations.append(Violation("weight_change_needs_effective_date", rule="R-COL-7"))
    return violations


def siren_key(first_eight: str) -> int:
    """Return the Luhn check digit completing eight SIREN digits."""
    if len(first_eight) != 8 or not first_eight.isascii() or not first_eight.isdigit():
        raise ValueError("eight ASCII digits expected")
    return (10 - _luhn_sum(first_eight + "0") % 10) % 10


def _luhn_sum(digits: str) -> int:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total


def is_siren_valid(siren: str) -> bool:
    """Return whether a SIREN is nine ASCII digits with a valid Luhn key."""
    if len(siren) != 9 or not siren.isascii() or not siren.isdigit():
        return False
    return _luhn_sum(siren) % 10 == 0


# --- Révision coopérative (R-REV-1) -------------------------------------------------------------


def revision_due_date(start: date, cycle_years: int = MAX_REVISION_CYCLE_YEARS) -> date:
    """Return the date the next révision falls due, ``cycle_years`` after ``start``.

    Rule: R-REV-1 (at least every five years; the statutes may shorten the cycle, never below
    one year).
    """
    return add_years(start, max(1, min(cycle_years, MAX_REVISION_CYCLE_YEARS)))


def revision_alert(today: date, due: date, days_before: int = REVISION_WARNING_DAYS) -> bool:
    """Tell whether to warn that the révision falls due (R-REV-1)."""
    return today >= due - timedelta(days=days_before)


def revision_start(last_revision_on: date | None, founded_on: date, at: date) -> date:
    """Return the date the révision cycle runs from, on ``at`` (R-REV-1).

    The last révision recorded, when there is one on or before ``at``; otherwise the
    cooperative's start, ``founded_on``: the earliest of its creation in the application, its
    first admission and its first ledger entry. The record's own creation date alone would be
    wrong for a cooperative imported with its history (its cycle started years before).
    """
    if last_revision_on is not None and last_revision_on <= at:
        return last_revision_on
    return founded_on


def check_revision(
    last_revision_on: date | None, founded_on: date, cycle_years: int, at: date
) -> ComplianceCheck:
    """Check the révision coopérative on ``at``: overdue fails, due within 180 days warns.

    Rule: R-REV-1. ``last_on`` is the cycle's start, ``recorded`` whether it is a révision.
    """
    start = revision_start(last_revision_on, founded_on, at)
    due = revision_due_date(start, cycle_years)
    recorded = start == last_revision_on
    params = {"due_on": due, "last_on": start, "years": cycle_years}
    if at > due:
        status, code = CheckStatus.FAIL, "revision_overdue"
    elif revision_alert(at, due):
        status, code = CheckStatus.WARNING, "revision_due_soon"
    else:
        status, code = CheckStatus.PASS, "revision_ok"
    if not recorded:
        code += "_none_recorded"
    action = None if status is CheckStatus.PASS else "action_order_revision"
    return ComplianceCheck("R-REV-1", code, status, params, action=action)
