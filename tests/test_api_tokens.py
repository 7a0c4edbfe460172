"""Personal API tokens: created on the profile page (shown once, stored hashed), expiring,
revocable by their owner and by admins."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from pokja.api.models import TokenName
from pokja.api.tokens import token_create


def client_with(plain: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {plain}")
    return client


@pytest.mark.django_db
class TestProfileTokens:
    def test_it_creates_a_token_shown_once_and_stores_only_its_hash(self, client_for, koord_6371):
        client = client_for(koord_6371)
        response = client.post(reverse("profile:token_create"), {"name": "Power BI", "days": 90})
        plain = response.context["new_token"]["plain"]
        assert plain in response.content.decode()
        token = AuthToken.objects.get(user=koord_6371)
        assert token.digest != plain and plain not in token.digest
        assert TokenName.objects.get(token=token).name == "Power BI"
        assert (token.expiry - timezone.now()).days in (89, 90)
        again = client.get(reverse("profile:profile")).content.decode()
        assert plain not in again and "Power BI" in again

    def test_it_refuses_a_validity_not_offered(self, client_for, koord_6371):
        response = client_for(koord_6371).post(
            reverse("profile:token_create"), {"name": "x", "days": 5000}
        )
        assert response.status_code == 400
        assert not AuthToken.objects.filter(user=koord_6371).exists()

    def test_a_token_reads_the_api_until_revoked(self, client_for, koord_6371):
        _token, plain = token_create(user=koord_6371, name="skrip", days=30)
        api = client_with(plain)
        assert api.get(reverse("api:region-list")).status_code == 200
        client_for(koord_6371).post(reverse("profile:token_revoke", args=[plain[:15]]))
        assert api.get(reverse("api:region-list")).status_code == 401

    def test_it_cannot_revoke_someone_elses_token(self, client_for, koord_6371, koord_6372):
        _token, plain = token_create(user=koord_6372, name="milik 6372", days=30)
        client_for(koord_6371).post(reverse("profile:token_revoke", args=[plain[:15]]))
        assert client_with(plain).get(reverse("api:region-list")).status_code == 200

    def test_an_expired_token_fails(self, koord_6371):
        token, plain = token_create(user=koord_6371, name="lama", days=1)
        AuthToken.objects.filter(pk=token.pk).update(
            expiry=timezone.now() - datetime.timedelta(minutes=1)
        )
        assert client_with(plain).get(reverse("api:region-list")).status_code == 401

    def test_admin_sees_and_revokes_tokens_in_django_admin(self, client_for, admin, koord_6371):
        token, plain = token_create(user=koord_6371, name="lama", days=30)
        client = client_for(admin)
        listing = client.get(reverse("admin:knox_authtoken_changelist"))
        assert str(koord_6371) in listing.content.decode()
        delete_url = reverse("admin:knox_authtoken_delete", args=[token.pk])
        client.post(delete_url, {"post": "yes"})
        assert client_with(plain).get(reverse("api:region-list")).status_code == 401

    def test_the_profile_page_needs_a_login(self, client):
        response = client.get(reverse("profile:profile"))
        assert response.status_code == 302
