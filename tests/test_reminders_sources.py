"""What "Perlu tindakan" computes: each kind of reminder, for whom, and that it goes away once
fixed. Thresholds are pinned in the test settings; `today` is given explicitly."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pokja.reminders.models import DueItem
from pokja.reminders.services import refresh
from tests import factories as f

TODAY = datetime.date(2026, 10, 15)


def items(user, kind=None):
    rows = DueItem.objects.filter(user=user)
    return list(rows.filter(kind=kind) if kind else rows)


@pytest.mark.django_db
class TestSkExpiring:
    def test_it_reminds_the_coordinator_of_an_sk_expiring_within_90_days(
        self, banjarmasin, koord_6371, koord_6372, staf_kalsel
    ):
        pokja = f.PokjaFactory(region=banjarmasin)
        f.DecreeFactory(pokja=pokja, number="SK-1", valid_until=datetime.date(2026, 12, 31))
        refresh(today=TODAY)
        [item] = items(koord_6371, "sk_expiring")
        assert item.url == reverse("pokja:decree_create", kwargs={"code": "63.71"})
        assert "SK-1" in item.what() and "31" in item.what()
        assert items(koord_6372) == [] and items(staf_kalsel, "sk_expiring") == []

    def test_an_sk_far_from_expiry_or_already_replaced_is_not_due(self, banjarmasin, koord_6371):
        pokja = f.PokjaFactory(region=banjarmasin)
        f.DecreeFactory(
            pokja=pokja,
            valid_from=datetime.date(2021, 1, 1),
            valid_until=datetime.date(2026, 11, 1),
        )
        f.DecreeFactory(
            pokja=pokja,
            valid_from=datetime.date(2026, 10, 1),
            valid_until=datetime.date(2030, 12, 31),
        )
        refresh(today=TODAY)
        assert items(koord_6371, "sk_expiring") == []

    def test_an_expired_sk_says_so_and_disappears_once_a_new_sk_is_entered(
        self, banjarmasin, koord_6371
    ):
        pokja = f.PokjaFactory(region=banjarmasin)
        f.DecreeFactory(
            pokja=pokja,
            number="SK-LAMA",
            valid_from=datetime.date(2021, 1, 1),
            valid_until=datetime.date(2025, 12, 31),
        )
        refresh(today=TODAY)
        [item] = items(koord_6371, "sk_expiring")
        assert "berakhir pada" in item.what() or "expired" in item.what()
        f.DecreeFactory(
            pokja=pokja,
            number="SK-BARU",
            valid_from=datetime.date(2026, 1, 1),
            valid_until=datetime.date(2030, 12, 31),
        )
        refresh(today=TODAY)
        assert items(koord_6371, "sk_expiring") == []


@pytest.mark.django_db
def test_refresh_is_idempotent_and_keeps_a_snooze(banjarmasin, koord_6371):
    pokja = f.PokjaFactory(region=banjarmasin)
    f.DecreeFactory(pokja=pokja, valid_until=datetime.date(2026, 12, 31))
    created = refresh(today=TODAY)["created"]
    assert created == DueItem.objects.count() == 2  # the SK, and next year's work plan
    DueItem.objects.update(snoozed_until=datetime.date(2026, 11, 1))
    assert refresh(today=TODAY) == {"created": 0, "updated": 0, "deleted": 0}
    assert set(DueItem.objects.values_list("snoozed_until", flat=True)) == {
        datetime.date(2026, 11, 1)
    }


@pytest.mark.django_db
def test_refresh_runs_in_a_fixed_number_of_queries(
    kalsel,
    banjarmasin,
    banjarbaru,
    koord_6371,
    koord_6372,
    staf_kalsel,
    django_assert_max_num_queries,
):
    for region in (banjarmasin, banjarbaru):
        pokja = f.PokjaFactory(region=region)
        f.DecreeFactory(pokja=pokja, valid_until=datetime.date(2026, 12, 31))
        f.BudgetAllocationFactory(pokja=pokja, status="diajukan")
    with django_assert_max_num_queries(40):
        refresh(today=TODAY)


@pytest.mark.django_db
class TestWorkPlanNextYear:
    def test_from_the_configured_month_a_pokja_without_next_years_plan_is_reminded(
        self, banjarmasin, koord_6371
    ):
        f.PokjaFactory(region=banjarmasin)
        refresh(today=datetime.date(2026, 9, 30))
        assert items(koord_6371, "workplan_next_year") == []
        refresh(today=TODAY)
        [item] = items(koord_6371, "workplan_next_year")
        assert "2027" in item.what()
        assert item.url == reverse("pokja:workplan_create", kwargs={"code": "63.71"})

    def test_a_draft_plan_for_next_year_removes_it(self, banjarmasin, koord_6371):
        pokja = f.PokjaFactory(region=banjarmasin)
        f.WorkPlanFactory(pokja=pokja, year=2027, status="draf")
        refresh(today=TODAY)
        assert items(koord_6371, "workplan_next_year") == []


@pytest.mark.django_db
class TestVerificationAndRejection:
    def test_submissions_waiting_over_7_days_go_to_the_provinces_staff(
        self, banjarmasin, koord_6371, staf_kalsel, staf_sulsel
    ):
        pokja = f.PokjaFactory(region=banjarmasin)
        old = f.DecreeFactory(pokja=pokja, status="diajukan")
        f.DecreeFactory(pokja=pokja, status="diajukan")  # fresh: not yet
        type(old).objects.filter(pk=old.pk).update(
            updated_at=timezone.now() - datetime.timedelta(days=8)
        )
        refresh()
        [item] = items(staf_kalsel, "verification_waiting")
        assert item.params["count"] == 1
        assert item.url == reverse("pokja:verification_queue")
        assert items(koord_6371, "verification_waiting") == []
        assert items(staf_sulsel) == []

    def test_a_rejected_record_is_reminded_to_its_owner_until_resubmitted(
        self, banjarmasin, koord_6371, staf_kalsel
    ):
        pokja = f.PokjaFactory(region=banjarmasin)
        record = f.BudgetAllocationFactory(
            pokja=pokja, status="ditolak", rejection_reason="Angka DPA salah"
        )
        refresh()
        [item] = items(koord_6371, "rejected")
        assert "Angka DPA salah" in item.why()
        assert item.url == reverse("pokja:budgetallocation_edit", kwargs={"pk": record.pk})
        type(record).objects.filter(pk=record.pk).update(status="diajukan")
        refresh()
        assert items(koord_6371, "rejected") == []


@pytest.mark.django_db
class TestTargets:
    def test_draft_targets_before_the_rakerda_go_to_staff(self, kalsel, staf_kalsel, koord_6371):
        f.ProvinceTargetFactory(region=kalsel, year=2027, status="draf")
        refresh(today=datetime.date(2026, 10, 15))  # Rakerda 28-02-2027 is >60 days away
        assert items(staf_kalsel, "targets_not_final") == []
        refresh(today=datetime.date(2027, 1, 10))
        [item] = items(staf_kalsel, "targets_not_final")
        assert item.url == reverse("targets:index", args=["63", 2027])
        assert items(koord_6371, "targets_not_final") == []

    def test_missing_achievement_of_the_last_month_goes_to_the_coordinator(
        self, kalsel, banjarmasin, banjarbaru, koord_6371, koord_6372
    ):
        indicator = f.IndicatorFactory(code="uji-bulanan", frequency="monthly")
        target = f.ProvinceTargetFactory(region=kalsel, indicator=indicator, year=2026)
        target.shares.create(region=banjarmasin, value=10)
        target.shares.create(region=banjarbaru, value=10)
        f.AchievementFactory(region=banjarbaru, indicator=indicator, year=2026, period=9)
        refresh(today=TODAY)
        [item] = items(koord_6371, "achievements_missing")
        assert "09/2026" in item.what()
        assert item.url.startswith(reverse("targets:achievements", args=["63", 2026]))
        assert items(koord_6372, "achievements_missing") == []
