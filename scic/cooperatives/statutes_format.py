"""Read and write ``scic-statutes/1`` documents (FORMATS.md §2), without touching the database.

``read_statutes`` validates a decoded JSON document against the shipped JSON Schema, fills the
optional keys with the defaults of the legal form (DOMAIN.md §5, §8), parses amounts and
fractions exactly and runs every statutes rule, so that one call lists every problem at once.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

from scic.cooperatives.rules import (
    Abstentions,
    AssemblyKindRules,
    AssemblySettings,
    CategoryKind,
    CategorySpec,
    CollegeSpec,
    Governance,
    LegalForm,
    Majority,
    QuorumBase,
    SilentCollege,
    StatutesSpec,
    VotingMethod,
    VotingSettings,
    check_categories,
    check_colleges,
    check_statutes,
    default_assembly_settings,
    default_governance,
    default_voting,
    equal_college_weights,
)
from scic.core.percent import from_percent, percent_text
from scic.core.violations import Violation

FORMAT = "scic-statutes/1"
SCHEMA_FILE = "scic-statutes-1.schema.json"

_Path = tuple[str | int, ...]


@cache
def statutes_schema() -> dict[str, Any]:
    """Return the JSON Schema of ``scic-statutes/1`` shipped in ``scic/schemas``."""
    text = (
        resources.files("scic")
        .joinpath("schemas")
        .joinpath(SCHEMA_FILE)
        .read_text(encoding="utf-8")
    )
    return json.loads(text)


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(statutes_schema())


def json_path(parts: Sequence[str | int]) -> str:
    """Render a path inside the document the way messages show it: ``colleges[1].weight``."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text or "$"


# --- Schema errors → violations -----------------------------------------------------------------


@cache
def _pattern_codes() -> dict[str, str]:
    defs = statutes_schema()["$defs"]
    props = statutes_schema()["properties"]
    return {
        defs["amount"]["pattern"]: "invalid_amount",
        defs["fraction"]["pattern"]: "invalid_fraction",
        defs["code"]["pattern"]: "invalid_code",
        props["slug"]["pattern"]: "invalid_slug",
        props["siren"]["pattern"]: "invalid_siren",
    }


def _schema_violations(error: ValidationError) -> list[Violation]:
    path = tuple(error.absolute_path)
    subject = json_path(path)
    validator = error.validator
    if validator == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        return [
            Violation("unknown_key", params={"key": key}, subject=json_path((*path, key)))
            for key in error.instance
            if key not in known
        ]
    if validator == "required":
        return [
            Violation("missing_key", params={"key": key}, subject=json_path((*path, key)))
            for key in error.validator_value
            if key not in error.instance
        ]
    if validator == "const":
        return [
            Violation(
                "unsupported_format",
                params={"value": error.instance, "expected": error.validator_value},
                subject=subject,
            )
        ]
    if validator == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        return [
            Violation(
                "invalid_choice",
                params={"value": error.instance, "allowed": allowed},
                subject=subject,
            )
        ]
    if validator == "type":
        expected = error.validator_value
        if isinstance(expected, list):
            expected = " or ".join(expected)
        return [Violation("invalid_type", params={"expected": expected}, subject=subject)]
    if validator == "pattern":
        code = _pattern_codes().get(error.validator_value, "invalid_value")
        return [Violation(code, params={"value": error.instance}, subject=subject)]
    if path == ("revision_cycle_years",) and validator in ("minimum", "maximum"):
        return [
            Violation(
                "revision_cycle_out_of_range",
                rule="R-REV-1",
                params={"years": error.instance, "max": 5},
                subject=subject,
            )
        ]
    if validator in ("minimum", "maximum"):
        return [
            Violation(
                "value_out_of_range",
                params={"value": error.instance, "limit": error.validator_value},
                subject=subject,
            )
        ]
    if validator == "minLength":
        return [Violation("empty_value", subject=subject)]
    if validator == "maxLength":
        return [Violation("value_too_long", params={"max": error.validator_value}, subject=subject)]
    return [Violation("invalid_value", params={"value": error.instance}, subject=subject)]


# --- Reading ------------------------------------------------------------------------------------


class _Reader:
    """Turn a schema-checked document into a spec, skipping parts the schema already refused."""

    def __init__(self, data: Mapping[str, Any], bad_paths: set[_Path]) -> None:
        self.data = data
        self.bad_paths = bad_paths
        self.violations: list[Violation] = []

    def is_bad(self, path: _Path) -> bool:
        """Return whether an error was reported at ``path`` or inside it."""
        return any(bad[: len(path)] == path for bad in self.bad_paths)

    def categories(self) -> tuple[CategorySpec, ...] | None:
        items = self.data.get("categories")
        if self.is_bad(("categories",)) or not isinstance(items, list):
            return None
        return tuple(
            CategorySpec(
                code=item["code"],
                name=item["name"],
                kind=CategoryKind(item["kind"]),
                min_shares=item.get("min_shares", 1),
                college=item.get("college"),
            )
            for item in items
        )

    def colleges(self) -> tuple[CollegeSpec, ...] | None:
        items = self.data.get("colleges")
        if self.is_bad(("colleges",)) or not isinstance(items, list):
            return None
        given = ["weight" in item for item in items]
        if not any(given):
            # R-COL-4: unless the statutes say otherwise, colleges have equal weight.
            weights = equal_college_weights(len(items))
        elif all(given):
            weights = [from_percent(item["weight"]) for item in items]
        else:
            self.violations += [
                Violation(
                    "missing_key",
                    rule="R-COL-4",
                    params={"key": "weight"},
                    subject=json_path(("colleges", i, "weight")),
                )
                for i, present in enumerate(given)
                if not present
            ]
            return None
        return tuple(
            CollegeSpec(code=item["code"], name=item["name"], weight=weight)
            for item, weight in zip(items, weights, strict=True)
        )

    def voting(self, legal_form: LegalForm) -> VotingSettings:
        default = default_voting(legal_form)
        raw = self.data.get("voting", {})
        return VotingSettings(
            method=VotingMethod(raw.get("method", default.method)),
            abstentions=Abstentions(raw.get("abstentions", default.abstentions)),
            silent_college=SilentCollege(raw.get("silent_college", default.silent_college)),
        )

    def assemblies(self, legal_form: LegalForm) -> AssemblySettings:
        default = default_assembly_settings(legal_form)
        raw = self.data.get("assemblies", {})
        days = raw.get("convocation_days", {})
        proxies = raw.get("proxies", {})
        return AssemblySettings(
            ordinary=_assembly_kind(raw.get("ordinary", {}), default.ordinary),
            extraordinary=_assembly_kind(raw.get("extraordinary", {}), default.extraordinary),
            quorum_base=QuorumBase(raw.get("quorum_base", default.quorum_base)),
            convocation_days_first=days.get("first", default.convocation_days_first),
            convocation_days_second=days.get("second", default.convocation_days_second),
            proxies_max_per_holder=proxies.get("max_per_holder", default.proxies_max_per_holder),
            proxies_holder_same_college=proxies.get(
                "holder_same_college", default.proxies_holder_same_college
            ),
            correspondence_deadline_days=raw.get(
                "correspondence_deadline_days", default.correspondence_deadline_days
            ),
            fully_remote_allowed=raw.get("fully_remote_allowed", default.fully_remote_allowed),
            representatives_act_until_replaced=raw.get(
                "representatives_act_until_replaced", default.representatives_act_until_replaced
            ),
            written_consultation_allowed=raw.get(
                "written_consultation_allowed", default.written_consultation_allowed
            ),
        )


def _assembly_kind(raw: Mapping[str, Any], default: AssemblyKindRules) -> AssemblyKindRules:
    return AssemblyKindRules(
        quorum_first=Fraction(raw["quorum_first"])
        if "quorum_first" in raw
        else default.quorum_first,
        quorum_second=(
            Fraction(raw["quorum_second"]) if "quorum_second" in raw else default.quorum_second
        ),
        majority=Majority(raw.get("majority", default.majority)),
    )


#: Top-level keys whose refusal by the schema prevents building a spec.
_SCALAR_KEYS = (
    "format",
    "slug",
    "name",
    "legal_form",
    "governance",
    "registered_office",
    "siren",
    "rcs",
    "share_value",
    "capital_floor",
    "voting",
    "assemblies",
    "reimbursement_delay_years",
    "revision_cycle_years",
)


def read_assembly_settings(assemblies: Mapping[str, Any] | None, legal_form: str):
    """The assembly settings of stored statutes (checked when saved), without the rest of the
    document: a vote reads its deadlines without rebuilding the colleges and their weights."""
    return _Reader({"assemblies": assemblies or {}}, set()).assemblies(LegalForm(legal_form))


def read_voting_settings(voting: Mapping[str, Any] | None, legal_form: str) -> VotingSettings:
    """The counting settings of stored statutes (checked when saved), without the rest of the
    document: a tally reads them without rebuilding the categories, colleges and weights."""
    return _Reader({"voting": voting or {}}, set()).voting(LegalForm(legal_form))


def read_statutes(data: object) -> tuple[StatutesSpec | None, list[Violation]]:
    """Parse a decoded ``scic-statutes/1`` document and check it against the law.

    Return ``(spec, [])`` when it is valid, else ``(None, violations)`` with every problem found:
    schema errors name the JSON path (``colleges[1].weight``), legal ones carry their rule ID
    (R-CAT-1, R-CAT-2, R-COL-1 to R-COL-3...). An unknown key is refused, so a typo never passes.
    """
    errors = list(_validator().iter_errors(data))
    violations: list[Violation] = []
    for error in errors:
        violations += _schema_violations(error)
    if not isinstance(data, Mapping):
        return None, violations

    bad_paths = {tuple(e.absolute_path) for e in errors if e.validator != "additionalProperties"}
    reader = _Reader(data, bad_paths)
    categories = reader.categories()
    colleges = reader.colleges()
    violations += reader.violations
    scalars_ok = not any(reader.is_bad((key,)) for key in _SCALAR_KEYS) and all(
        key in data for key in ("format", "slug", "name", "legal_form", "share_value")
    )

    if categories is None or colleges is None or not scalars_ok:
        # Report the legal problems of the parts that could be read, so nothing waits a round.
        if categories is not None:
            violations += check_categories(categories)
        if colleges:
            violations += check_colleges(colleges)
        return None, violations

    legal_form = LegalForm(data["legal_form"])
    spec = StatutesSpec(
        slug=data["slug"],
        name=data["name"],
        legal_form=legal_form,
        governance=Governance(data.get("governance", default_governance(legal_form))),
        registered_office=data.get("registered_office"),
        siren=data.get("siren"),
        rcs=data.get("rcs"),
        share_value=Decimal(data["share_value"]),
        capital_floor=Decimal(data.get("capital_floor", "0")),
        categories=categories,
        colleges=colleges,
        voting=reader.voting(legal_form),
        assemblies=reader.assemblies(legal_form),
        reimbursement_delay_years=data.get("reimbursement_delay_years", 5),
        revision_cycle_years=data.get("revision_cycle_years", 5),
    )
    violations += check_statutes(spec)
    return (None if violations else spec), violations


# --- Writing ------------------------------------------------------------------------------------


def _amount(value: Decimal) -> str:
    return f"{value:.2f}"


def _fraction(value: Fraction) -> str:
    # str(Fraction) gives "1/5", "0" or "100/3": exactly what Fraction() reads back.
    return str(Fraction(value))


def write_statutes(spec: StatutesSpec) -> dict[str, Any]:
    """Return the ``scic-statutes/1`` document of a spec, every key present (JSON-ready values).

    ``categories[].college`` is left out when the statutes use no colleges, as FORMATS.md says.
    """
    categories = []
    for category in spec.categories:
        item: dict[str, Any] = {
            "code": category.code,
            "name": category.name,
            "kind": str(category.kind),
            "min_shares": category.min_shares,
        }
        if category.college is not None:
            item["college"] = category.college
        categories.append(item)
    assemblies = spec.assemblies
    return {
        "format": FORMAT,
        "slug": spec.slug,
        "name": spec.name,
        "legal_form": str(spec.legal_form),
        "governance": str(spec.governance),
        "registered_office": spec.registered_office,
        "siren": spec.siren,
        "rcs": spec.rcs,
        "share_value": _amount(spec.share_value),
        "capital_floor": _amount(spec.capital_floor),
        "categories": categories,
        "colleges": [
            {"code": c.code, "name": c.name, "weight": percent_text(c.weight)}
            for c in spec.colleges
        ],
        "voting": {
            "method": str(spec.voting.method),
            "abstentions": str(spec.voting.abstentions),
            "silent_college": str(spec.voting.silent_college),
        },
        "assemblies": {
            "ordinary": _write_kind(assemblies.ordinary),
            "extraordinary": _write_kind(assemblies.extraordinary),
            "quorum_base": str(assemblies.quorum_base),
            "convocation_days": {
                "first": assemblies.convocation_days_first,
                "second": assemblies.convocation_days_second,
            },
            "proxies": {
                "max_per_holder": assemblies.proxies_max_per_holder,
                "holder_same_college": assemblies.proxies_holder_same_college,
            },
            "correspondence_deadline_days": assemblies.correspondence_deadline_days,
            "fully_remote_allowed": assemblies.fully_remote_allowed,
            "representatives_act_until_replaced": assemblies.representatives_act_until_replaced,
            "written_consultation_allowed": assemblies.written_consultation_allowed,
        },
        "reimbursement_delay_years": spec.reimbursement_delay_years,
        "revision_cycle_years": spec.revision_cycle_years,
    }


def _write_kind(rules: AssemblyKindRules) -> dict[str, str]:
    return {
        "quorum_first": _fraction(rules.quorum_first),
        "quorum_second": _fraction(rules.quorum_second),
        "majority": str(rules.majority),
    }
