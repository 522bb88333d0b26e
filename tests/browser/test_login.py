"""A secretary signs in through a real browser and sees the dashboard."""

from scic.core.db import db
from tests.fixtures.factories import PASSWORD


def test_secretary_signs_in_and_sees_the_dashboard(
    live_server, page, make_user, make_cooperative, grant
):
    cooperative = make_cooperative(name="Vélo Vallée")
    user = make_user("secretaire@example.org")
    grant(user, cooperative, "secretary")
    slug = cooperative.slug
    db.session.commit()  # and no database access below: SQLite would lock out the server

    page.goto(f"{live_server}/login")
    assert page.title().startswith("Se connecter")
    page.get_by_label("Adresse e-mail").fill("secretaire@example.org")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{live_server}/c/{slug}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Tableau de bord"
    assert "Vélo Vallée" in page.content()


def test_wrong_password_shows_a_generic_error(live_server, page, make_user):
    make_user("secretaire@example.org")
    db.session.commit()
    page.goto(f"{live_server}/login")
    page.get_by_label("Adresse e-mail").fill("secretaire@example.org")
    page.get_by_label("Mot de passe").fill("not the password")
    page.get_by_role("button", name="Se connecter").click()
    assert page.get_by_role("alert").inner_text() == "Adresse e-mail ou mot de passe incorrect."
