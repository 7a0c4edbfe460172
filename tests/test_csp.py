"""The Content-Security-Policy (issue #23): every response carries it, scripts come only from the
portal itself, and only the Redoc page is allowed the inline styles and blob: worker it needs."""

import json

import pytest
from django.urls import reverse

from tests.factories import UserFactory

HEADER = "Content-Security-Policy"


def directives(response) -> dict[str, list[str]]:
    assert HEADER in response, f"{response.status_code} without {HEADER}"
    policy = {}
    for part in response[HEADER].split(";"):
        name, *values = part.split()
        policy[name] = values
    return policy


def assert_strict(response) -> None:
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin-csp", role="admin", is_staff=True, is_superuser=True)


def test_it_sends_the_strict_policy_to_anonymous_pages(client, db):
    for url in ["/masuk/", reverse("password_reset"), "/tidak-ada/", "/api/v1/regions/"]:
        response = client.get(url)
        assert_strict(response)
        assert directives(response)["style-src"] == ["'self'"], url


def test_it_sends_the_strict_policy_to_a_staff_member(client, staf_kalsel, kalsel):
    client.force_login(staf_kalsel)
    for url in ["/wilayah/63/", "/daftar/sk/", "/profil/", "/api/v1/regions/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict(response)
        policy = directives(response)
        assert policy["style-src"] == ["'self'"], url
        assert "worker-src" not in policy, url


def test_it_sends_the_strict_policy_to_django_admin(client, admin_user):
    client.force_login(admin_user)
    for url in ["/admin/", "/admin/pokja/user/", "/admin/pokja/user/add/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict(response)
        assert directives(response)["style-src"] == ["'self'"], url


def test_swagger_keeps_the_strict_policy_with_its_script_as_a_file(client, staf_kalsel):
    client.force_login(staf_kalsel)
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    assert_strict(page)
    assert directives(page)["style-src"] == ["'self'"]
    html = page.content.decode()
    assert "<style" not in html
    assert 'src="/api/v1/docs/?script="' in html
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


def test_redoc_alone_may_use_inline_style_and_a_blob_worker(client, staf_kalsel):
    client.force_login(staf_kalsel)
    response = client.get("/api/v1/redoc/")
    assert response.status_code == 200
    assert_strict(response)
    policy = directives(response)
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["worker-src"] == ["'self'", "blob:"]
    html = response.content.decode()
    assert "fonts.googleapis.com" not in html
    assert "<style" not in html


REPORT = {
    "csp-report": {
        "document-uri": "http://testserver/masuk/",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "blocked-uri": "inline",
        "original-policy": "x" * 300,
    }
}


def post_report(client, body, **extra):
    return client.post(reverse("csp_report"), body, content_type="application/csp-report", **extra)


def test_the_policy_reports_to_the_portal(client, db):
    policy = directives(client.get("/masuk/"))
    assert policy["report-uri"] == [reverse("csp_report")]


def test_a_report_is_logged_without_login(client, db, caplog):
    response = post_report(client, json.dumps(REPORT))
    assert response.status_code == 204
    [record] = [r for r in caplog.records if r.name == "pokja.csp"]
    assert "script-src-elem" in record.getMessage()
    assert "xxx" not in record.getMessage()  # only the few fields that say what was blocked


def test_a_report_endpoint_refuses_what_is_not_a_small_report(client, db, caplog):
    assert client.get(reverse("csp_report")).status_code == 405
    assert post_report(client, "not json").status_code == 400
    big = json.dumps({"csp-report": {"blocked-uri": "x" * 10_000}})
    assert post_report(client, big).status_code == 413
    assert not [r for r in caplog.records if r.name == "pokja.csp"]


def test_reports_from_one_address_are_logged_at_most_the_limit(client, db, caplog, settings):
    settings.CSP_REPORT_PER_MINUTE = 3
    for _ in range(5):
        assert post_report(client, json.dumps(REPORT), REMOTE_ADDR="10.9.8.7").status_code == 204
    assert len([r for r in caplog.records if r.name == "pokja.csp"]) == 3
