"""Database unavailable: a clear 503 page, no stack trace."""

import pytest

from scic import create_app
from tests.conftest import app_config


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:////nonexistent-directory/scic.sqlite",
        "postgresql+psycopg://scic@127.0.0.1:1/none?connect_timeout=1",
    ],
)
def test_unreachable_database_gives_a_503_page(tmp_path, url):
    app = create_app(
        app_config(
            tmp_path,
            SQLALCHEMY_DATABASE_URI=url,
            WTF_CSRF_ENABLED=False,
            PROPAGATE_EXCEPTIONS=False,
            TESTING=False,
            ENV_DEVELOPMENT=True,
        )
    )
    client = app.test_client()
    response = client.post("/login", data={"email": "a@example.org", "password": "x" * 12})
    assert response.status_code == 503
    text = response.get_data(as_text=True)
    assert "Service temporairement indisponible" in text
    assert "Traceback" not in text
    assert "sqlite" not in text.lower()
    assert "psycopg" not in text.lower()
