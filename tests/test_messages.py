"""Every violation code the application can raise has one translated message."""

import re
from pathlib import Path

import scic
from scic.core import messages

ROOT = Path(scic.__file__).parent
EMITTED = re.compile(r'(?:Violation|problem|_violation|RuleViolation)\(\s*"([a-z][a-z0-9_]+)"')


def emitted_codes() -> set[str]:
    codes = set()
    for path in ROOT.rglob("*.py"):
        codes |= set(EMITTED.findall(path.read_text(encoding="utf-8")))
    return codes


def test_every_emitted_code_has_a_registered_message(app):
    codes = emitted_codes()
    assert len(codes) > 100, "the scan found too few codes: it would pass vacuously"
    missing = sorted(codes - set(messages._MESSAGES))
    assert not missing, f"codes without a message: {missing}"


def test_a_code_cannot_be_registered_twice_with_different_texts(app):
    from scic.core.i18n import _l

    messages.register({"test_only_code": _l("One text.")})
    messages.register({"test_only_code": _l("One text.")})  # the same text again is fine
    try:
        raised = False
        messages.register({"test_only_code": _l("Another text.")})
    except ValueError:
        raised = True
    finally:
        messages._MESSAGES.pop("test_only_code", None)
    assert raised
