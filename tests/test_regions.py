from django.core.management import call_command

from pokja.models import Region
from pokja.services.regions import load_regions


def test_loader_ships_every_province_and_kabupaten_kota(db):
    load_regions()

    assert Region.objects.provinces().count() == 38
    assert Region.objects.kabupaten_kota().count() == 514
    assert Region.objects.filter(level=Region.Level.KABUPATEN).count() == 416
    assert Region.objects.filter(level=Region.Level.KOTA).count() == 98
    assert not Region.objects.filter(level=Region.Level.KECAMATAN).exists()


def test_banjarmasin_is_a_kota_under_kalimantan_selatan(db):
    load_regions()

    banjarmasin = Region.objects.select_related("parent").get(code="63.71")
    assert banjarmasin.name == "Kota Banjarmasin"
    assert banjarmasin.level == Region.Level.KOTA
    assert banjarmasin.parent.code == "63"
    assert banjarmasin.parent.name == "Kalimantan Selatan"
    assert Region.objects.get(code="63.01").level == Region.Level.KABUPATEN


def test_rerun_restores_names_and_adds_nothing_twice(db):
    load_regions()
    Region.objects.filter(code="63.71").update(name="Salah Ketik")

    load_regions()

    assert Region.objects.count() == 38 + 514
    assert Region.objects.get(code="63.71").name == "Kota Banjarmasin"


def test_command_loads_kecamatan_and_villages_on_request(db, capsys):
    call_command("load_regions", "--villages")

    assert Region.objects.filter(level=Region.Level.KECAMATAN).count() == 7285
    villages = Region.objects.filter(level__in=[Region.Level.DESA, Region.Level.KELURAHAN])
    assert villages.count() == 83762
    kelurahan = Region.objects.get(code="63.71.01.1001")
    assert kelurahan.level == Region.Level.KELURAHAN
    assert kelurahan.parent.parent_id == "63.71"
    assert "91599 regions loaded" in capsys.readouterr().out
