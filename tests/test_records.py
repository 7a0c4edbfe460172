"""Pokja records: every view tried by every persona, validation, uploads, workflow, history."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from pokja.models import BudgetAllocation, Decree, Pokja, VerifiableRecord, WorkPlan
from tests import images
from tests.factories import (
    BudgetAllocationFactory,
    DecreeFactory,
    DocumentIndicatorFactory,
    IndicatorDocumentFactory,
    MemberFactory,
    PokjaFactory,
    WorkingGroupFactory,
    WorkPlanActivityFactory,
    WorkPlanFactory,
)

Status = VerifiableRecord.Status
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = images.png()
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def upload(content=PDF, name="sk.pdf"):
    return SimpleUploadedFile(name, content)


@pytest.fixture
def pokja_6371(banjarmasin):
    return PokjaFactory(region=banjarmasin)


@pytest.fixture
def pokja_6372(banjarbaru):
    return PokjaFactory(region=banjarbaru)


@pytest.fixture
def decree_6371(pokja_6371):
    return DecreeFactory(pokja=pokja_6371, number="188.45/12/KUM/2023")


def decree_form(**overrides):
    data = {
        "number": "188.45/77/KUM/2024",
        "set_on": "2024-01-05",
        "signer": Decree.Signer.WALIKOTA,
        "valid_from": "2024-01-05",
        "valid_until": "2028-12-31",
        "status": Status.DRAF,
    }
    data.update(overrides)
    return data


def budget_form(**overrides):
    data = {
        "year": date.today().year,
        "source": BudgetAllocation.Source.APBD,
        "amount": "150000000",
        "is_operational": "on",
        "status": Status.DRAF,
    }
    data.update(overrides)
    return data


def create_url(name, code="63.71"):
    return reverse(f"pokja:{name}_create", kwargs={"code": code})


# --- Who sees what -------------------------------------------------------------------------


def test_anonymous_is_sent_to_login_from_every_record_page(client, decree_6371):
    for url in [
        reverse("pokja:pokja_detail", kwargs={"code": "63.71"}),
        decree_6371.get_absolute_url(),
        reverse("pokja:decree_document", kwargs={"pk": decree_6371.pk}),
        create_url("decree"),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


PERSONA_SCOPE = [
    ("koord_6371", 200),
    ("koord_6372", 404),
    ("staf_kalsel", 200),
    ("staf_sulsel", 404),
    ("pusat", 200),
    ("admin", 200),
]


@pytest.mark.parametrize(("persona", "status"), PERSONA_SCOPE)
def test_pokja_page_is_scoped(request, client_for, pokja_6371, banjarbaru, sulsel, persona, status):
    user = request.getfixturevalue(persona)
    url = reverse("pokja:pokja_detail", kwargs={"code": "63.71"})

    assert client_for(user).get(url).status_code == status


@pytest.mark.parametrize(("persona", "status"), PERSONA_SCOPE)
@pytest.mark.parametrize(
    "factory", [DecreeFactory, WorkPlanFactory, IndicatorDocumentFactory, BudgetAllocationFactory]
)
def test_record_page_and_file_are_scoped(
    request, client_for, pokja_6371, banjarbaru, sulsel, persona, status, factory
):
    record = factory(pokja=pokja_6371)
    client = client_for(request.getfixturevalue(persona))
    name = record._meta.model_name

    assert client.get(record.get_absolute_url()).status_code == status
    response = client.get(reverse(f"pokja:{name}_document", kwargs={"pk": record.pk}))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize(
    ("persona", "code"), [("koord_6372", 404), ("staf_sulsel", 404), ("pusat", 403)]
)
def test_who_may_not_change_gets_404_outside_scope_and_403_inside(
    request, client_for, decree_6371, banjarbaru, sulsel, persona, code
):
    """Outside the scope 404 (nothing confirms the record exists); a national reader sees it
    but may not change it: 403, on a direct POST as on a GET."""
    client = client_for(request.getfixturevalue(persona))
    pk = decree_6371.pk

    assert client.get(create_url("decree")).status_code == code
    assert client.post(create_url("decree"), decree_form()).status_code == code
    assert (
        client.post(reverse("pokja:decree_edit", kwargs={"pk": pk}), decree_form()).status_code
        == code
    )
    assert client.post(reverse("pokja:decree_delete", kwargs={"pk": pk})).status_code == code
    status_url = reverse("pokja:decree_status", kwargs={"pk": pk})
    assert client.post(status_url, {"action": "verify"}).status_code == code
    assert Decree.objects.filter(pk=pk, number="188.45/12/KUM/2023").exists()


def test_a_refused_post_answers_the_indonesian_403_page_with_a_link_back(
    client_for, pusat, decree_6371
):
    detail = decree_6371.get_absolute_url()
    response = client_for(pusat).post(
        reverse("pokja:decree_edit", kwargs={"pk": decree_6371.pk}),
        decree_form(),
        HTTP_REFERER=f"http://testserver{detail}",
    )
    assert response.status_code == 403
    content = response.content.decode()
    assert "Tidak diizinkan" in content
    assert "Akun Anda boleh membaca data ini, tetapi tidak boleh mengubahnya." in content
    assert f'href="http://testserver{detail}"' in content


def test_national_viewer_sees_no_add_buttons(client_for, pusat, pokja_6371):
    content = client_for(pusat).get(pokja_6371.get_absolute_url()).content.decode()

    assert create_url("decree") not in content


def test_a_form_post_cannot_move_a_record_into_another_region(
    client_for, koord_6371, decree_6371, pokja_6372
):
    client_for(koord_6371).post(
        reverse("pokja:decree_edit", kwargs={"pk": decree_6371.pk}),
        decree_form(number="188.45/12/KUM/2023", pokja=pokja_6372.pk, status=Status.DRAF),
    )

    assert Decree.objects.get(pk=decree_6371.pk).pokja == decree_6371.pokja
    assert not Decree.objects.filter(pokja=pokja_6372).exists()


def test_working_group_dropdown_offers_only_this_pokjas_groups(
    client_for, staf_kalsel, pokja_6371, pokja_6372
):
    own = WorkingGroupFactory(pokja=pokja_6371, name="Pokja Advokasi Banjarmasin")
    other = WorkingGroupFactory(pokja=pokja_6372, name="Pokja Advokasi Banjarbaru")
    client = client_for(staf_kalsel)

    form = client.get(create_url("decree")).context["form"]
    assert list(form.fields["working_group"].queryset) == [own]

    response = client.post(create_url("decree"), decree_form(working_group=other.pk))
    assert "working_group" in response.context["form"].errors


# --- Forming the Pokja and its members -----------------------------------------------------


def test_staff_form_the_pokja_of_a_kabupaten(client_for, staf_kalsel, banjarbaru):
    response = client_for(staf_kalsel).post(
        reverse("pokja:pokja_form", kwargs={"code": "63.72"}),
        {
            "name": "Pokja Bangga Kencana Kota Banjarbaru",
            "formed_on": "2023-03-01",
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    assert Pokja.objects.get(region=banjarbaru).formed_on == date(2023, 3, 1)


def test_pokja_page_shows_whether_it_is_cross_sector(client_for, staf_kalsel, pokja_6371):
    MemberFactory(pokja=pokja_6371, category="opd")
    client = client_for(staf_kalsel)
    url = pokja_6371.get_absolute_url()

    assert client.get(url).context["element_counts"]["is_cross_sector"] is False
    MemberFactory(pokja=pokja_6371, category="perguruan_tinggi")
    counts = client.get(url).context["element_counts"]
    assert counts["is_cross_sector"] is True
    assert (counts["government"], counts["non_government"]) == (1, 1)


def test_coordinator_adds_a_member_to_own_pokja(client_for, koord_6371, pokja_6371):
    response = client_for(koord_6371).post(
        create_url("member"),
        {
            "name": "Siti Aminah",
            "position": "sekretaris",
            "institution": "Bappeda",
            "category": "opd",
        },
    )

    assert response.status_code == 302
    assert pokja_6371.members.get().name == "Siti Aminah"


# --- Validation, in Indonesian, losing nothing ---------------------------------------------


def errors_of(response, field):
    return " ".join(response.context["form"].errors.get(field, []))


def test_validity_end_before_start_is_refused(client_for, staf_kalsel, pokja_6371):
    response = client_for(staf_kalsel).post(
        create_url("decree"), decree_form(valid_until="2023-12-31")
    )

    assert "tidak boleh sebelum" in errors_of(response, "valid_until")
    assert not Decree.objects.exists()


def test_duplicate_sk_number_in_the_same_region_is_refused(client_for, staf_kalsel, decree_6371):
    response = client_for(staf_kalsel).post(
        create_url("decree"), decree_form(number=decree_6371.number)
    )

    assert response.status_code == 200
    assert "sudah memiliki SK dengan nomor ini" in response.content.decode()
    assert Decree.objects.count() == 1


def test_the_same_sk_number_is_fine_in_another_region(
    client_for, staf_kalsel, decree_6371, pokja_6372
):
    response = client_for(staf_kalsel).post(
        create_url("decree", "63.72"), decree_form(number=decree_6371.number)
    )

    assert response.status_code == 302


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"amount": "-5"}, "amount", "tidak boleh negatif"),
        ({"amount": "99999999999999"}, "amount", "tidak masuk akal"),
        ({"realised_amount": "200000000"}, "realised_amount", "tidak boleh melebihi"),
        ({"year": "1990"}, "year", "Masukkan tahun antara"),
        ({"year": str(date.today().year + 10)}, "year", "Masukkan tahun antara"),
        ({"status": Status.DIAJUKAN}, "document", "Lampirkan dokumen"),
    ],
)
def test_bad_budget_input_is_explained(client_for, koord_6371, pokja_6371, data, field, message):
    response = client_for(koord_6371).post(create_url("budgetallocation"), budget_form(**data))

    assert message in errors_of(response, field)
    assert not BudgetAllocation.objects.exists()


def test_a_second_work_plan_for_the_same_year_is_refused(client_for, staf_kalsel, pokja_6371):
    plan = WorkPlanFactory(pokja=pokja_6371)
    response = client_for(staf_kalsel).post(
        create_url("workplan"),
        {
            "year": plan.year,
            "title": "Lagi",
            "status": Status.DRAF,
            "activities-TOTAL_FORMS": "0",
            "activities-INITIAL_FORMS": "0",
        },
    )

    assert "sudah memiliki rencana kerja untuk tahun itu" in response.content.decode()
    assert WorkPlan.objects.count() == 1


def test_work_plan_is_saved_with_its_activities(client_for, staf_kalsel, pokja_6371):
    response = client_for(staf_kalsel).post(
        create_url("workplan"),
        {
            "year": date.today().year,
            "title": "Rencana Kerja Pokja",
            "status": Status.DRAF,
            "activities-TOTAL_FORMS": "2",
            "activities-1-planned_cost": "0",
            "activities-1-realisation": "belum",
            "activities-INITIAL_FORMS": "0",
            "activities-0-name": "Rapat koordinasi",
            "activities-0-month_start": "2",
            "activities-0-month_end": "2",
            "activities-0-planned_cost": "2500000",
            "activities-0-realisation": "belum",
        },
    )

    assert response.status_code == 302
    assert WorkPlan.objects.get().activities.get().planned_cost == 2500000


def test_an_activity_with_months_reversed_saves_nothing(client_for, staf_kalsel, pokja_6371):
    response = client_for(staf_kalsel).post(
        create_url("workplan"),
        {
            "year": date.today().year,
            "title": "Rencana Kerja Pokja",
            "status": Status.DRAF,
            "activities-TOTAL_FORMS": "1",
            "activities-INITIAL_FORMS": "0",
            "activities-0-name": "Rapat",
            "activities-0-month_start": "9",
            "activities-0-month_end": "3",
            "activities-0-planned_cost": "1",
            "activities-0-realisation": "belum",
        },
    )

    assert "Bulan terakhir tidak boleh sebelum" in response.content.decode()
    assert not WorkPlan.objects.exists()


def test_indicator_document_needs_the_name_of_an_other_indicator(
    client_for, staf_kalsel, pokja_6371
):
    response = client_for(staf_kalsel).post(
        create_url("indicatordocument"),
        {
            "document_type": "rkpd",
            "title": "RKPD 2026",
            "year_start": "2026",
            "year_end": "2026",
            "status": Status.DRAF,
            "indicators-TOTAL_FORMS": "1",
            "indicators-INITIAL_FORMS": "0",
            "indicators-0-indicator": "lainnya",
        },
    )

    assert "Tuliskan nama indikator lainnya" in response.content.decode()


# --- Evidence files -------------------------------------------------------------------------


def test_a_renamed_executable_is_refused_and_typed_values_are_kept(
    client_for, staf_kalsel, pokja_6371
):
    response = client_for(staf_kalsel).post(
        create_url("decree"), decree_form(document=upload(EXE, "sk-walikota.pdf"))
    )

    assert "Hanya dokumen PDF, JPEG, atau PNG" in errors_of(response, "document")
    assert 'value="188.45/77/KUM/2024"' in response.content.decode()
    assert not Decree.objects.exists()


@override_settings(UPLOAD_MAX_BYTES=1024)
def test_a_file_over_the_size_limit_is_refused(client_for, staf_kalsel, pokja_6371):
    big = PDF + b"0" * 2048

    response = client_for(staf_kalsel).post(create_url("decree"), decree_form(document=upload(big)))

    assert "berkas terbesar yang diterima adalah 1,0" in errors_of(response, "document")


def test_a_png_scan_is_accepted_and_stored_under_a_safe_name(client_for, staf_kalsel, pokja_6371):
    client_for(staf_kalsel).post(
        create_url("decree"), decree_form(document=upload(PNG, "../../etc/SK walikota.png"))
    )

    decree = Decree.objects.get()
    assert decree.document.name.startswith("evidence/63.71/decree/img-")  # re-encoded
    assert decree.document.name.endswith(".png")
    assert ".." not in decree.document.name
    response = client_for(staf_kalsel).get(
        reverse("pokja:decree_document", kwargs={"pk": decree.pk})
    )
    assert "SK_walikota.png" in response["Content-Disposition"]


# --- Verification workflow ------------------------------------------------------------------


def test_coordinator_cannot_save_as_verified(client_for, koord_6371, pokja_6371):
    response = client_for(koord_6371).post(
        create_url("budgetallocation"), budget_form(status=Status.TERVERIFIKASI, document=upload())
    )

    assert "status" in response.context["form"].errors
    assert not BudgetAllocation.objects.exists()


def test_staff_may_save_directly_as_verified(client_for, staf_kalsel, pokja_6371):
    client_for(staf_kalsel).post(
        create_url("budgetallocation"), budget_form(status=Status.TERVERIFIKASI, document=upload())
    )

    budget = BudgetAllocation.objects.get()
    assert budget.status == Status.TERVERIFIKASI
    assert budget.verified_by == staf_kalsel


def test_submit_verify_round_trip(client_for, koord_6371, staf_kalsel, pokja_6371):
    budget = BudgetAllocationFactory(pokja=pokja_6371, status=Status.DRAF)
    status_url = reverse("pokja:budgetallocation_status", kwargs={"pk": budget.pk})

    client_for(koord_6371).post(status_url, {"action": "submit"})
    budget.refresh_from_db()
    assert budget.status == Status.DIAJUKAN

    assert client_for(koord_6371).post(status_url, {"action": "verify"}).status_code == 403
    budget.refresh_from_db()
    assert budget.status == Status.DIAJUKAN

    client_for(staf_kalsel).post(status_url, {"action": "verify"})
    budget.refresh_from_db()
    assert budget.status == Status.TERVERIFIKASI
    assert budget.verified_by == staf_kalsel


def test_rejection_needs_a_reason_which_the_coordinator_then_sees(
    client_for, koord_6371, staf_kalsel, pokja_6371
):
    budget = BudgetAllocationFactory(pokja=pokja_6371, status=Status.DIAJUKAN)
    status_url = reverse("pokja:budgetallocation_status", kwargs={"pk": budget.pk})
    staff = client_for(staf_kalsel)

    response = staff.post(status_url, {"action": "reject", "reason": "  "}, follow=True)
    assert "Jelaskan mengapa" in response.content.decode()
    budget.refresh_from_db()
    assert budget.status == Status.DIAJUKAN

    staff.post(status_url, {"action": "reject", "reason": "Nomor DPA tidak sesuai"})
    budget.refresh_from_db()
    assert budget.status == Status.DITOLAK

    content = client_for(koord_6371).get(budget.get_absolute_url()).content.decode()
    assert "Nomor DPA tidak sesuai" in content


def test_coordinator_cannot_change_a_verified_record(client_for, koord_6371, decree_6371):
    client = client_for(koord_6371)
    edit_url = reverse("pokja:decree_edit", kwargs={"pk": decree_6371.pk})

    response = client.post(edit_url, decree_form(number="ganti"), follow=True)

    assert "tidak dapat lagi diubah" in response.content.decode()
    assert Decree.objects.get(pk=decree_6371.pk).number == "188.45/12/KUM/2023"
    client.post(reverse("pokja:decree_delete", kwargs={"pk": decree_6371.pk}))
    assert Decree.objects.filter(pk=decree_6371.pk).exists()


def test_coordinator_edits_own_draft_and_deletes_it(client_for, koord_6371, pokja_6371):
    decree = DecreeFactory(pokja=pokja_6371, status=Status.DRAF)
    client = client_for(koord_6371)

    client.post(
        reverse("pokja:decree_edit", kwargs={"pk": decree.pk}), decree_form(number="188/1/2025")
    )
    assert Decree.objects.get(pk=decree.pk).number == "188/1/2025"

    client.post(reverse("pokja:decree_delete", kwargs={"pk": decree.pk}))
    assert not Decree.objects.filter(pk=decree.pk).exists()
    assert Decree.history.filter(id=decree.pk, history_type="-").exists()


def test_sk_not_signed_by_the_regional_head_is_flagged_not_refused(
    client_for, staf_kalsel, pokja_6371
):
    decree = DecreeFactory(
        pokja=pokja_6371, signer=Decree.Signer.SEKDA, valid_until=date(2024, 6, 1)
    )

    content = client_for(staf_kalsel).get(decree.get_absolute_url()).content.decode()

    assert "Tidak ditandatangani oleh kepala daerah" in content
    assert "di luar 3 sampai 5 tahun" in content


# --- History --------------------------------------------------------------------------------


def test_every_change_shows_in_the_history_with_who_and_what(
    client_for, koord_6371, staf_kalsel, pokja_6371
):
    coordinator = client_for(koord_6371)
    coordinator.post(create_url("budgetallocation"), budget_form(amount="100000000"))
    budget = BudgetAllocation.objects.get()
    coordinator.post(
        reverse("pokja:budgetallocation_edit", kwargs={"pk": budget.pk}),
        budget_form(amount="125000000", document=upload()),
    )
    coordinator.post(
        reverse("pokja:budgetallocation_status", kwargs={"pk": budget.pk}), {"action": "submit"}
    )

    response = client_for(staf_kalsel).get(budget.get_absolute_url())

    history = response.context["history"]
    assert [row["entry"].history_type for row in history] == ["~", "~", "+"]
    assert {row["entry"].history_user for row in history} == {koord_6371}
    amount_change = next(c for c in history[1]["changes"] if c["field"] == "jumlah (Rp)")
    assert (amount_change["old"], amount_change["new"]) == ("Rp 100.000.000", "Rp 125.000.000")
    status_change = next(c for c in history[0]["changes"] if c["field"] == "status")
    assert (status_change["old"], status_change["new"]) == ("Draf", "Diajukan")
    assert "Diajukan untuk verifikasi" in response.content.decode()


# --- Query counts ---------------------------------------------------------------------------


def fill_pokja(pokja, n):
    groups = WorkingGroupFactory.create_batch(n, pokja=pokja)
    for group in groups:
        MemberFactory(pokja=pokja, working_group=group)
        DecreeFactory(pokja=pokja, working_group=group, status=Status.DRAF, document="")
        BudgetAllocationFactory(pokja=pokja, working_group=group, status=Status.DRAF, document="")
        plan = WorkPlanFactory(pokja=pokja, working_group=group, status=Status.DRAF, document="")
        WorkPlanActivityFactory(work_plan=plan)
        DocumentIndicatorFactory(
            document=IndicatorDocumentFactory(pokja=pokja, working_group=group)
        )


def test_pokja_page_queries_do_not_grow_with_rows(
    client_for, staf_kalsel, pokja_6371, django_assert_max_num_queries
):
    client = client_for(staf_kalsel)
    url = pokja_6371.get_absolute_url()
    fill_pokja(pokja_6371, 3)
    with django_assert_max_num_queries(16):
        client.get(url)
    fill_pokja(pokja_6371, 27)
    with django_assert_max_num_queries(16):
        response = client.get(url)
    assert len(response.context["decrees"]) == 30


def test_record_page_queries_do_not_grow_with_activities_or_history(
    client_for, staf_kalsel, pokja_6371, django_assert_max_num_queries
):
    client = client_for(staf_kalsel)
    plan = WorkPlanFactory(pokja=pokja_6371)
    WorkPlanActivityFactory.create_batch(3, work_plan=plan)
    with django_assert_max_num_queries(10):
        client.get(plan.get_absolute_url())
    WorkPlanActivityFactory.create_batch(30, work_plan=plan)
    for n in range(20):
        plan.title = f"Judul {n}"
        plan.save()
    with django_assert_max_num_queries(10):
        response = client.get(plan.get_absolute_url())
    assert len(response.context["children"]) == 33


def test_new_forms_start_from_sensible_defaults(client_for, koord_6371, staf_kalsel, pokja_6371):
    this_year = date.today().year

    sk_form = client_for(staf_kalsel).get(create_url("decree")).context["form"]
    assert sk_form["signer"].value() == Decree.Signer.WALIKOTA  # Banjarmasin is a kota
    assert sk_form["status"].value() == Status.TERVERIFIKASI

    budget_form = client_for(koord_6371).get(create_url("budgetallocation")).context["form"]
    assert budget_form["year"].value() == this_year
    assert budget_form["status"].value() == Status.DIAJUKAN


def test_history_names_related_records_instead_of_ids(client_for, staf_kalsel, pokja_6371):
    budget = BudgetAllocationFactory(pokja=pokja_6371, status=Status.DIAJUKAN)
    client_for(staf_kalsel).post(
        reverse("pokja:budgetallocation_status", kwargs={"pk": budget.pk}), {"action": "verify"}
    )

    history = client_for(staf_kalsel).get(budget.get_absolute_url()).context["history"]

    verifier = next(c for c in history[0]["changes"] if c["field"] == "diverifikasi oleh")
    assert (verifier["old"], verifier["new"]) == ("–", str(staf_kalsel))
