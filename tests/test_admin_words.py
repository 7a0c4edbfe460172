"""Django admin in correct Indonesian (#24): the packages' English names ("KNOX", "Auth tokens")
and the typos of Django's own Indonesian catalogue are corrected in the portal's catalogue."""

from django.urls import reverse
from knox.models import AuthToken


def test_the_admin_index_names_api_tokens_in_indonesian(client_for, admin):
    page = client_for(admin).get(reverse("admin:index")).content.decode()

    assert "Akses API" in page and "Token API" in page
    assert "Knox" not in page and "Auth tokens" not in page
    # Django's catalogue: "Rubah atau tampilkan tautan kunjungan" (a misspelled, wrong word)
    assert "Rubah" not in page
    assert "Tautan untuk mengubah atau melihat daftar" in page


def test_the_token_list_has_indonesian_columns(client_for, admin):
    AuthToken.objects.create(user=admin)

    page = client_for(admin).get(reverse("admin:knox_authtoken_changelist")).content.decode()

    for column in ("Sidik token", "Pengguna", "Dibuat", "Kedaluwarsa"):
        assert column in page


def test_the_new_user_form_spells_password_authentication(client_for, admin):
    page = client_for(admin).get(reverse("admin:pokja_user_add")).content.decode()

    assert "Autentidikasi" not in page
    assert "Autentikasi dengan kata sandi" in page


def test_a_token_made_in_admin_is_announced_in_indonesian(client_for, admin):
    client = client_for(admin)

    response = client.post(
        reverse("admin:knox_authtoken_add"), {"user": admin.pk, "expiry": ""}, follow=True
    )

    page = response.content.decode()
    assert "Token baru (hanya ditampilkan sekarang; salin):" in page
    assert "TOKEN " not in page
    assert AuthToken.objects.filter(user=admin).count() == 1
