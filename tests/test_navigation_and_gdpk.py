"""The navbar comes from the registry, filtered by the policy; the GDPK list shows which regions
have a GDPK in force."""

import pytest
from django.urls import reverse
from django.utils.html import format_html

from pokja.kernel.verification import Status
from tests.factories import GdpkDocumentFactory


def nav_links(response):
    return [label for label, _url in response.context["nav_items"]]


def test_provincial_staff_see_queue_targets_and_rakerda(client_for, staf_kalsel):
    response = client_for(staf_kalsel).get(reverse("pokja:decree_list"))
    links = nav_links(response)
    assert {"Antrean verifikasi", "Target", "Rakerda"} <= set(links)
    assert "Capaian" not in links and "Administrasi akun" not in links
    assert "/target/63/" in response.content.decode()


def test_coordinator_sees_achievements_not_targets(client_for, koord_6371):
    links = nav_links(client_for(koord_6371).get(reverse("pokja:decree_list")))
    # Coordinators verify their villages' Kampung KB records, so the queue is theirs too.
    assert "Capaian" in links and "Antrean verifikasi" in links
    assert "Target" not in links and "Rakerda" not in links


def test_national_reader_sees_no_link_to_change_anything(client_for, pusat):
    response = client_for(pusat).get(reverse("pokja:decree_list"))
    links = nav_links(response)
    assert not {"Antrean verifikasi", "Target", "Rakerda", "Capaian", "Administrasi akun"} & set(
        links
    )
    assert len(response.context["nav_lists"]) == 6


def test_admin_sees_account_administration(client_for, admin):
    response = client_for(admin).get(reverse("pokja:decree_list"))
    assert nav_links(response)[-1] == "Administrasi akun"


@pytest.fixture
def gdpk_kalsel(banjarmasin, banjarbaru):
    in_force = GdpkDocumentFactory(region=banjarmasin, year_start=2022, year_end=2042)
    GdpkDocumentFactory(region=banjarbaru, year_start=2022, year_end=2042, status=Status.DIAJUKAN)
    return in_force


def test_gdpk_list_tells_in_force_from_missing(client_for, staf_kalsel, gdpk_kalsel):
    response = client_for(staf_kalsel).get(reverse("pokja:gdpk_list") + "?tahun=2026")
    rows = {r.record.code: r.record.gdpk_id for r in response.context["table"].rows}
    assert rows["63.71"] == gdpk_kalsel.pk
    assert rows["63.72"] is None  # submitted, not verified: not in force


def test_gdpk_list_filters_by_situation_and_year(client_for, staf_kalsel, gdpk_kalsel):
    client = client_for(staf_kalsel)
    missing = client.get(reverse("pokja:gdpk_list") + "?tahun=2026&situation=tidak")
    before = client.get(reverse("pokja:gdpk_list") + "?tahun=2020&situation=ada")
    assert "63.71" not in [r.record.code for r in missing.context["table"].rows]
    assert list(before.context["table"].rows) == []


def test_gdpk_list_is_scoped(client_for, staf_sulsel, gdpk_kalsel):
    response = client_for(staf_sulsel).get(reverse("pokja:gdpk_list"))
    assert "63.71" not in [r.record.code for r in response.context["table"].rows]


def test_gdpk_list_queries_are_bounded(
    client_for, staf_kalsel, gdpk_kalsel, django_assert_max_num_queries
):
    client = client_for(staf_kalsel)
    with django_assert_max_num_queries(10):
        client.get(reverse("pokja:gdpk_list"))


def test_region_page_is_composed_of_registered_panels(client_for, staf_kalsel, banjarmasin):
    from pokja.kernel.registry import registry

    def village_note(request, region, year, **kwargs):
        if region.is_province:
            return ""
        return format_html("<p id='test-panel'>{} {}</p>", region.code, year)

    registry.add_panel(village_note, order=999)
    try:
        response = client_for(staf_kalsel).get(reverse("pokja:region_detail", args=["63.71"]))
        province = client_for(staf_kalsel).get(reverse("pokja:region_detail", args=["63"]))
    finally:
        registry.panels[:] = [p for p in registry.panels if p.render is not village_note]
    html = response.content.decode()
    assert "id='test-panel'>63.71" in html
    assert html.index('id="effectiveness"') < html.index("test-panel")
    assert "test-panel" not in province.content.decode()


def test_a_kecamatan_page_has_no_effectiveness_panel(client_for, staf_kalsel, banjarmasin):
    from tests.factories import KecamatanFactory

    KecamatanFactory(code="63.71.01", name="Banjarmasin Selatan", parent=banjarmasin)
    response = client_for(staf_kalsel).get(reverse("pokja:region_detail", args=["63.71.01"]))
    assert response.status_code == 200
    assert 'id="effectiveness"' not in response.content.decode()


@pytest.mark.parametrize(
    ("role", "codes"),
    [
        ("staf_provinsi", ["63"]),
        ("koordinator", ["63.72", "63.71"]),
        ("", ["63", "63.72", "63.71"]),
    ],
)
def test_admin_region_picker_offers_the_level_the_role_needs(
    client_for, admin, banjarmasin, banjarbaru, role, codes
):
    from tests.factories import KecamatanFactory

    KecamatanFactory(code="63.71.01", name="Banjarmasin Selatan", parent=banjarmasin)
    url = reverse("admin:autocomplete") + (
        f"?app_label=pokja&model_name=user&field_name=region&term=&role={role}"
    )
    results = client_for(admin).get(url).json()["results"]
    assert [r["id"] for r in results] == codes  # provinces first, then by name


def test_an_operator_lands_on_its_village_with_its_kampung_kb(client, banjarmasin):
    from pokja.models import User
    from tests.factories import UserFactory
    from tests.kampungkb_factories import KampungKBFactory, village

    desa = village(banjarmasin)
    KampungKBFactory(region=desa, name="Kampung KB Mantuil Sejahtera")
    operator = UserFactory(username="op", role=User.Role.OPERATOR_KAMPUNG_KB, region=desa)
    client.force_login(operator)

    page = client.get("/", follow=True).content.decode()

    assert 'id="kampung-kb-desa"' in page
    assert "Kampung KB Mantuil Sejahtera" in page
    # A desa/kelurahan is the lowest level: no empty "regions below" card.
    assert "Wilayah di bawahnya" not in page


@pytest.fixture
def village_operator(banjarmasin):
    from pokja.models import User
    from tests.factories import UserFactory
    from tests.kampungkb_factories import KampungKBFactory, village

    desa = village(banjarmasin)
    KampungKBFactory(region=desa)
    return UserFactory(username="op", role=User.Role.OPERATOR_KAMPUNG_KB, region=desa)


@pytest.mark.parametrize(
    "persona", ["admin", "staf_kalsel", "koord_6371", "pusat", "village_operator"]
)
def test_every_navbar_link_of_every_persona_opens(request, client_for, banjarmasin, persona):
    client = client_for(request.getfixturevalue(persona))
    response = client.get("/", follow=True)
    links = response.context["nav_items"] + response.context["nav_lists"]

    broken = [(label, url, client.get(url, follow=True).status_code) for label, url in links]

    assert links and [b for b in broken if b[2] != 200] == []
