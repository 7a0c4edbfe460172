"""API throttling: per token, and per user across all their tokens (ten tokens must not give one
user ten budgets)."""

import contextlib

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from rest_framework.settings import api_settings

from pokja.api.throttling import PerTokenThrottle, PerUserThrottle
from tests.kernel.api_contract import api_client

THROTTLES = (PerTokenThrottle, PerUserThrottle)


@contextlib.contextmanager
def throttle_rates(**rates):
    """The rates of the settings for the time of a test. Each throttle class keeps the rates it
    read at import: the suite's own are put back afterwards (read before the override, which the
    class attributes would otherwise keep for later tests)."""
    suite_rates = {throttle: throttle.THROTTLE_RATES for throttle in THROTTLES}
    cache.clear()
    try:
        with override_settings(
            REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
        ):
            api_settings.reload()
            for throttle in THROTTLES:
                throttle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
            yield
    finally:
        for throttle, rates_before in suite_rates.items():
            throttle.THROTTLE_RATES = rates_before
        api_settings.reload()
        cache.clear()


@pytest.mark.django_db
def test_one_users_limit_applies_across_all_their_tokens(koord_6371, koord_6372, banjarmasin):
    url = reverse("api:region-list")
    with throttle_rates(api="3/min", api_user="5/min"):
        tokens = [api_client(koord_6371) for _ in range(4)]
        codes = [client.get(url).status_code for client in tokens for _ in range(2)]
        # 2 requests on each of 4 tokens, none over its token's 3: the user's 5 stop the 6th
        assert codes == [200] * 5 + [429] * 3
        assert api_client(koord_6371).get(url).status_code == 429  # a new token too
        assert api_client(koord_6372).get(url).status_code == 200  # another user is not


@pytest.mark.django_db
def test_a_token_still_has_its_own_limit_under_the_users(koord_6371, banjarmasin):
    url = reverse("api:region-list")
    with throttle_rates(api="2/min", api_user="10/min"):
        first, second = api_client(koord_6371), api_client(koord_6371)
        assert [first.get(url).status_code for _ in range(3)] == [200, 200, 429]
        assert second.get(url).status_code == 200


@pytest.mark.django_db
def test_the_429_says_when_to_try_again_all_in_indonesian(koord_6371, banjarmasin):
    url = reverse("api:region-list")
    with throttle_rates(api="1/min", api_user="10/min"):
        client = api_client(koord_6371)
        client.get(url)
        response = client.get(url)
    wait = int(response["Retry-After"])
    assert response.status_code == 429
    assert response.json() == {
        "detail": f"Terlalu banyak permintaan. Coba lagi dalam {wait} detik."
    }
