"""The assembly's resolutions are one of its tabs (issue 18 item 3)."""

from scic.core.db import db


def test_resolutions_are_a_tab_of_the_assembly(client, auth, secretary, make_assembly):
    user, coop = secretary
    assembly = make_assembly(coop)
    db.session.commit()
    auth.login_as(user)
    with client.session_transaction() as session:
        session["locale"] = "en"
    tab = f'href="/c/{coop.slug}/votes/assemblies/{assembly.id}"'
    overview = client.get(f"/c/{coop.slug}/assemblies/{assembly.id}").get_data(as_text=True)
    assert f'<a class="button small secondary" {tab} >Resolutions</a>' in overview
    page = client.get(f"/c/{coop.slug}/votes/assemblies/{assembly.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f'<a class="button small" {tab} aria-current="page">Resolutions</a>' in html
    assert f'href="/c/{coop.slug}/assemblies/{assembly.id}/convocation"' in html
