"""What the assemblies package asks of voting: resolutions copied to a second call, correspondence
voters for the quorum.
"""

from __future__ import annotations

from scic.assemblies.models import Assembly
from scic.assemblies.queries import CORRESPONDENCE_VOTERS_PROVIDERS
from scic.assemblies.services import SECOND_CALL_HOOKS
from scic.voting import queries
from scic.voting.models import Resolution
from scic.voting.services.resolutions import create_resolution

# --- Hooks for the assemblies package -----------------------------------------------------------


def copy_resolutions(first: Assembly, second: Assembly, *, by=None) -> list[Resolution]:
    """Second call (same agenda): draft the first call's resolutions again for the second."""
    copies = []
    items = {item.position: item for item in second.agenda_items}
    for resolution in queries.resolutions_of(first):
        item = None
        if resolution.agenda_item is not None:
            item = items.get(resolution.agenda_item.position)
        copies.append(
            create_resolution(
                second,
                title=resolution.title,
                text=resolution.text,
                kind=resolution.kind,
                proposed_by=resolution.proposed_by,
                board_approved=resolution.board_approved,
                secret=resolution.secret,
                agenda_item=item,
                excluded_member=resolution.excluded_member,
                number=resolution.number,
                by=by,
            )
        )
    return copies


def _copy_for_second_call(first: Assembly, second: Assembly) -> None:
    copy_resolutions(first, second)


def _correspondence_voters(assembly: Assembly) -> set[int]:
    return queries.correspondence_voters(assembly)


if _copy_for_second_call not in SECOND_CALL_HOOKS:
    SECOND_CALL_HOOKS.append(_copy_for_second_call)


if _correspondence_voters not in CORRESPONDENCE_VOTERS_PROVIDERS:
    CORRESPONDENCE_VOTERS_PROVIDERS.append(_correspondence_voters)
