"""Members pages: list, member page, admission, deliberations, mandates, compliance, application,
and the re-designation campaign of the councils' representatives.

Views are thin: form → service → one commit → flash → 303 redirect.
"""

# Importing each module registers its routes on its blueprint.
from scic.membership.views import (
    apply,  # noqa: F401
    dashboard,  # noqa: F401
    deliberations,  # noqa: F401
    designation,
    mandates,  # noqa: F401
    member_page,  # noqa: F401
    members,  # noqa: F401
    search,  # noqa: F401
)
from scic.membership.views.blueprint import bp

blueprints = (bp, *designation.blueprints)

__all__ = ["blueprints", "bp"]
