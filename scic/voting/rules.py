"""Pure vote-tally rules: per-college weighting, majorities and the legal checks on colleges.

Everything here is exact (``fractions.Fraction``) and free of Flask, SQLAlchemy and Babel, so the
command line, the services and the auditors' re-tally share one implementation (R-TAL-1, R-TAL-4).
The counting method follows DOMAIN.md §6.8 and FORMATS.md §1.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from fractions import Fraction

from scic.assemblies.rules import can_vote_in_session
from scic.cooperatives.rules import (
    Abstentions,
    CollegeSpec,
    SilentCollege,
    VotingMethod,
    VotingSettings,
)
from scic.cooperatives.rules import check_colleges as check_statute_colleges
from scic.core.violations import Violation
from scic.membership.rules import is_deliberation_enforceable

# The statutes and the tally speak of the same settings: one definition each (scic-statutes/1).
# The counting settings of a tally are the statutes' ``VotingSettings`` (defaults: R-TAL-2).
Method = VotingMethod
AbstentionRule = Abstentions
SilentCollegeRule = SilentCollege


class MajorityKind(StrEnum):
    """Strict (``more_than``) or inclusive (``at_least``) comparison with the threshold."""

    MORE_THAN = "more_than"
    AT_LEAST = "at_least"


@dataclass(frozen=True)
class Majority:
    """A majority: adopt when share_for is above (or at least) a threshold strictly in (0, 1)."""

    kind: MajorityKind
    threshold: Fraction

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", MajorityKind(self.kind))
        if not isinstance(self.threshold, Fraction):
            object.__setattr__(self, "threshold", Fraction(self.threshold))
        if not 0 < self.threshold < 1:
            raise ValueError(
                f"majority threshold must be strictly between 0 and 1: {self.threshold}"
            )

    @classmethod
    def parse(cls, value: str | Mapping[str, object] | None) -> Majority:
        """Parse a shorthand (``"simple"``...), a ``{"more_than": "1/2"}`` mapping or None.

        :raises ValueError: for an unknown shorthand or kind, or a threshold outside (0, 1).
        """
        if value is None:
            return SIMPLE
        if isinstance(value, str):
            try:
                return SHORTHANDS[value]
            except KeyError:
                raise ValueError(f"unknown majority shorthand: {value!r}") from None
        if isinstance(value, Mapping) and len(value) == 1:
            ((kind, threshold),) = value.items()
            if kind in {k.value for k in MajorityKind} and isinstance(threshold, str):
                try:
                    return cls(MajorityKind(kind), Fraction(threshold))
                except ZeroDivisionError:
                    raise ValueError(f"bad majority threshold: {threshold!r}") from None
        raise ValueError(f"bad majority: {value!r}")

    def to_json(self) -> dict[str, str]:
        """Return the explicit scic-tally/1 form, e.g. ``{"more_than": "1/2"}``."""
        return {str(self.kind): str(self.threshold)}


#: Ordinary decisions: more than half of the votes cast (an exact tie is rejected, R-TAL-1).
SIMPLE = Majority(MajorityKind.MORE_THAN, Fraction(1, 2))
#: Extraordinary decisions of an SA: at least two thirds of the votes cast.
TWO_THIRDS = Majority(MajorityKind.AT_LEAST, Fraction(2, 3))
THREE_QUARTERS = Majority(MajorityKind.AT_LEAST, Fraction(3, 4))
SHORTHANDS: Mapping[str, Majority] = {
    "simple": SIMPLE,
    "two_thirds": TWO_THIRDS,
    "three_quarters": THREE_QUARTERS,
}


@dataclass(frozen=True)
class CollegeWeight:
    """A college's statutory weight as an exact fraction of 1 (``Fraction(1, 2)`` is 50 %)."""

    code: str
    weight: Fraction


@dataclass(frozen=True)
class CollegeCount:
    """One college's counts on one resolution; blank and void votes are already in ``abstain``.

    ``code`` may be None under the headcount method, where colleges play no part.
    """

    code: str | None
    for_: int = 0
    against: int = 0
    abstain: int = 0

    def __post_init__(self) -> None:
        for name in ("for_", "against", "abstain"):
            count = getattr(self, name)
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                raise ValueError(f"{name} must be a non-negative integer: {count!r}")

    @classmethod
    def of(
        cls,
        code: str | None,
        for_: int = 0,
        against: int = 0,
        abstain: int = 0,
        blank: int = 0,
        void: int = 0,
    ) -> CollegeCount:
        """Build a count, adding blank and void votes to the abstentions (FORMATS.md §1)."""
        return cls(code, for_, against, abstain + blank + void)

    def __add__(self, other: CollegeCount) -> CollegeCount:
        return CollegeCount(
            self.code,
            self.for_ + other.for_,
            self.against + other.against,
            self.abstain + other.abstain,
        )


@dataclass(frozen=True)
class CollegeResult:
    """A college's part in a result, as fractions of the resolution's total.

    ``effective_weight`` is the weight actually used after redistribution; ``for_`` and
    ``against`` add up, over all colleges, to the resolution's shares.
    """

    code: str
    silent: bool
    effective_weight: Fraction
    for_: Fraction
    against: Fraction


@dataclass(frozen=True)
class ResolutionResult:
    """The exact outcome of one resolution; shares are None when nothing was expressed."""

    id: str
    share_for: Fraction | None
    share_against: Fraction | None
    adopted: bool
    colleges: tuple[CollegeResult, ...] = field(default=())
    #: Whether the assembly part could deliberate (R-AG-11); None when its quorum is unknown.
    validly_deliberated: bool | None = None


def is_adopted(share_for: Fraction | None, majority: Majority) -> bool:
    """Tell whether a share of votes for reaches the majority.

    Rule: R-TAL-1 (exact comparison; an exact tie is never adopted under ``more_than``).
    Nothing expressed (None) is never adopted.
    """
    if share_for is None:
        return False
    if majority.kind is MajorityKind.MORE_THAN:
        return share_for > majority.threshold
    return share_for >= majority.threshold


def _sides(count: CollegeCount, abstentions: AbstentionRule) -> tuple[int, int]:
    """Return (for, not-for) expressed votes; abstentions join the not-for side under as_against."""
    if abstentions is AbstentionRule.AS_AGAINST:
        return count.for_, count.against + count.abstain
    return count.for_, count.against


def _sum_by_code(counts: Iterable[CollegeCount]) -> dict[str | None, CollegeCount]:
    """Add up several entries for the same college (e.g. room count and remote votes)."""
    totals: dict[str | None, CollegeCount] = {}
    for count in counts:
        totals[count.code] = totals[count.code] + count if count.code in totals else count
    return totals


def compute_tally(
    colleges: Sequence[CollegeWeight],
    counts: Iterable[CollegeCount],
    rules: VotingSettings,
    majority: Majority,
    resolution_id: str = "",
    denominators: Mapping[str | None, int] | None = None,
) -> ResolutionResult:
    """Compute the exact result of one resolution from per-college counts.

    Rules: R-TAL-1 (exact arithmetic), R-TAL-2 (default method), DOMAIN.md §6.8 and FORMATS.md §1.
    A college with no count is silent; several counts for one college are added up. Under the
    headcount method weights are ignored, codes may be None and no per-college part is returned.

    ``denominators`` (R-AG-12, SARL): each college's base in heads (its members, or its members
    taking part; key None for the whole assembly under headcount). Every member of the base who
    did not vote for counts as not for: the college's sides are f_c and D_c − f_c, whatever the
    abstention setting. None means votes cast, as the abstention setting says.

    :raises ValueError: when a count names a college that is not in ``colleges`` (weighted methods),
        or a college's ballots exceed its denominator.
    """
    counts = list(counts)
    if rules.method is Method.HEADCOUNT:
        return _headcount(counts, rules, majority, resolution_id, denominators)

    totals = _sum_by_code(counts)
    known = {college.code for college in colleges}
    if unknown := [code for code in totals if code not in known]:
        raise ValueError(f"counts for unknown colleges: {unknown!r}")

    # Raw contributions with weights as fractions of 1, before scaling by F + A.
    parts: list[tuple[CollegeWeight, bool, Fraction, Fraction]] = []
    for college in colleges:
        count = totals.get(college.code, CollegeCount(college.code))
        if denominators is None:
            in_favour, not_for = _sides(count, rules.abstentions)
        else:
            in_favour, not_for = _sides_over(count, denominators.get(college.code, 0))
        expressed = in_favour + not_for
        weight = college.weight
        if expressed == 0 or (rules.method is Method.WINNER_TAKES_ALL and in_favour == not_for):
            against = (
                weight if rules.silent_college is SilentCollegeRule.AS_AGAINST else Fraction(0)
            )
            parts.append((college, True, Fraction(0), against))
        elif rules.method is Method.WINNER_TAKES_ALL:
            won = in_favour > not_for
            parts.append(
                (college, False, weight if won else Fraction(0), Fraction(0) if won else weight)
            )
        else:
            parts.append(
                (college, False, weight * in_favour / expressed, weight * not_for / expressed)
            )

    total = sum((f + a for _, _, f, a in parts), Fraction(0))
    results = tuple(
        CollegeResult(
            code=college.code,
            silent=silent,
            effective_weight=(f + a) / total if total else Fraction(0),
            for_=f / total if total else Fraction(0),
            against=a / total if total else Fraction(0),
        )
        for college, silent, f, a in parts
    )
    # Dividing by F + A is the same as scaling the expressing colleges' weights back to 100 %.
    share_for = sum((f for _, _, f, _ in parts), Fraction(0)) / total if total else None
    return _result(resolution_id, share_for, majority, results)


def _sides_over(count: CollegeCount, denominator: int) -> tuple[int, int]:
    """Return (for, not-for) over a base in heads: whoever did not vote for is not for (R-AG-12)."""
    if count.for_ + count.against + count.abstain > denominator:
        raise ValueError(f"more ballots than the base of {denominator}: {count!r}")
    return count.for_, denominator - count.for_


def _headcount(
    counts: Sequence[CollegeCount],
    rules: VotingSettings,
    majority: Majority,
    resolution_id: str,
    denominators: Mapping[str | None, int] | None = None,
) -> ResolutionResult:
    """One member, one vote over the whole assembly: share_for = Σ f / Σ E (§6.8).

    With a base in heads (``denominators[None]``, R-AG-12): share_for = Σ f / base.
    """
    in_favour = not_for = 0
    for count in counts:
        f, a = _sides(count, rules.abstentions)
        in_favour += f
        not_for += a
    if denominators is not None:
        whole = sum(counts, CollegeCount(None))
        in_favour, not_for = _sides_over(whole, denominators[None])
    expressed = in_favour + not_for
    share_for = Fraction(in_favour, expressed) if expressed else None
    return _result(resolution_id, share_for, majority, ())


def _result(
    resolution_id: str,
    share_for: Fraction | None,
    majority: Majority,
    colleges: tuple[CollegeResult, ...],
) -> ResolutionResult:
    return ResolutionResult(
        id=resolution_id,
        share_for=share_for,
        share_against=None if share_for is None else 1 - share_for,
        adopted=is_adopted(share_for, majority),
        colleges=colleges,
    )


def check_colleges(weights: Sequence[CollegeWeight | Fraction]) -> list[Violation]:
    """Check the number of colleges and their weights (fractions of 1) against the law.

    Rules: R-COL-1 (at least three colleges), R-COL-2 (each weight from 10 % to 50 %, inclusive),
    R-COL-3 (weights add up to exactly 100 %): the statutes' own check.
    """
    items = [w if isinstance(w, CollegeWeight) else CollegeWeight("", Fraction(w)) for w in weights]
    return check_statute_colleges(
        [CollegeSpec(code=item.code or None, name=item.code, weight=item.weight) for item in items]
    )


def percent_half_up(value: Fraction) -> str:
    """Format a fraction of 1 as a percentage with two decimals, rounded half-up on the exact value.

    Rule: R-TAL-1 (round for display only): ``Fraction(83, 150)`` gives ``"55.33"``.
    """
    hundredths = abs(Fraction(value)) * 10_000
    rounded = int(hundredths + Fraction(1, 2))  # int() floors a non-negative Fraction
    sign = "-" if value < 0 and rounded else ""
    return f"{sign}{rounded // 100}.{rounded % 100:02d}"


# --- Casting ballots (R-AG-7, R-AG-8, R-AG-9, R-LA-5) -------------------------------------------


class Choice(StrEnum):
    """What a ballot says (DOMAIN §3.9 ``Vote.value``); blank and void count as abstentions."""

    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"
    BLANK = "blank"
    VOID = "void"


class Channel(StrEnum):
    """How a ballot reached the count (DOMAIN §3.9 ``Vote.channel``)."""

    IN_PERSON = "in_person"
    REMOTE = "remote"
    CORRESPONDENCE = "correspondence"
    PROXY_NAMED = "proxy_named"
    PROXY_BLANK = "proxy_blank"


class ResolutionStatus(StrEnum):
    """A resolution's vote: prepared (postal votes accepted), open, then closed for good."""

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


#: Channels that are a vote in the session itself, where R-AG-7 and R-AG-8 forbid voting twice.
SESSION_CHANNELS = frozenset({Channel.IN_PERSON, Channel.REMOTE})
#: Below this many voters, a college's own counts on a secret ballot reveal individual votes.
SECRET_MIN_VOTERS = 3


@dataclass(frozen=True)
class BallotSituation:
    """Everything ``check_ballot`` needs to know about one attempt to vote, as plain values.

    When and on which channel a ballot is accepted at all (convened assembly, open session or
    advance window, open resolution, voter taking part, current designation) is R-AG-13's:
    ``ballot_rules.check_may_vote``, which every channel's service calls alongside this one.
    """

    channel: Channel
    same_cooperative: bool = True
    entitled: bool = True
    already_voted: bool = False
    acts_for_voter: bool = True
    remote_allowed: bool = True
    voted_by_correspondence: bool = False
    gave_proxy: bool = False
    statutes_allow_revote: bool = False


def check_ballot(situation: BallotSituation) -> list[Violation]:
    """Return every reason a ballot must be refused (empty when it may be recorded).

    Rules: one ballot per member and resolution; remote voting only at an assembly that offers
    it (R-AG-9); a member who voted by correspondence or gave a proxy does not vote again in the
    session unless the statutes allow it (R-AG-7, R-AG-8); only for a member one may act for
    (own account, current representative, proxy holder). The window (R-AG-13, R-AG-8 deadline)
    is ``ballot_rules.check_may_vote``'s.
    """
    s = situation
    if not s.same_cooperative:
        return [Violation("vote_other_cooperative")]
    violations: list[Violation] = []
    if not s.entitled:
        violations.append(Violation("voter_not_entitled"))
    if not s.acts_for_voter:
        violations.append(Violation("not_acting_for_member"))
    if s.already_voted:
        violations.append(Violation("already_voted"))
    if s.channel is Channel.REMOTE and not s.remote_allowed:
        violations.append(Violation("remote_voting_not_allowed", rule="R-AG-9"))
    if (
        s.channel in SESSION_CHANNELS
        and not s.already_voted
        and not can_vote_in_session(
            s.voted_by_correspondence, s.gave_proxy, s.statutes_allow_revote
        )
    ):
        rule = "R-AG-8" if s.voted_by_correspondence else "R-AG-7"
        violations.append(Violation("cannot_vote_again", rule=rule))
    return violations


def check_local_authority_vote(
    deliberation_executory_on: date | None, on: date, *, is_local_authority: bool
) -> list[Violation]:
    """Refuse a local authority's vote without a council deliberation enforceable on the day.

    Rule: R-LA-5 (the designation is enforceable only once published and transmitted).
    """
    if not is_local_authority or is_deliberation_enforceable(deliberation_executory_on, on):
        return []
    return [
        Violation(
            "vote_deliberation_not_enforceable",
            rule="R-LA-5",
            params={"executory_date": deliberation_executory_on or "—", "vote_date": on},
        )
    ]


def small_secret_colleges(voters: Mapping[str, int], minimum: int = SECRET_MIN_VOTERS) -> list[str]:
    """Return the colleges whose own counts would reveal individual secret votes.

    Rule: R-TAL-3 (a secret ballot never yields individual choices): a college where one or two
    members voted shows their choices in its counts; a college where nobody voted reveals nothing.
    """
    return [code for code, count in voters.items() if 0 < count < minimum]


@dataclass(frozen=True)
class SecretPublication:
    """What members may read of a closed secret ballot's counts (R-TAL-3)."""

    #: Colleges whose own counts would reveal how someone voted.
    revealing: tuple[str, ...] = ()

    @property
    def details_published(self) -> bool:
        """Per-college choices, totals and the weighted share may be shown to members."""
        return not self.revealing


def secret_publication(
    counts: Sequence[CollegeCount], minimum: int = SECRET_MIN_VOTERS
) -> SecretPublication:
    """Decide which counts of a secret ballot documents readable by members may show.

    Rule: R-TAL-3 (a secret ballot never yields individual choices). Who voted is known (the
    attendance sheet), so a college's counts reveal a choice when one or two members of it voted,
    or when all its voters chose alike (a unanimous college tells each voter's choice). Then
    every college's choices, the totals and the weighted share are withheld, not only that
    college's: the weighted total minus the other colleges' contributions would give it back.
    Members still read who took part per college and whether the resolution was adopted.
    """
    revealing = []
    for count in counts:
        voted = count.for_ + count.against + count.abstain
        if 0 < voted < minimum or (voted and voted in (count.for_, count.against, count.abstain)):
            revealing.append(count.code or "")
    return SecretPublication(revealing=tuple(revealing))


#: A secret ballot's key is split among at least this many tellers...
TELLERS_MIN = 3
#: ...and any this many of them bring their passphrases to count (CNIL 2019: no single holder).
TELLER_THRESHOLD = 2
#: The shortest teller passphrase accepted (it guards a share of the key, offline too).
PASSPHRASE_MIN_LENGTH = 12


def check_tellers(tellers: Sequence[int], passphrase_lengths: Sequence[int]) -> list[Violation]:
    """Check the tellers named to set up a secret urn: enough distinct people, long passphrases.

    Rule: R-TAL-3 (secret ballot), applied as the CNIL's 2019 recommendation asks: the urn's
    decryption key is split so that no one person, the administrator included, can open it.
    """
    violations = []
    if len(set(tellers)) != len(tellers):
        violations.append(Violation("teller_twice", rule="R-TAL-3"))
    if len(set(tellers)) < TELLERS_MIN:
        violations.append(Violation("tellers_too_few", rule="R-TAL-3", params={"min": TELLERS_MIN}))
    if any(n < PASSPHRASE_MIN_LENGTH for n in passphrase_lengths):
        violations.append(
            Violation(
                "teller_passphrase_short", rule="R-TAL-3", params={"min": PASSPHRASE_MIN_LENGTH}
            )
        )
    return violations


def majority_of(setting: str) -> Majority:
    """Map a statutory majority setting (``scic-statutes/1``) to the tally's majority.

    ``sarl_two_step`` (L223-29) is counted here as its second step, more than half of the votes
    cast; its first step needs every registered member in the denominator (DOMAIN §8 #7, open).
    """
    if setting == "sarl_two_step":
        return SIMPLE
    return SHORTHANDS[setting]


def choice_count(code: str | None, choices: Iterable[str]) -> CollegeCount:
    """Count ballots' choices for one college (blank and void join the abstentions)."""
    tally: dict[str, int] = {}
    for choice in choices:
        tally[choice] = tally.get(choice, 0) + 1
    return choice_count_from_totals(code, tally)


def choice_count_from_totals(code: str | None, totals: Mapping[str, int]) -> CollegeCount:
    """Count one college from per-choice totals, e.g. an SQL ``GROUP BY choice``.

    Same result as :func:`choice_count` over the ballots (blank and void join the abstentions).
    """
    tally = {c.value: 0 for c in Choice}
    for choice, count in totals.items():
        tally[Choice(choice).value] += count
    return CollegeCount.of(
        code,
        for_=tally["for"],
        against=tally["against"],
        abstain=tally["abstain"],
        blank=tally["blank"],
        void=tally["void"],
    )


# Receipt codes: 16 characters of Crockford's base32 (80 random bits), shown as XXXX-XXXX-...
_RECEIPT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_RECEIPT_ALIASES = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def format_receipt(raw: str) -> str:
    """Group a 16-character receipt code in fours for reading aloud."""
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def normalise_receipt(code: str) -> str:
    """Upper-case a typed receipt code, drop spaces and dashes, fix look-alike letters."""
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    return cleaned.translate(_RECEIPT_ALIASES)


def receipt_hash(code: str) -> str:
    """The SHA-256 stored for an open ballot's receipt (the code itself is shown once)."""
    return hashlib.sha256(normalise_receipt(code).encode()).hexdigest()


def new_receipt(randbits: int) -> str:
    """Turn 80 random bits into a formatted receipt code (the caller draws them: ``secrets``)."""
    digits = []
    for _ in range(16):
        digits.append(_RECEIPT_ALPHABET[randbits & 31])
        randbits >>= 5
    return format_receipt("".join(digits))
