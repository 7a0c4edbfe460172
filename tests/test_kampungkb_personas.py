"""Who does what with Kampung KB records: the kernel's record contract, and the operator's and
coordinator's own rules (pokja/kernel/policy.py)."""

import pytest
from django.urls import reverse

from kampungkb.models import MaturityClass, Profile
from kampungkb.record_types import ACTIVITIES, PROFILES
from pokja.models import User
from tests.factories import pdf_file
from tests.kampungkb_factories import (
    ActivityFactory,
    KampungKBFactory,
    ProfileFactory,
    village,
)
from tests.kernel.record_type_contract import RecordTypeContract


class KampungRecordContract(RecordTypeContract):
    """The contract, but a coordinator verifies its villages' records (not the province's)."""

    def test_coordinator_cannot_verify(self, client_for, banjarmasin, koord_6371):
        record = self.make(banjarmasin, status="diajukan")
        client_for(koord_6371).post(self.url("status", record), {"action": "verify"})
        record.refresh_from_db()
        assert record.status == "terverifikasi"  # the opposite of Pokja records: on purpose


class TestProfile(KampungRecordContract):
    record_type = PROFILES

    def make(self, region, status="terverifikasi"):
        kampung = KampungKBFactory(region=village(region))
        return ProfileFactory(kampung=kampung, status=status, document=pdf_file())


class TestActivity(KampungRecordContract):
    record_type = ACTIVITIES

    def make(self, region, status="terverifikasi"):
        kampung = KampungKBFactory(region=village(region))
        return ActivityFactory(kampung=kampung, status=status, document=pdf_file())


def test_operator_cannot_see_another_villages_draft(client_for, operator, two_villages):
    other = ProfileFactory(kampung=two_villages[1])
    own = ProfileFactory(kampung=two_villages[0])
    client = client_for(operator)
    assert client.get(own.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(two_villages[1].get_absolute_url()).status_code == 404


def test_operator_submits_but_cannot_verify(client_for, operator, two_villages):
    profile = ProfileFactory(kampung=two_villages[0])
    client = client_for(operator)
    client.post(PROFILES.url("status", profile), {"action": "submit"})
    profile.refresh_from_db()
    assert profile.status == "diajukan"
    client.post(PROFILES.url("status", profile), {"action": "verify"})
    profile.refresh_from_db()
    assert profile.status == "diajukan"


def test_operator_enters_a_profile_with_figures_that_add_up(client_for, operator, two_villages):
    client = client_for(operator)
    url = PROFILES.create_url(two_villages[0])
    response = client.post(
        url, {"period": "03/2025", "pus": "10", "kb_pill": "12", "status": "draf"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "tidak boleh melebihi" in page or "cannot exceed" in page
    assert not Profile.objects.exists()


def test_operator_cannot_register_or_close_a_kampung(
    client_for, operator, two_villages, banjarmasin
):
    client = client_for(operator)
    assert client.get(f"/kampung-kb/wilayah/{banjarmasin.code}/tambah/").status_code == 404
    assert client.get(f"/kampung-kb/{two_villages[0].pk}/tutup/").status_code == 404


def test_operator_home_opens_its_kampung(client_for, operator, two_villages):
    response = client_for(operator).get("/kampung-kb/")
    assert response.status_code == 302
    assert response["Location"] == two_villages[0].get_absolute_url()


def test_coordinator_of_another_kabkota_cannot_verify(client_for, koord_6372, two_villages):
    profile = ProfileFactory(kampung=two_villages[0], status="diajukan")
    response = client_for(koord_6372).post(PROFILES.url("status", profile), {"action": "verify"})
    assert response.status_code == 404
    profile.refresh_from_db()
    assert (profile.status, profile.verified_by, profile.history.count()) == ("diajukan", None, 1)


def test_pusat_reads_the_pages_but_changes_nothing(client_for, pusat, two_villages, banjarmasin):
    client = client_for(pusat)
    assert client.get("/kampung-kb/nasional/").status_code == 200
    assert client.get(f"/kampung-kb/wilayah/{banjarmasin.code}/").status_code == 200
    assert client.get(two_villages[0].get_absolute_url()).status_code == 200
    assert client.get(f"/kampung-kb/wilayah/{banjarmasin.code}/tambah/").status_code == 404
    assert client.post(f"/kampung-kb/wilayah/{banjarmasin.code}/hitung-kelas/").status_code == 404
    assert not MaturityClass.objects.exists()  # no class computed


def test_operator_needs_a_village_as_region(banjarmasin):
    from django.core.exceptions import ValidationError

    user = User(username="op", role=User.Role.OPERATOR_KAMPUNG_KB, region=banjarmasin)
    with pytest.raises(ValidationError):
        user.full_clean()


def test_coordinator_registers_a_kampung_by_village_code(client_for, koord_6371, banjarmasin):
    desa = village(banjarmasin, 7)
    response = client_for(koord_6371).post(
        f"/kampung-kb/wilayah/{banjarmasin.code}/tambah/",
        {
            "region": f"{desa.code} {desa.name}",
            "name": "Kampung KB Baru",
            "launched_on": "01/02/2024",
            "coverage": "desa",
        },
    )
    assert response.status_code == 302
    assert desa.kampung_kb.get().name == "Kampung KB Baru"


def test_village_search_offers_only_villages_in_scope(
    client_for, koord_6371, banjarmasin, banjarbaru
):
    village(banjarmasin, 3)
    village(banjarbaru, 3)
    search = reverse("pokja:region_search")
    params = {"q": "Desa", "tingkat": "desa", "tindakan": "ubah"}
    results = client_for(koord_6371).get(search, params).json()["results"]
    assert results and all(r["value"].startswith("63.71.") for r in results)
