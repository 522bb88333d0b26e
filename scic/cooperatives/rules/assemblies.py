"""What the law requires of the statutes' assembly settings: legal quorums and majorities per legal
form (R-AG-11, R-AG-12), convocation delays, and the ranges of quorums, delays and proxies.
"""

from __future__ import annotations

from enum import StrEnum
from fractions import Fraction

from scic.cooperatives.rules.settings import AssemblySettings, LegalForm, Majority
from scic.core.violations import Violation


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


def check_convocation_delays(legal_form: LegalForm, settings: AssemblySettings) -> list[Violation]:
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


def check_assembly_settings(settings: AssemblySettings) -> list[Violation]:
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
