"""The API's other resources: regions, Pokja, effectiveness (and its bulk read), runs, targets
and achievements; the schema and the docs page; throttling per token."""

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from targets.models import Achievement, ProvinceTarget
from tests import factories as f
from tests.factories import AssessmentFactory
from tests.kernel.api_contract import api_client


def assessment(region, year, effective=True, score=4):
    return AssessmentFactory(
        region=region, year=year, score=score, is_effective=effective, sk_met=True
    )


@pytest.mark.django_db
class TestReadOnlyResources:
    def test_regions_are_scoped_and_a_neighbour_is_404(self, banjarmasin, banjarbaru, koord_6371):
        client = api_client(koord_6371)
        codes = {r["code"] for r in client.get(reverse("api:region-list")).json()["results"]}
        assert codes == {"63.71"}
        assert client.get(reverse("api:region-detail", args=["63.72"])).status_code == 404

    def test_pokja_list_is_scoped(self, banjarmasin, banjarbaru, staf_sulsel, staf_kalsel):
        f.PokjaFactory(region=banjarmasin)
        f.PokjaFactory(region=banjarbaru)
        assert api_client(staf_sulsel).get(reverse("api:pokja-list")).json()["count"] == 0
        assert api_client(staf_kalsel).get(reverse("api:pokja-list")).json()["count"] == 2

    def test_bulk_effectiveness_lists_every_region_in_scope(
        self, kalsel, banjarmasin, banjarbaru, makassar, staf_kalsel, django_assert_max_num_queries
    ):
        assessment(banjarmasin, 2025)
        client = api_client(staf_kalsel)
        with django_assert_max_num_queries(8):
            rows = client.get(reverse("api:effectiveness-bulk", args=[2025])).json()
        by_code = {row["code"]: row for row in rows}
        assert set(by_code) == {"63", "63.71", "63.72"}
        assert by_code["63.71"]["assessed"] and by_code["63.71"]["score"] == 4
        assert by_code["63.72"] == {**by_code["63.72"], "assessed": False, "score": None}

    def test_bulk_effectiveness_refuses_an_implausible_year(self, kalsel, staf_kalsel):
        response = api_client(staf_kalsel).get(reverse("api:effectiveness-bulk", args=[1800]))
        assert response.status_code == 400

    def test_assessments_filter_by_year_and_hide_other_provinces(
        self, banjarmasin, makassar, staf_kalsel
    ):
        assessment(banjarmasin, 2025)
        assessment(banjarmasin, 2024)
        assessment(makassar, 2025)
        rows = (
            api_client(staf_kalsel)
            .get(reverse("api:assessment-list"), {"year": 2025})
            .json()["results"]
        )
        assert [(r["region"], r["year"]) for r in rows] == [("63.71", 2025)]

    def test_runs_are_for_staff_and_admins_only(self, kalsel, koord_6371, admin):
        from pokja.models import AssessmentRun

        AssessmentRun.objects.create(trigger="command", years=[2025])
        assert api_client(koord_6371).get(reverse("api:assessmentrun-list")).json()["count"] == 0
        assert api_client(admin).get(reverse("api:assessmentrun-list")).json()["count"] == 1

    def test_page_size_is_bounded_and_refused_outside_its_range(self, staf_kalsel, banjarmasin):
        client = api_client(staf_kalsel)
        assert client.get(reverse("api:region-list"), {"per_page": 100}).status_code == 200
        assert client.get(reverse("api:region-list"), {"per_page": ""}).status_code == 200
        for size in (100000, 0, "null"):
            response = client.get(reverse("api:region-list"), {"per_page": size})
            assert response.status_code == 400
            assert response.json() == {"per_page": ["Bilangan bulat dari 1 sampai 100."]}


@pytest.mark.django_db
class TestTargetsApi:
    def test_staff_set_and_finalise_a_target_a_coordinator_may_not(
        self, kalsel, banjarmasin, staf_kalsel, koord_6371
    ):
        indicator = f.IndicatorFactory(code="uji-api", kind="additive")
        payload = {"region": "63", "indicator": "uji-api", "year": 2026, "value": "10"}
        refused = api_client(koord_6371).post(reverse("api:targets-list"), payload)
        assert refused.status_code == 404  # the province is outside its change scope
        staff = api_client(staf_kalsel)
        created = staff.post(reverse("api:targets-list"), payload, format="json")
        assert created.status_code == 201, created.json()
        target = ProvinceTarget.objects.get(indicator=indicator)
        not_split = staff.post(reverse("api:targets-finalise", args=[target.pk]))
        assert not_split.status_code == 400
        assert "detail" in not_split.json()

    def test_a_coordinator_changing_a_verified_achievement_is_403(
        self, kalsel, banjarmasin, koord_6371
    ):
        indicator = f.IndicatorFactory(code="uji-terkunci", frequency="yearly")
        f.AchievementFactory(region=banjarmasin, indicator=indicator, year=2025, value=10)
        payload = {"region": "63.71", "indicator": "uji-terkunci", "year": 2025, "value": 99}
        response = api_client(koord_6371).post(
            reverse("api:achievements-list"), payload, format="json"
        )
        assert response.status_code == 403
        assert "koordinator" in response.json()["detail"]

    def test_coordinator_reads_its_province_targets_with_its_own_share_only(
        self, kalsel, banjarmasin, banjarbaru, koord_6371
    ):
        target = f.ProvinceTargetFactory(region=kalsel, year=2026)
        target.shares.create(region=banjarmasin, value=600)
        target.shares.create(region=banjarbaru, value=400)
        rows = api_client(koord_6371).get(reverse("api:targets-list")).json()["results"]
        assert [s["region"] for s in rows[0]["shares"]] == ["63.71"]

    def test_achievement_entered_by_a_coordinator_is_a_draft_and_scoped(
        self, kalsel, banjarmasin, banjarbaru, koord_6371, koord_6372
    ):
        f.IndicatorFactory(code="uji-capaian", frequency="yearly")
        payload = {"region": "63.71", "indicator": "uji-capaian", "year": 2025, "value": 12}
        created = api_client(koord_6371).post(
            reverse("api:achievements-list"), payload, format="json"
        )
        assert created.status_code == 201, created.json()
        assert created.json()["status"] == Achievement.Status.DRAF
        pk = created.json()["id"]
        neighbour = api_client(koord_6372)
        assert neighbour.get(reverse("api:achievements-detail", args=[pk])).status_code == 404
        other = neighbour.post(reverse("api:achievements-list"), payload, format="json")
        assert other.status_code == 404
        assert list(Achievement.objects.values_list("pk", flat=True)) == [pk]


@pytest.mark.django_db
class TestSchemaAndDocs:
    def test_the_schema_validates(self, tmp_path):
        call_command("spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "s.yml")
        schema = (tmp_path / "s.yml").read_text()
        assert "/api/v1/sk/{id}/verify/" in schema
        assert "/api/v1/effectiveness/{year}/" in schema

    def test_the_docs_page_uses_vendored_files_only(self, client_for, koord_6371):
        html = client_for(koord_6371).get(reverse("api:docs")).content.decode()
        assert "drf_spectacular_sidecar/swagger-ui-dist" in html
        assert "cdn" not in html.lower()

    def test_docs_and_schema_need_a_login(self):
        assert APIClient().get(reverse("api:schema")).status_code == 401


@pytest.mark.django_db
def test_throttling_counts_per_token(koord_6371, banjarmasin):
    from django.conf import settings
    from django.core.cache import cache
    from rest_framework.settings import api_settings

    from pokja.api.throttling import PerTokenThrottle

    cache.clear()
    # The throttle class keeps the rates it read at import: put back the suite's own afterwards
    # (read before the override, which the class attribute would otherwise keep for later tests).
    suite_rates = PerTokenThrottle.THROTTLE_RATES
    rates = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api": "3/min"}}
    try:
        with override_settings(REST_FRAMEWORK=rates):
            api_settings.reload()
            PerTokenThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
            first, second = api_client(koord_6371), api_client(koord_6371)
            codes = [first.get(reverse("api:region-list")).status_code for _ in range(4)]
            assert codes == [200, 200, 200, 429]
            assert second.get(reverse("api:region-list")).status_code == 200
    finally:
        PerTokenThrottle.THROTTLE_RATES = suite_rates
        cache.clear()


@pytest.mark.django_db
def test_a_work_plans_activities_are_written_through_its_formset(banjarmasin, koord_6371):
    from pokja.models import WorkPlan

    pokja = f.PokjaFactory(region=banjarmasin)
    client = api_client(koord_6371)
    activity = {
        "name": "Rapat koordinasi",
        "month_start": 2,
        "month_end": 3,
        "planned_cost": 5000000,
        "realisation": "belum",
        "person_in_charge": "",
    }
    created = client.post(
        reverse("api:workplan-list"),
        {
            "pokja": pokja.pk,
            "year": 2026,
            "title": "Renja 2026",
            "status": "draf",
            "activities": [activity, {**activity, "name": "Sosialisasi"}],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    plan = WorkPlan.objects.get(pk=created.json()["id"])
    assert sorted(plan.activities.values_list("name", flat=True)) == [
        "Rapat koordinasi",
        "Sosialisasi",
    ]
    first = plan.activities.get(name="Rapat koordinasi")
    changed = client.patch(
        reverse("api:workplan-detail", args=[plan.pk]),
        {"version": plan.version, "activities": [{"id": first.pk, "month_end": 4}]},
        format="json",
    )
    assert changed.status_code == 200, changed.json()
    assert list(plan.activities.values_list("name", "month_end")) == [("Rapat koordinasi", 4)]
    wrong = client.patch(
        reverse("api:workplan-detail", args=[plan.pk]),
        {
            "version": plan.version + 1,
            "activities": [{"name": "x", "month_start": 5, "month_end": 1}],
        },
        format="json",
    )
    assert wrong.status_code == 400
    assert "activities" in wrong.json()
