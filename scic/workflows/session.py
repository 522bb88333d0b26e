"""Opening and closing a session with the participation counted from the records (R-AG-11).

The assemblies package freezes the quorum figures when the session closes; who took part also
depends on the ballots (postal forms, votes through a link), counted by the voting package.
"""

from __future__ import annotations

from datetime import datetime

from scic.assemblies import services as assembly_services
from scic.assemblies.models import Assembly
from scic.core.violations import RuleViolation, Violation
from scic.voting import queries as voting_queries
from scic.voting.participation import participation


def open_session(assembly: Assembly, *, now: datetime, by=None) -> Assembly:
    """Open the session; the audit entry keeps the quorum as it stood at the opening."""
    return assembly_services.open_session(
        assembly, now=now, by=by, participation=participation(assembly)
    )


def close_session(assembly: Assembly, *, now: datetime, by=None) -> Assembly:
    """Close the session and freeze the quorum figures (§6.7 step 6).

    Without quorum nothing was adopted (no vote could open, R-AG-11): the minutes say the
    assembly could not deliberate and a second call with the same agenda can follow.
    """
    if any(r.status == "open" for r in voting_queries.resolutions_of(assembly)):
        raise RuleViolation(Violation("session_votes_still_open"))
    return assembly_services.close_session(
        assembly, now=now, by=by, participation=participation(assembly)
    )
