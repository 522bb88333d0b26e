"""Pure rules of the minutes' signatures: who signs for each legal form, each officer signing
for themselves, and the scan of a signature given in ink (§5, §6.9; R225-106, R223-24).
"""

from __future__ import annotations

from scic.core.violations import Violation


def minutes_signatories(legal_form: str) -> tuple[str, ...]:
    """Return who signs the minutes (§5, §6.9).

    SA: the officers (R225-106); SARL: the manager(s) and the chair (R223-24); SAS: the
    statutes, default chair and secretary.
    """
    form = legal_form.upper()
    if form == "SA":
        return ("chair", "scrutineers", "secretary")
    if form == "SARL":
        return ("managers", "chair")
    return ("chair", "secretary")


def required_signatures(
    legal_form: str,
    *,
    chair: str,
    secretary: str,
    scrutineers: tuple[str, ...],
    managers: tuple[str, ...],
) -> tuple[list[tuple[str, str]], list[Violation]]:
    """Return the (role, name) pairs that must sign the minutes, and what the bureau lacks.

    Built on ``minutes_signatories`` (§5, §6.9): SA the officers (chair, each scrutineer,
    secretary; R225-106); SARL each manager and the chair (R223-24); SAS chair and secretary.
    The same person signing in two capacities signs once per capacity.
    """
    named = {
        "chair": [("chair", chair)] if chair else [],
        "secretary": [("secretary", secretary)] if secretary else [],
        "scrutineers": [("scrutineer", n) for n in scrutineers],
        "managers": [("manager", n) for n in managers],
    }
    pairs: list[tuple[str, str]] = []
    violations: list[Violation] = []
    for role in minutes_signatories(legal_form):
        if not named[role]:
            violations.append(Violation(f"signatory_missing_{role}"))
        pairs.extend(named[role])
    return pairs, violations


def _same_person(left: str, right: str) -> bool:
    return " ".join(left.split()).casefold() == " ".join(right.split()).casefold()


def check_own_signature(signer_name: str, signatory_name: str) -> list[Violation]:
    """Refuse a signature given with an account for another signatory (§6.9, R225-106, R223-24).

    Each officer signs for themselves: the account's name must be the name the bureau gives
    for that capacity (case and spacing aside). Someone who signed on paper is recorded by the
    secretary with the scan (``wet_ink``), never signed for by another account.
    """
    if _same_person(signer_name, signatory_name):
        return []
    return [Violation("minutes_sign_for_yourself", params={"name": signatory_name})]


#: A wet-ink signature's scan: a PDF or an image, at most 10 MB.
SCAN_TYPES = {
    ".pdf": ("application/pdf", b"%PDF"),
    ".png": ("image/png", b"\x89PNG"),
    ".jpg": ("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff"),
}
SCAN_MAX_BYTES = 10 * 1024 * 1024


def check_signature_scan(filename: str, head: bytes, size: int) -> list[Violation]:
    """Refuse a scan of a wet-ink signature that is not a PDF, PNG or JPEG file, or is too large
    or empty (the content must match the extension)."""
    suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix not in SCAN_TYPES:
        return [Violation("signature_scan_type", subject="scan")]
    if size == 0 or not head.startswith(SCAN_TYPES[suffix][1]):
        return [Violation("signature_scan_content", subject="scan")]
    if size > SCAN_MAX_BYTES:
        return [Violation("signature_scan_too_large", subject="scan", params={"max_mb": 10})]
    return []
