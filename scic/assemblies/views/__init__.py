"""Assembly pages: preparation, convocation, proxies, session, minutes; the member side."""

# Importing each module registers its routes on the blueprint.
from scic.assemblies.views import (
    accounts,  # noqa: F401
    attendance,  # noqa: F401
    blueprint,  # noqa: F401
    convocation,  # noqa: F401
    documents,  # noqa: F401
    elections,  # noqa: F401
    letters,  # noqa: F401
    member_pages,  # noqa: F401
    minutes,  # noqa: F401
    preparation,  # noqa: F401
    proxies,  # noqa: F401
    session,  # noqa: F401
)
from scic.assemblies.views.blueprint import blueprints, bp

__all__ = [
    "blueprints",
    "bp",
]
