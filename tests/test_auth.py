"""Login, logout, password change, throttling and the language switch."""

from django.test import override_settings
from django.urls import reverse

from tests.conftest import PASSWORD


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_page_speaks_indonesian(client, db):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="id">' in content
    assert "Masuk ke Portal Pokja Bangga Kencana" in content
    assert "Nama pengguna" in content


def test_language_switch_turns_the_login_page_english(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})

    content = client.get(reverse("login")).content.decode()

    assert "Log in to the Pokja Bangga Kencana Portal" in content


def test_coordinator_logs_in_and_lands_on_own_region(client, koord_6371):
    response = login(client, "koord-6371", PASSWORD)
    assert response.status_code == 302

    response = client.get(response["Location"], follow=True)

    assert response.redirect_chain[-1][0] == "/wilayah/63.71/"
    content = response.content.decode()
    assert "Kota Banjarmasin" in content
    assert "Koordinator Kabupaten/Kota" in content


def test_wrong_password_is_explained_in_indonesian(client, koord_6371):
    response = login(client, "koord-6371", "salah")

    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah" in response.content.decode()


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_wrong_passwords_lock_the_account(client, koord_6371):
    for _ in range(3):
        login(client, "koord-6371", "salah")

    response = login(client, "koord-6371", PASSWORD)

    assert response.status_code == 429
    content = response.content.decode()
    assert "Akun dikunci sementara" in content
    assert "15 menit" in content
    assert "_auth_user_id" not in client.session


@override_settings(AXES_FAILURE_LIMIT=3)
def test_lock_is_per_account_not_for_everyone(client, koord_6371, koord_6372):
    for _ in range(3):
        login(client, "koord-6371", "salah")

    assert login(client, "koord-6372", PASSWORD).status_code == 302


def test_logout_needs_a_post_and_ends_the_session(client_for, koord_6371):
    client = client_for(koord_6371)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert client.get(reverse("pokja:home"))["Location"].startswith(reverse("login"))


def test_password_change_keeps_the_user_logged_in(client_for, koord_6371):
    client = client_for(koord_6371)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "sandi-baru-yang-kuat-77",
            "new_password2": "sandi-baru-yang-kuat-77",
        },
        follow=True,
    )

    assert "Kata sandi Anda telah diubah" in response.content.decode()
    koord_6371.refresh_from_db()
    assert koord_6371.check_password("sandi-baru-yang-kuat-77")


def test_password_change_rejects_a_weak_password_in_indonesian(client_for, koord_6371):
    response = client_for(koord_6371).post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )

    assert response.status_code == 200
    assert "Kata sandi ini terlalu umum" in response.content.decode()


def test_navbar_shows_name_role_and_region(client_for, staf_kalsel):
    content = client_for(staf_kalsel).get("/wilayah/63/").content.decode()

    assert str(staf_kalsel) in content
    assert "Staf Provinsi" in content
    assert "Kalimantan Selatan (63)" in content
