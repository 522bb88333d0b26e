"""Who takes part in an assembly, from the attendance records and the ballots (R-AG-11).

One place for the count that the quorum, the attendance sheet and the minutes share: the
attendance sheet and the valid proxies (assemblies package), plus the members whose ballots
prove they took part — postal forms, and votes cast themselves in the room, through their link
or their account (this package).
"""

from __future__ import annotations

from scic.assemblies import queries as assembly_queries
from scic.assemblies import rules as assembly_rules
from scic.assemblies.models import Assembly
from scic.voting import queries


def participation(assembly: Assembly) -> assembly_rules.Participation:
    """Present, deemed present, represented, postal and absent members (§6.7 step 3, R-AG-11).

    The attendance sheet first, as corrected; a member who voted in the room counts as present
    and one who voted through its link or account as deemed present when the sheet says
    nothing (or says absent: the ballot proves it took part); postal forms count as
    correspondence.
    """
    # The sheet as corrected: the latest correcting entry of a line says its mode (R-AG-13).
    lines = assembly_queries.current_lines(assembly)
    represented = assembly_rules.PresenceMode.REPRESENTED
    absent = assembly_rules.PresenceMode.ABSENT
    modes = {m: line.mode for m, line in lines.items() if line.mode != represented}
    for member_id, channel in queries.session_voters(assembly).items():
        if modes.get(member_id, absent) == absent:
            modes[member_id] = (
                assembly_rules.PresenceMode.PRESENT
                if channel == "in_person"
                else assembly_rules.PresenceMode.DEEMED_PRESENT
            )
    proxies = [(p.grantor_id, p.holder_id) for p in assembly_queries.valid_proxies(assembly)]
    return assembly_rules.combine_participation(
        assembly_queries.voter_ids(assembly),
        modes,
        proxies,
        queries.correspondence_voters(assembly),
    )
