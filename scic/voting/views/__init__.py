"""Voting pages: the secretary's console, the voter's phone page, results and receipts.

Two blueprints: ``votes`` under /c/<slug>/votes (signed-in users with a role), and ``voting``
under /vote for the convocation's personal link, which opens the voting page and nothing else
(the member is kept in the session under ``scic.vote``, which is not a login).
"""

# Importing each module registers its routes on the blueprint.
from scic.voting.views import (
    blueprint,  # noqa: F401
    casting,  # noqa: F401
    console,  # noqa: F401
    consultation,  # noqa: F401
    member_pages,  # noqa: F401
    show_of_hands,  # noqa: F401
    urn_pages,  # noqa: F401
    voting_link,  # noqa: F401
)
from scic.voting.views.blueprint import blueprints, bp, public

__all__ = [
    "blueprints",
    "bp",
    "public",
]
