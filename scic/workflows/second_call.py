"""A second call: the same agenda and the same resolutions, convened again (§6.6 step 6, R-AG-11).

The assemblies package copies the assembly and its agenda; the voting package drafts the first
call's resolutions again, attached to the copied agenda items.
"""

from __future__ import annotations

from datetime import datetime

from scic.assemblies import services as assembly_services
from scic.assemblies.models import Assembly
from scic.voting import services as voting_services


def create_second_call(first: Assembly, *, starts_at: datetime, by=None) -> Assembly:
    """Create the second call of a first call that missed its quorum, with its resolutions.

    Refused (``RuleViolation``) unless the first call's session closed without quorum. Flushes;
    the caller commits once.
    """
    second = assembly_services.create_second_call(first, starts_at=starts_at, by=by)
    voting_services.copy_resolutions(first, second, by=by)
    return second
