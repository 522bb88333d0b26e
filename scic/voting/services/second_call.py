"""A second call's resolutions: the first call's, drafted again (``scic.workflows.second_call``)."""

from __future__ import annotations

from scic.assemblies.models import Assembly
from scic.voting import queries
from scic.voting.models import Resolution
from scic.voting.services.resolutions import create_resolution


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
                notified_on=resolution.excluded_member_notified_on,
                heard_on=resolution.excluded_member_heard_on,
                number=resolution.number,
                by=by,
            )
        )
    return copies
