"""The demo Pokja records: every region covered, a real spread of effectiveness, safe to rerun."""

from datetime import date

import pytest
from django.apps import apps
from django.db.models import Q, Sum
from django.utils import timezone

from pokja.devdata.accounts import seed_demo
from pokja.devdata.records import demo_record_counts, seed_demo_records
from pokja.models import (
    BudgetAllocation,
    Decree,
    IndicatorDocument,
    Member,
    Pokja,
    Region,
    User,
    VerifiableRecord,
    WorkingGroup,
    WorkPlan,
)
from pokja.services.regions import load_regions
from tests.helpers import shared_then_rolled_back

EVIDENCE = (Decree, WorkPlan, IndicatorDocument, BudgetAllocation)
Status = VerifiableRecord.Status


def demo_region_codes() -> set[str]:
    provinces = Region.objects.filter(code__in=["63", "73"])
    kab_kota = Region.objects.kabupaten_kota().filter(parent_id__in=["63", "73"])
    return set((provinces | kab_kota).values_list("code", flat=True))


def criteria_met(year: int) -> dict[str, set[str]]:
    """Region codes meeting each of the four criteria in `year`, on verified evidence only."""
    today = timezone.localdate()
    day = today if year == today.year else date(year, 12, 31)
    region = "pokja__region_id"
    decrees = (
        Decree.objects.verified()
        .filter(working_group__isnull=True, valid_from__lte=day)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        .filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=day))
    )
    documents = IndicatorDocument.objects.verified().filter(
        year_start__lte=year, year_end__gte=year, indicators__isnull=False
    )
    budgets = (
        BudgetAllocation.objects.verified()
        .filter(year=year, is_operational=True)
        .values(region)
        .annotate(total=Sum("amount"))
        .filter(total__gt=0)
    )
    return {
        "sk": set(decrees.values_list(region, flat=True)),
        "plan": set(WorkPlan.objects.verified().filter(year=year).values_list(region, flat=True)),
        "indicators": set(documents.values_list(region, flat=True)),
        "budget": set(budgets.values_list(region, flat=True)),
    }


def effective(met: dict[str, set[str]]) -> set[str]:
    return set.intersection(*met.values())


def history_row_count() -> int:
    return sum(
        model.objects.count()
        for model in apps.get_app_config("pokja").get_models()
        if model.__name__.startswith("Historical")
    )


def seed() -> set[str]:
    seed_demo()
    return demo_region_codes()


@pytest.fixture(scope="class")
def seeded_once(django_db_setup, django_db_blocker):
    yield from shared_then_rolled_back(django_db_blocker, seed)


class TestOneSeeding:
    """What one seeding leaves (seeded once for these tests, which only read it)."""

    @pytest.fixture
    def seeded(self, db, seeded_once):
        return seeded_once

    def test_every_province_and_kab_kota_of_both_provinces_gets_a_demo_pokja(self, seeded):
        assert len(seeded) == 2 + 13 + 24
        pokjas = Pokja.objects.filter(region_id__in=seeded)
        assert set(pokjas.values_list("region_id", flat=True)) == seeded
        assert not Pokja.objects.exclude(region_id__in=seeded).exists()
        for pokja in pokjas.prefetch_related("working_groups", "members"):
            kinds = {group.kind for group in pokja.working_groups.all()}
            assert kinds == {"advokasi", "kampung_kb", "gdpk", "stunting"}
            members = list(pokja.members.all())
            assert 8 <= len(members) <= 15
            assert {member.element for member in members} == {
                Member.Element.PEMERINTAH,
                Member.Element.NON_PEMERINTAH,
            }

    def test_the_current_year_shows_a_real_spread(self, seeded):
        met = criteria_met(timezone.localdate().year)

        for criterion, regions in met.items():
            assert 0 < len(regions) < len(seeded), criterion
        assert 0 < len(effective(met)) < len(seeded)
        assert {"63", "73", "63.72", "73.71"} <= effective(met)
        # Banjarmasin has everything verified except its budget, which waits for verification.
        assert [name for name, regions in met.items() if "63.71" not in regions] == ["budget"]
        budget = BudgetAllocation.objects.get(
            pokja__region_id="63.71", year=timezone.localdate().year, is_operational=True
        )
        assert budget.status == Status.DIAJUKAN

    def test_the_previous_year_shows_a_different_spread(self, seeded):
        current = criteria_met(timezone.localdate().year)
        previous = criteria_met(timezone.localdate().year - 1)

        assert 0 < len(effective(previous)) < len(seeded)
        assert effective(previous) != effective(current)
        assert "63.71" in effective(previous)

    def test_the_uneven_cases_the_issue_asks_for_exist(self, seeded):
        today = timezone.localdate()
        rejected = WorkPlan.objects.get(status=Status.DITOLAK, pokja__region_id="63.03")
        assert rejected.year == today.year
        assert rejected.rejection_reason.strip()
        assert WorkPlan.objects.filter(status=Status.DIAJUKAN, year=today.year).exists()
        expired = Decree.objects.verified().filter(
            working_group__isnull=True, valid_until__lt=today
        )
        assert expired.exists()
        assert not BudgetAllocation.objects.filter(
            pokja__region_id="63.08", is_operational=True
        ).exists()
        flagged = Decree.objects.filter(signer=Decree.Signer.SEKDA)
        assert 1 <= flagged.count() <= 2
        assert all(decree.warnings() for decree in flagged)

    def test_everything_is_labelled_demo_valid_and_verified_by_provincial_staff(self, seeded):
        assert not Pokja.objects.filter(is_demo=False).exists()
        assert all(
            "demo" in notes.lower() for notes in Pokja.objects.values_list("notes", flat=True)
        )
        staff = {
            "63": User.objects.get(username="staf-kalsel"),
            "73": User.objects.get(username="staf-sulsel"),
        }
        for model in EVIDENCE:
            records = list(model.objects.select_related("pokja__region", "working_group"))
            assert records, model
            for record in records:
                assert record.is_demo
                record.full_clean()
                if record.status in (Status.DIAJUKAN, Status.TERVERIFIKASI, Status.DITOLAK):
                    with record.document.open("rb") as handle:
                        content = handle.read()
                    assert content.startswith(b"%PDF-1.4") and content.rstrip().endswith(b"%%EOF")
                    assert b"DATA DEMO" in content
                if record.status == Status.TERVERIFIKASI:
                    assert record.verified_by == staff[record.pokja.region.province_code]
                    assert record.verified_at <= timezone.now()


@pytest.fixture
def seeded(db):
    """A seeding of this test's own: it replaces the demo's files."""
    return seed()


def test_rerunning_duplicates_nothing_and_removes_the_old_files(
    seeded, django_capture_on_commit_callbacks
):
    counts = demo_record_counts()
    history = history_row_count()
    old_files = [record.document for record in Decree.objects.exclude(document="")]

    with django_capture_on_commit_callbacks(execute=True):
        assert seed_demo_records() == {**counts, "skipped_regions": 0}

    assert demo_record_counts() == counts
    assert history_row_count() == history
    assert not any(file.storage.exists(file.name) for file in old_files)
    assert all(
        record.document.storage.exists(record.document.name)
        for record in Decree.objects.exclude(document="")
    )


def test_non_demo_records_are_never_touched(db):
    load_regions()
    real_pokja = Pokja.objects.create(region_id="63.03", name="Pokja Bangga Kencana Banjar")
    real_decree = Decree.objects.create(
        pokja=real_pokja,
        number="188.45/001/KUM/2024",
        set_on=date(2024, 2, 1),
        signer=Decree.Signer.BUPATI,
        valid_from=date(2024, 2, 1),
    )
    seed_demo()
    demo_pokja = Pokja.objects.get(region_id="63.71")
    group = WorkingGroup.objects.get(pokja=demo_pokja, kind="stunting")
    real_budget = BudgetAllocation.objects.create(
        pokja=demo_pokja, working_group=group, year=2025, source="apbn", amount=1_000_000
    )

    seed_demo()

    real_pokja.refresh_from_db()
    assert (real_pokja.name, real_pokja.is_demo) == ("Pokja Bangga Kencana Banjar", False)
    assert list(Decree.objects.filter(pokja=real_pokja)) == [real_decree]
    assert not real_pokja.members.exists()
    assert not WorkPlan.objects.filter(pokja=real_pokja).exists()
    assert BudgetAllocation.objects.filter(pk=real_budget.pk, is_demo=False).exists()
    assert WorkingGroup.objects.filter(pokja=demo_pokja).count() == 4
