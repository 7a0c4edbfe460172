"""Accounts that left a trail are deactivated, not deleted; history keeps their names."""

import pytest
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse

from pokja.kernel import workflow as record_services
from pokja.models import Decree, User
from tests.factories import DecreeFactory, PokjaFactory, UserFactory


@pytest.fixture
def decree_by_staff(banjarmasin, staf_kalsel):
    decree = DecreeFactory.build(pokja=PokjaFactory(region=banjarmasin))
    decree._history_user = staf_kalsel  # what HistoryRequestMiddleware does in a request
    return record_services.record_save(record=decree, user=staf_kalsel)


def test_admin_refuses_to_delete_an_author_and_explains(
    client_for, admin, staf_kalsel, decree_by_staff
):
    client = client_for(admin)
    url = reverse("admin:pokja_user_delete", args=[staf_kalsel.pk])

    response = client.post(url, {"post": "yes"}, follow=True)

    assert User.objects.filter(pk=staf_kalsel.pk).exists()
    text = " ".join(str(m) for m in response.context["messages"])
    assert "staf-kalsel" in text
    assert "tidak dapat dihapus" in text
    assert "Nonaktifkan akun ini" in text


def test_history_keeps_the_authors_name(decree_by_staff, staf_kalsel):
    with pytest.raises(ProtectedError), transaction.atomic():
        staf_kalsel.delete()

    entry = Decree.history.get(id=decree_by_staff.pk)
    assert entry.history_user == staf_kalsel
    assert Decree.objects.get(pk=decree_by_staff.pk).created_by == staf_kalsel


def test_a_queryset_delete_is_refused_too(decree_by_staff, staf_kalsel):
    with pytest.raises(ProtectedError), transaction.atomic():
        User.objects.filter(pk=staf_kalsel.pk).delete()


def test_an_account_without_a_trail_can_still_be_deleted(client_for, admin):
    mistake = UserFactory(username="salah-buat")

    client_for(admin).post(reverse("admin:pokja_user_delete", args=[mistake.pk]), {"post": "yes"})

    assert not User.objects.filter(pk=mistake.pk).exists()


def test_bulk_delete_is_not_offered(client_for, admin):
    response = client_for(admin).get(reverse("admin:pokja_user_changelist"))

    assert "delete_selected" not in response.content.decode()
    assert "deactivate_users" in response.content.decode()
