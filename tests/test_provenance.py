"""'Asal angka': every figure's page says what it is computed from, within the viewer's scope."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from pokja.kernel.provenance import provenance_url
from pokja.models import User
from tests.factories import UserFactory
from tests.test_dashboard import YEAR, complete_pokja, compute, region_url


@pytest.fixture
def verifier(kalsel):
    return UserFactory(
        username="verifikator",
        first_name="Siti",
        last_name="Rahma",
        role=User.Role.STAF_PROVINSI,
        region=kalsel,
    )


@pytest.fixture
def kalsel_assessed(banjarmasin, banjarbaru, verifier):
    """63.71 complete but with a budget waiting for verification; 63.72 effective."""
    complete_pokja(banjarmasin).budgetallocation_set.update(status="diajukan")
    pokja = complete_pokja(banjarbaru)
    pokja.decree_set.update(verified_by=verifier)
    compute()


def page(client, kind, *parts):
    return client.get(provenance_url(kind, *parts))


# --- Scope ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "kind", "parts", "status"),
    [
        ("koord_6371", "efektivitas", ("63.71", YEAR), 200),
        ("koord_6371", "efektivitas", ("63.72", YEAR), 404),
        ("koord_6371", "efektivitas", ("63", YEAR), 404),
        ("koord_6371", "efektif-jumlah", ("63", YEAR), 404),
        ("staf_kalsel", "efektivitas", ("63.72", YEAR), 200),
        ("staf_kalsel", "efektif-jumlah", ("63", YEAR), 200),
        ("staf_sulsel", "efektivitas", ("63.71", YEAR), 404),
        ("staf_sulsel", "efektif-jumlah", ("63", YEAR), 404),
        ("pusat", "efektif-jumlah", ("63", YEAR), 200),
        ("admin", "efektivitas", ("63.71", "tahun"), 404),
        ("admin", "efektivitas", ("63.71",), 404),
        ("admin", "tidak-ada", ("63.71", YEAR), 404),
        ("admin", "efektif-jumlah", ("63.71", YEAR), 404),  # a count is a province's
    ],
)
def test_provenance_pages_are_scoped(
    request, client_for, kalsel_assessed, sulsel, persona, kind, parts, status
):
    user = request.getfixturevalue(persona)
    assert page(client_for(user), kind, *parts).status_code == status


def test_anonymous_is_sent_to_login(client, kalsel_assessed):
    response = page(client, "efektivitas", "63.71", YEAR)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


# --- Effectiveness ----------------------------------------------------------------------------


def test_effectiveness_lists_the_evidence_behind_each_criterion(
    client_for, staf_kalsel, kalsel_assessed, django_assert_max_num_queries
):
    client = client_for(staf_kalsel)
    with django_assert_max_num_queries(14):
        response = page(client, "efektivitas", "63.72", YEAR)
    content = response.content.decode()
    assert "4/4" in content
    provenance = response.context["provenance"]
    assert "(BKKBN, 2023)" in provenance.rule
    assert escape(provenance.rule) in content  # the rule applied
    sk, plan, indicator, budget = provenance.sections
    assert [r.counts for r in sk.records] == [True]
    assert sk.records[0].verified_by == "Siti Rahma"
    assert sk.records[0].label.startswith("SK 188.45/")
    assert sk.records[0].url in content
    assert plan.records[0].counts and indicator.records[0].counts and budget.records[0].counts
    assert "Siti Rahma" in content


def test_effectiveness_shows_the_record_waiting_for_verification_as_not_counted(
    client_for, koord_6371, kalsel_assessed
):
    response = page(client_for(koord_6371), "efektivitas", "63.71", YEAR)
    budget = response.context["provenance"].sections[3]
    assert budget.result.startswith("Belum terpenuhi")
    [line] = budget.records
    assert not line.counts
    assert line.status == "diajukan"
    assert line.note == "Belum diverifikasi."


def test_province_count_lists_each_kabupaten_with_a_link_to_its_criteria(
    client_for, staf_kalsel, kalsel_assessed
):
    response = page(client_for(staf_kalsel), "efektif-jumlah", "63", YEAR)
    provenance = response.context["provenance"]
    assert provenance.figure == "1 dari 2"
    rows = {r.label: r for r in provenance.records}
    assert rows["Kota Banjarbaru"].counts and not rows["Kota Banjarmasin"].counts
    assert provenance_url("efektivitas", "63.72", YEAR) in response.content.decode()


def test_dashboards_link_each_figure_to_its_provenance(
    client_for, staf_kalsel, koord_6371, kalsel_assessed
):
    province = client_for(staf_kalsel).get(region_url("63", tahun=YEAR)).content.decode()
    assert provenance_url("efektif-jumlah", "63", YEAR) in province
    assert provenance_url("efektivitas", "63.72", YEAR) in province  # ranking row
    assert provenance_url("efektivitas", "63", YEAR) in province  # the province's own Pokja
    kabkota = client_for(koord_6371).get(region_url("63.71", tahun=YEAR)).content.decode()
    assert provenance_url("efektivitas", "63.71", YEAR) in kabkota
