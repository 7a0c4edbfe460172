import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from pokja.models import Region, User
from tests.factories import UserFactory


@pytest.mark.parametrize(
    ("role", "region_fixture", "message"),
    [
        (User.Role.KOORDINATOR, "kalsel", "kabupaten/kota"),
        (User.Role.KOORDINATOR, None, "kabupaten/kota"),
        (User.Role.STAF_PROVINSI, "banjarmasin", "provinsi"),
        (User.Role.STAF_PROVINSI, None, "provinsi"),
        (User.Role.PUSAT, "kalsel", "kosongkan"),
        (User.Role.ADMIN, "banjarmasin", "kosongkan"),
    ],
)
def test_role_needs_a_matching_region(request, db, role, region_fixture, message):
    region = request.getfixturevalue(region_fixture) if region_fixture else None
    user = User(username="baru", role=role, region=region)

    with pytest.raises(ValidationError) as excinfo:
        user.full_clean(exclude=["password"])

    assert message in " ".join(excinfo.value.message_dict["region"]).lower()


@pytest.mark.parametrize(
    ("role", "region_fixture"),
    [
        (User.Role.KOORDINATOR, "banjarmasin"),
        (User.Role.STAF_PROVINSI, "kalsel"),
        (User.Role.PUSAT, None),
        (User.Role.ADMIN, None),
    ],
)
def test_matching_role_and_region_are_accepted(request, db, role, region_fixture):
    region = request.getfixturevalue(region_fixture) if region_fixture else None
    User(username="baru", role=role, region=region).full_clean(exclude=["password"])


def test_only_the_admin_role_enters_django_admin(staf_kalsel, admin):
    assert admin.is_staff and admin.is_superuser
    assert not staf_kalsel.is_staff and not staf_kalsel.is_superuser


def test_createsuperuser_makes_an_admin(db):
    call_command("createsuperuser", username="root", email="r@example.org", interactive=False)

    assert User.objects.get(username="root").role == User.Role.ADMIN


def test_admin_lists_users_with_role_and_region(client_for, admin, koord_6371, staf_sulsel):
    response = client_for(admin).get(reverse("admin:pokja_user_changelist"), {"q": "63.71"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "koord-6371" in content
    assert "Kota Banjarmasin" in content
    assert "staf-sulsel" not in content


def test_admin_filters_users_by_role(client_for, admin, koord_6371, staf_sulsel):
    url = reverse("admin:pokja_user_changelist")
    response = client_for(admin).get(url, {"role__exact": User.Role.STAF_PROVINSI})

    assert "staf-sulsel" in response.content.decode()
    assert "koord-6371" not in response.content.decode()


def test_admin_add_form_explains_a_wrong_region_in_indonesian(client_for, admin, kalsel):
    response = client_for(admin).post(
        reverse("admin:pokja_user_add"),
        {
            "username": "koord-baru",
            "role": User.Role.KOORDINATOR,
            "region": kalsel.code,
            "usable_password": "true",
            "password1": "sandi-yang-kuat-2026",
            "password2": "sandi-yang-kuat-2026",
        },
    )

    assert response.status_code == 200
    assert "Koordinator kabupaten/kota memerlukan kabupaten atau kota" in response.content.decode()
    assert not User.objects.filter(username="koord-baru").exists()


def test_admin_creates_a_coordinator(client_for, admin, banjarmasin):
    response = client_for(admin).post(
        reverse("admin:pokja_user_add"),
        {
            "username": "koord-baru",
            "role": User.Role.KOORDINATOR,
            "region": banjarmasin.code,
            "usable_password": "true",
            "password1": "sandi-yang-kuat-2026",
            "password2": "sandi-yang-kuat-2026",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(username="koord-baru")
    assert user.region == banjarmasin
    assert user.check_password("sandi-yang-kuat-2026")


def test_admin_deactivates_users_but_not_itself(client_for, admin, koord_6371):
    client_for(admin).post(
        reverse("admin:pokja_user_changelist"),
        {"action": "deactivate_users", "_selected_action": [admin.pk, koord_6371.pk]},
    )

    koord_6371.refresh_from_db()
    admin.refresh_from_db()
    assert not koord_6371.is_active
    assert admin.is_active


def test_admin_sets_a_password(client_for, admin, koord_6371):
    response = client_for(admin).post(
        reverse("admin:auth_user_password_change", args=[koord_6371.pk]),
        {"password1": "sandi-baru-2026-x", "password2": "sandi-baru-2026-x"},
    )

    assert response.status_code == 302
    koord_6371.refresh_from_db()
    assert koord_6371.check_password("sandi-baru-2026-x")


def test_non_admins_cannot_open_django_admin(client_for, staf_kalsel):
    response = client_for(staf_kalsel).get(reverse("admin:pokja_user_changelist"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_deactivated_user_sees_nothing(db, kalsel):
    user = UserFactory(role=User.Role.STAF_PROVINSI, region=kalsel, is_active=False)

    assert not Region.objects.for_user(user).exists()
