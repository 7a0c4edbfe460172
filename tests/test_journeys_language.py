"""Bahasa Indonesia for everyone, English only when chosen in the switch (#10)."""

import re

from django.urls import reverse

from pokja.kernel.indicators import seed_catalogue
from pokja.models import WorkerHeartbeat
from targets.models import Indicator, NationalTarget
from tests.factories import DecreeFactory, PokjaFactory

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def test_an_english_browser_gets_the_indonesian_portal(client, db):
    response = client.get(reverse("login"), **ENGLISH_BROWSER)

    assert '<html lang="id">' in response.content.decode()
    assert "Nama pengguna" in response.content.decode()


def test_english_when_chosen_in_the_switch_and_remembered(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/masuk/"})
    assert response.cookies["django_language"].value == "en"
    assert response.cookies["django_language"]["max-age"] >= 30 * 24 * 3600

    page = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in page and "Username" in page

    client.post(reverse("set_language"), {"language": "id", "next": "/masuk/"})
    assert '<html lang="id">' in client.get(reverse("login"), **ENGLISH_BROWSER).content.decode()


def test_list_pagination_is_indonesian(client_for, staf_kalsel, banjarmasin):
    pokja = PokjaFactory(region=banjarmasin)
    DecreeFactory.create_batch(30, pokja=pokja)
    content = client_for(staf_kalsel).get(reverse("pokja:decree_list")).content.decode()

    assert "Berikutnya" in content
    assert not re.search(r"\bnext\s*<span", content)


def test_catalogue_indicator_names_are_indonesian(db):
    # The migration seeds the catalogue; a transactional test run before this one on the same
    # test worker empties the tables, so the catalogue is seeded again (it only adds what is
    # missing).
    seed_catalogue(Indicator, NationalTarget)
    names = dict(Indicator.objects.values_list("code", "name"))
    assert names["tfr"] == "Angka Kelahiran Total (TFR)"
    assert names["mcpr"] == "Angka Prevalensi Kontrasepsi Modern (mCPR)"


def test_admin_names_are_indonesian(client_for, admin):
    content = client_for(admin).get(reverse("admin:index")).content.decode()

    assert "Percobaan masuk" in content
    assert not re.search(r">\s*axes\s*<", content, re.IGNORECASE)
    assert str(WorkerHeartbeat._meta.verbose_name_plural) == "detak pekerja latar"
