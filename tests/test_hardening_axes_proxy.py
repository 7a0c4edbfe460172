"""Behind the reverse proxy, login throttling tells clients apart by X-Forwarded-For."""

import pytest
from django.test import override_settings
from django.urls import reverse

from pokja.client_ip import client_ip
from tests.conftest import PASSWORD

PROXY = "10.0.0.2"


def login(client, password, forwarded_for):
    return client.post(
        reverse("login"),
        {"username": "koord-6371", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


@override_settings(AXES_FAILURE_LIMIT=3, AXES_IPWARE_PROXY_COUNT=1)
def test_two_clients_behind_the_proxy_are_locked_separately(client, koord_6371):
    for _ in range(3):
        login(client, "salah", "203.0.113.7")

    assert login(client, PASSWORD, "203.0.113.7").status_code == 429
    assert login(client, PASSWORD, "198.51.100.9").status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3, AXES_IPWARE_PROXY_COUNT=1)
def test_a_client_cannot_escape_its_lock_by_forging_the_header(client, koord_6371):
    for n in range(3):
        login(client, "salah", f"192.0.2.{n}, 203.0.113.7")

    assert login(client, PASSWORD, "192.0.2.99, 203.0.113.7").status_code == 429


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.7", PROXY),
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "1.1.1.1, 203.0.113.7", "203.0.113.7"),
        (2, "203.0.113.7, 10.0.0.1", "203.0.113.7"),
        (2, "203.0.113.7", PROXY),
        (1, "not-an-address", PROXY),
    ],
)
def test_it_picks_the_address_the_trusted_proxy_saw(rf, settings, count, forwarded, expected):
    settings.AXES_IPWARE_PROXY_COUNT = count
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip(request) == expected
