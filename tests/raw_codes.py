"""Find what a reader should never see: codes, enum values, the other language, seconds.

``raw_codes(text, locale, actions=...)`` returns the offending fragments of a page, an e-mail or
a PDF's text. It knows the app's vocabularies (the keys of the label tables) and the audit
actions, and a short list of English words that are never French (and French words that are
never English); data (names, titles) written in French is fine in an English page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_URL = re.compile(r"(https?://|www\.)\S+|\S+@\S+|/c/\S+|\b[\w.-]+\.(pdf|csv|json|ics|docx|eml)\b")
_SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
_SECONDS = re.compile(r"\b\d{1,2}:\d{2}:\d{2}\b")
#: French writes "14 h 00"; a colon between hours and minutes is English (or a code).
_FRENCH_CLOCK = re.compile(r"(?<![\d:])\d{1,2}:\d{2}(?![\d:])")
_PYTHON = re.compile(r"\b(True|False)\b|\{'|\{\"")

#: English words that are enum values here and never French words.
ENGLISH_NEVER_FRENCH = frozenset(
    [
        "for",
        "against",
        "abstain",
        "blank",
        "draft",
        "open",
        "opened",
        "closed",
        "convened",
        "locked",
        "proportional",
        "excluded",
        "redistribute",
        "correspondence",
        "employee",
        "employees",
        "beneficiary",
        "beneficiaries",
        "supporter",
        "full",
        "partial",
        "ordinary",
        "extraordinary",
        "combined",
        "hybrid",
        "represented",
        "deemed",
        "withdrawing",
        "deceased",
        "struck",
        "members",
        "member",
        "import",
        "imported",
        "export",
        "the",
        "and",
        "with",
        "status",
        "shares",
        "share",
        "assembly",
        "assemblies",
        "resolution",
        "resolutions",
        "ballot",
        "ballots",
        "proxy",
        "proxies",
        "attendance",
        "pending",
        "sent",
        "failed",
        "queued",
        "yes",
        "none",
        "true",
        "false",
        "admit",
        "record",
        "create",
        "apply",
        "sign",
        "mandate",
        "designate",
        "movement",
        "signed",
        "unsigned",
        "council",
        "written",
        "first",
        "second",
        "call",
        "majority",
    ]
)
#: French words of the interface that are never English (demo data is French, so only these).
FRENCH_NEVER_ENGLISH = frozenset(
    [
        "statut",
        "présent",
        "présents",
        "présente",
        "représenté",
        "représentés",
        "voter",
        "enregistrer",
        "enregistré",
        "choix",
        "résultat",
        "résultats",
        "télécharger",
        "retour",
        "aucun",
        "aucune",
        "associé",
        "associés",
        "convoqué",
        "convoquée",
        "bonjour",
        "oui",
        "non",
        "pour",
        "contre",
        "séance",
        "procuration",
        "procurations",
        "scrutin",
        "exercice",
    ]
)


def raw_codes(
    text: str, locale: str, *, actions: Iterable[str] = (), data_words: frozenset[str] = frozenset()
) -> list[str]:
    """The fragments of ``text`` that are not prose in ``locale`` (empty when all is well).

    ``data_words`` are the words of the data (names, titles, texts written in French by the
    cooperative): an English page may show them.
    """
    found: list[str] = []
    clean = _URL.sub(" ", text)
    found += [f"code {m}" for m in _SNAKE.findall(clean)]
    found += [f"seconds {m}" for m in _SECONDS.findall(clean)]
    found += [f"python {m.group(0)}" for m in _PYTHON.finditer(clean)]
    if "UTC" in clean:
        found.append("time in UTC")
    for action in actions:
        if re.search(rf"(?<![\w.]){re.escape(action)}(?![\w.])", clean):
            found.append(f"audit action {action}")
    words = re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", clean)
    if locale == "fr":
        found += [f"time {m}" for m in _FRENCH_CLOCK.findall(clean)]
        found += ["python None" for _m in re.findall(r"\bNone\b", clean)]
        found += [f"English {w}" for w in words if w.lower() in ENGLISH_NEVER_FRENCH]
        found += [f"elision {m}" for m in re.findall(r"\b(?:[dl]e|que) [AEIOUÉÈaeiouéè]\w+", clean)]
    else:
        # "l’associé" is French too: each part after an elision is a word.
        parts = [part for w in words for part in re.split(r"['’]", w)]
        found += [
            f"French {w}"
            for w in parts
            if w.lower() in FRENCH_NEVER_ENGLISH and w.lower() not in data_words
        ]
    return found
