"""Malformed input answers 400/404 or a clear message, never 500."""

from datetime import date

import pytest
from django.urls import reverse

from pokja.models import WorkingGroup
from pokja.pagination import MAX_PER_PAGE
from tests.factories import DecreeFactory, PokjaFactory, WorkingGroupFactory


@pytest.fixture
def pokja_6371(banjarmasin):
    return PokjaFactory(region=banjarmasin)


@pytest.mark.parametrize("value", ["-1", "0", "99999999", "1e9"])
def test_an_impossible_expiry_year_is_a_form_error_not_a_500(client_for, staf_kalsel, value):
    response = client_for(staf_kalsel).get(reverse("pokja:decree_list"), {"expires_in": value})

    assert response.status_code == 200
    assert response.context["filter"].errors


@pytest.mark.parametrize("name", ["workplan_list", "budgetallocation_list", "workplan_gap_list"])
def test_an_impossible_year_filter_is_a_form_error_not_a_500(client_for, staf_kalsel, name):
    response = client_for(staf_kalsel).get(reverse(f"pokja:{name}"), {"year": "-1", "tahun": "-1"})

    assert response.status_code == 200


@pytest.mark.parametrize("per_page", ["-1", "0", "100000"])
def test_per_page_is_kept_within_bounds(client_for, staf_kalsel, pokja_6371, per_page):
    DecreeFactory.create_batch(3, pokja=pokja_6371)

    response = client_for(staf_kalsel).get(reverse("pokja:decree_list"), {"per_page": per_page})

    assert response.status_code == 200
    assert 1 <= response.context["table"].paginator.per_page <= MAX_PER_PAGE


@pytest.mark.parametrize(
    "url",
    [
        "/wilayah/%00/",
        "/wilayah/63%0071/pokja/",
        "/daftar/sk/?region=%00",
        "/target/ekspor/target.csv?provinsi=%00",
    ],
)
def test_a_nul_byte_in_a_request_is_a_400(client_for, staf_kalsel, url):
    response = client_for(staf_kalsel).get(url)

    assert response.status_code == 400


def test_deleting_a_bidang_that_still_has_records_explains_why(client_for, staf_kalsel, pokja_6371):
    group = WorkingGroupFactory(pokja=pokja_6371, name="Bidang Advokasi")
    DecreeFactory(pokja=pokja_6371, working_group=group)

    response = client_for(staf_kalsel).post(
        reverse("pokja:workinggroup_delete", args=[group.pk]), follow=True
    )

    assert response.status_code == 200
    assert WorkingGroup.objects.filter(pk=group.pk).exists()
    text = " ".join(str(m) for m in response.context["messages"])
    assert "Bidang Advokasi tidak dapat dihapus karena masih dirujuk oleh data lain" in text
    assert "SK" in text


def test_a_bidang_without_records_is_still_deleted(client_for, staf_kalsel, pokja_6371):
    group = WorkingGroupFactory(pokja=pokja_6371)

    client_for(staf_kalsel).post(reverse("pokja:workinggroup_delete", args=[group.pk]))

    assert not WorkingGroup.objects.filter(pk=group.pk).exists()


def test_date_far_in_the_past_is_refused_with_a_clear_message(client_for, staf_kalsel, pokja_6371):
    decree = DecreeFactory.build(pokja=pokja_6371, valid_from=date(1, 1, 1))

    with pytest.raises(Exception) as info:
        decree.full_clean()

    assert "valid_from" in info.value.message_dict
    assert info.value.message_dict["valid_from"][0].startswith(
        "Masukkan tanggal antara 01/01/1945 dan 31/12/"
    )


def test_date_far_in_the_future_is_refused(pokja_6371):
    decree = DecreeFactory.build(pokja=pokja_6371, valid_until=date(9999, 12, 31))

    with pytest.raises(Exception) as info:
        decree.full_clean()

    assert "valid_until" in info.value.message_dict
