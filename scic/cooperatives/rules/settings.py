"""Statutes settings as exact types: legal form, governance, categories, colleges, voting and
assembly settings, and their defaults per legal form (DOMAIN.md §3, §5, §8).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from scic.cooperatives.rules.revision import MAX_REVISION_CYCLE_YEARS

#: R-CAT-1: a SCIC declares at least three categories of members.
MIN_CATEGORIES = 3
#: R-COL-1: when colleges are used there are at least three of them.
MIN_COLLEGES = 3
#: R-COL-2: each college holds between 10 % and 50 % of the voting rights, bounds inclusive.
MIN_COLLEGE_WEIGHT = Fraction(1, 10)
MAX_COLLEGE_WEIGHT = Fraction(1, 2)
#: R-COL-3: weights are fractions of the voting rights and add up to exactly 1 (100 %).
TOTAL_COLLEGE_WEIGHT = Fraction(1)
#: R-REV-1: a révision coopérative at least every five years.
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
    """A voting college; ``weight`` is an exact fraction of 1 (``Fraction(1, 2)`` is 50 %)."""

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
    """Return ``count`` equal weights, the default of R-COL-4 (1 / n each)."""
    if count <= 0:
        return []
    return [TOTAL_COLLEGE_WEIGHT / count] * count
