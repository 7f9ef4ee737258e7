"""What every response tells the browser, and which methods the site answers."""

import pytest

from facilities.models import tile_origin
from tests.test_inquiries import recaptcha  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def csp(response):
    return dict(
        (part.split(" ", 1) + [""])[:2] for part in response["Content-Security-Policy"].split("; ")
    )


@pytest.mark.parametrize("path", ["/", "/facilities/", "/search/?q=パン", "/contact/", "/faq/"])
def test_public_pages_allow_only_their_own_scripts_and_styles(client, demo_site, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = csp(response)
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert "google" not in response["Content-Security-Policy"]
    assert "geolocation=(self)" in response["Permissions-Policy"]
    assert "camera=()" in response["Permissions-Policy"]


def test_the_admin_is_left_out_of_the_policy(client, demo_site):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response


def test_a_map_page_may_load_tiles_from_its_tile_server(client, demo_site, settings):
    settings.MAP_TILE_URL = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"
    policy = csp(client.get("/facilities/?service=all"))
    assert policy["img-src"] == "'self' data: https://*.tiles.example.org"
    assert tile_origin("http://127.0.0.1:8123/{z}/{x}/{y}.png") == "http://127.0.0.1:8123"


@pytest.mark.usefixtures("recaptcha")
def test_recaptcha_is_allowed_on_the_inquiry_forms_only(client, demo_site):
    form = csp(client.get("/contact/?kind=visit"))
    assert "https://www.google.com" in form["script-src"]
    assert "https://www.google.com" in form["frame-src"]
    assert "google" not in client.get("/facilities/")["Content-Security-Policy"]


@pytest.mark.parametrize("method", ["trace", "put", "delete", "patch", "options"])
@pytest.mark.parametrize("path", ["/search/", "/", "/facilities/", "/contact/"])
def test_only_get_head_and_post_are_answered(client, demo_site, method, path):
    response = getattr(client, method)(path)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, POST"


@pytest.mark.parametrize("path", ["/search/?q=パン", "/", "/about/", "/blog/", "/robots.txt"])
def test_read_only_pages_refuse_post(client, demo_site, path):
    response = client.post(path, {"q": "x"})
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_pages_with_forms_still_take_them(client, demo_site):
    assert client.post("/contact/?kind=general", {}).status_code == 200  # the form, with errors
    assert client.post("/facilities/", {"lat": "35.45", "lon": "139.63"}).status_code == 200
    assert client.post("/facilities/shortlist/", {"action": "clear"}).status_code == 302
