"""Capital pages: dashboard, journal, movement forms, withdrawals, advances, allocation,
the local authorities' guided entry, the simulator and the members CSV import/export.

Views are thin: form → service → one commit → flash → 303 redirect.
"""

from scic.capital.forms import AUTHORITY_TYPE_LABELS
from scic.capital.labels import EXIT_KIND_LABELS

# Importing each module registers its routes on the blueprint.
from scic.capital.views import (
    advances,  # noqa: F401
    allocation,  # noqa: F401
    blueprint,  # noqa: F401
    dashboard,  # noqa: F401
    journal,  # noqa: F401
    local_authorities,  # noqa: F401
    members_csv,  # noqa: F401
    movements,  # noqa: F401
    withdrawals,  # noqa: F401
)
from scic.capital.views.blueprint import blueprints, bp
from scic.capital.views.journal import member_holdings_context

__all__ = [
    "AUTHORITY_TYPE_LABELS",
    "EXIT_KIND_LABELS",
    "blueprints",
    "bp",
    "member_holdings_context",
]
