"""axe-core on every main page of the demo cooperative: no serious or critical violation (RGAA).

The pages are those secretaries, auditors, members and elected representatives use: login,
dashboard, members, member page, local authority entry, capital, assembly preparation,
attendance, voting, results, minutes and the auditor's downloads.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from sqlalchemy import select

from scic.assemblies.models import Assembly
from scic.cli.demo import DEMO_PASSWORD
from scic.core import clock
from scic.core.db import db
from scic.membership.models import Member
from scic.voting.models import Resolution
from tests.browser.conftest import DEMO_SLUG, sign_in

PASSWORD = DEMO_PASSWORD
C = f"/c/{DEMO_SLUG}"
BLOCKING = {"serious", "critical"}

#: (who signs in, page name, URL template); ``{past}``/``{next}`` are the demo's assemblies.
PAGES = [
    (None, "login", "/login"),
    ("secretaire", "dashboard", C + "/"),
    ("secretaire", "members", C + "/members"),
    ("secretaire", "member page (local authority)", C + "/members/{authority}"),
    ("secretaire", "member page (person)", C + "/members/{person}"),
    ("secretaire", "local authority entry", C + "/capital/local-authorities/new"),
    ("secretaire", "capital", C + "/capital/"),
    ("secretaire", "capital of a member", C + "/capital/members/{authority}"),
    ("secretaire", "assemblies", C + "/assemblies/"),
    ("secretaire", "assembly preparation", C + "/assemblies/{next}"),
    ("secretaire", "convocation", C + "/assemblies/{next}/convocation"),
    ("secretaire", "session", C + "/assemblies/{past}/session"),
    ("secretaire", "attendance", C + "/assemblies/{past}/attendance"),
    ("secretaire", "vote console", C + "/votes/resolutions/{resolution}"),
    ("secretaire", "results", C + "/votes/resolutions/{resolution}/results"),
    ("secretaire", "minutes", C + "/assemblies/{past}/minutes"),
    ("secretaire", "compliance", C + "/compliance"),
    ("reviseur", "auditor dashboard", C + "/"),
    ("reviseur", "auditor downloads", C + "/registers/"),
    ("reviseur", "audit log", C + "/registers/audit"),
    ("reviseur", "integrity", C + "/registers/integrity"),
    ("elu", "representative ballot", C + "/votes/ballot"),
    ("elu", "representative results", C + "/votes/resolutions/{resolution}/results"),
    ("associe", "member's assemblies", C + "/assemblies/mine"),
]


@pytest.fixture(scope="module")
def ids(demo_app):
    """Identifiers in the demo data; the January assembly is convened so ballots open."""
    from scic.assemblies import services as assemblies

    def assembly(type_: str) -> Assembly:
        return db.session.scalar(select(Assembly).where(Assembly.type == type_))

    past, upcoming = assembly("ordinary"), assembly("extraordinary")
    assemblies.send_convocation(upcoming, clock.today())
    ids = {
        "past": past.id,
        "next": upcoming.id,
        "resolution": db.session.scalar(
            select(Resolution.id).where(Resolution.assembly_id == past.id).order_by(Resolution.id)
        ),
        "authority": db.session.scalar(
            select(Member.id).where(Member.name == "Commune de Thiviers")
        ),
        "person": db.session.scalar(
            select(Member.id).where(Member.email == "associe@demo.scic.coop")
        ),
    }
    db.session.commit()
    return ids


@pytest.fixture(scope="module")
def pages(module_browser, demo_server, ids):
    """One signed-in page per person, reused across the parametrized checks."""
    opened = {}

    def page_for(who):
        if who not in opened:
            context = module_browser.new_context(
                locale="fr-FR", viewport={"width": 1280, "height": 800}
            )
            opened[who] = context.new_page()
            if who is not None:
                sign_in(opened[who], demo_server, f"{who}@demo.scic.coop", PASSWORD)
        return opened[who]

    yield page_for
    for page in opened.values():
        page.context.close()


@pytest.fixture(scope="module")
def axe():
    return Axe()


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"- {v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])} nodes, first: "
        f"{v['nodes'][0]['target']} {v['nodes'][0]['html'][:160]})"
        for v in violations
    )


@pytest.mark.parametrize(("who", "name", "url"), PAGES, ids=[p[1] for p in PAGES])
def test_page_has_no_serious_accessibility_violation(pages, demo_server, ids, axe, who, name, url):
    page = pages(who)
    response = page.goto(demo_server + url.format(**ids))
    assert response.status == 200, f"{name}: HTTP {response.status}"
    assert page.title().strip(), f"{name}: no page title"
    assert page.locator("main h1").count() == 1, f"{name}: one <h1> in <main>"
    violations = [v for v in axe.run(page).response["violations"] if v["impact"] in BLOCKING]
    assert not violations, f"{name} ({url}):\n{describe(violations)}"


#: Pages with server-rendered charts: (URL, minimum number of charts).
CHARTS = [
    (C + "/", 1),  # weight of one member's vote by college
    (C + "/capital/", 4),  # over time, by category, by college, local authorities vs 50 %
    (C + "/votes/resolutions/{resolution}/results", 1),  # stacked bars with the threshold
]


@pytest.mark.parametrize(("url", "count"), CHARTS, ids=["dashboard", "capital", "results"])
def test_charts_have_a_text_alternative_and_a_data_table(pages, demo_server, ids, url, count):
    page = pages("secretaire")
    page.goto(demo_server + url.format(**ids))
    charts = page.locator("main svg[role=img]")
    assert charts.count() >= count
    for chart in charts.all():
        labelled = chart.get_attribute("aria-labelledby").split()
        texts = [page.locator(f"[id='{i}']").text_content().strip() for i in labelled]
        assert all(texts), "each chart has a title and a description"
    assert page.locator("main table th[scope]").count() > 0, "the figures are in a table"


#: (file, URL, height to keep or None for the whole page).
README_SHOTS = [
    ("dashboard.png", C + "/", None),
    ("members.png", C + "/members", 1000),
    ("capital.png", C + "/capital/", 1500),
    ("results.png", C + "/votes/resolutions/{resolution}/results", None),
]


def test_desktop_pages_fit_and_make_readme_screenshots(pages, demo_server, ids, screenshots):
    page = pages("secretaire")
    icon = page.request.get(demo_server + "/static/img/favicon.svg")
    assert icon.ok
    for name, url, height in README_SHOTS:
        page.goto(demo_server + url.format(**ids))
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280, name
        assert page.locator("link[rel=icon]").count() == 1
        screenshots(page, name, height=height)
