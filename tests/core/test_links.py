"""Templates' url_for remembers the links it built: the same links as Flask's url_for."""

import pytest
from flask import g, render_template_string, url_for

CASES = [
    pytest.param("static", {"filename": "css/scic.css"}, id="static file"),
    pytest.param("members.member_list", {}, id="cooperative page (slug from g)"),
    pytest.param("members.member_list", {"page": 2, "college": "3"}, id="query values"),
    pytest.param("members.member_list", {"page": True}, id="True is not 1"),
    pytest.param("members.member_page", {"member_id": 7}, id="path value"),
    pytest.param("members.member_list", {"_anchor": "list"}, id="anchor: Flask's own path"),
    pytest.param("auth.logout", {}, id="outside the cooperative"),
]


@pytest.mark.parametrize(("endpoint", "values"), CASES)
@pytest.mark.parametrize("mount", ["", "/scic"])
def test_template_links_are_flasks(app, endpoint, values, mount):
    page = "{{ url_for(endpoint, **values) }}"
    with app.test_request_context("/", base_url=f"http://localhost{mount}"):
        built = []
        for slug in ("alpha", "beta", "alpha"):  # twice each: built, then remembered
            g.slug = slug
            for _ in range(2):
                built.append(render_template_string(page, endpoint=endpoint, values=values))
            assert built[-1] == built[-2] == str(url_for(endpoint, **values)).replace("&", "&amp;")
        assert built[-1].startswith(f"{mount}/")
    if endpoint.startswith("members"):
        assert "/c/alpha/" in built[0]
        assert "/c/beta/" in built[2]


def test_one_and_true_are_different_links(app):
    page = "{{ url_for('members.member_list', page=value) }}"
    with app.test_request_context("/"):
        g.slug = "alpha"
        one = render_template_string(page, value=1)
        true = render_template_string(page, value=True)
    assert one.endswith("page=1")
    assert true.endswith("page=True")
