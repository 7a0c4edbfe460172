"""The demo Pokja records: every region covered, a real spread of effectiveness, safe to rerun."""

from datetime import date

import pytest
from django.apps import apps
from django.db.models import Q, Sum
from django.utils import timezone

from pokja.devdata.accounts import seed_demo
from pokja.devdata.records import demo_record_counts, seed_demo_records
from pokja.models import (
    AdvocacyActivity,
    BudgetAllocation,
    Decree,
    GdpkDocument,
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
                    # Its "Asal angka" shows it entered before it was verified, never after.
                    assert record.created_at <= record.verified_at, record


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


def test_the_published_gdpk_are_in_force_on_the_gdpk_page(seeded, client_for):
    staff = User.objects.get(username="staf-kalsel")
    page = client_for(staff).get("/daftar/gdpk/?tahun=2026&situation=ada").content.decode()
    titles = dict(GdpkDocument.objects.values_list("region_id", "title"))
    assert set(titles) == {"63", "63.71", "63.11"}
    for code, period in (("63", "2025–2045"), ("63.71", "2022–2042"), ("63.11", "2022–2035")):
        assert titles[code] in page
        assert period in page
    kalsel = GdpkDocument.objects.get(region_id="63")
    assert (kalsel.legal_form, kalsel.adopted_on) == ("perda", date(2025, 11, 12))
    assert GdpkDocument.objects.get(region_id="63.71").pillar_count == 5
    # Before the Perda, Kalimantan Selatan had no GDPK in force.
    page_2024 = client_for(staff).get("/daftar/gdpk/?tahun=2024&situation=ada").content.decode()
    assert kalsel.title not in page_2024


def test_gdpk_and_advocacy_are_demo_rows_verified_by_provincial_staff(seeded):
    staff = {"63": "staf-kalsel", "73": "staf-sulsel"}
    gdpk = list(GdpkDocument.objects.select_related("region", "verified_by"))
    advocacy = list(
        AdvocacyActivity.objects.select_related("working_group__pokja__region", "verified_by")
    )
    assert len(advocacy) >= 5
    assert {a.status for a in advocacy} >= {Status.TERVERIFIKASI, Status.DIAJUKAN, Status.DRAF}
    for record, region in [(g, g.region) for g in gdpk] + [
        (a, a.working_group.pokja.region) for a in advocacy
    ]:
        assert record.is_demo
        record.full_clean()
        if record.status != Status.DRAF:
            with record.document.open("rb") as handle:
                assert b"DATA DEMO" in handle.read()
        if record.status == Status.TERVERIFIKASI:
            assert record.verified_by.username == staff[region.province_code]
    for activity in advocacy:
        assert activity.working_group.kind == WorkingGroup.Kind.ADVOKASI
        assert activity.result.strip() and activity.follow_up.strip()
        assert activity.held_on <= timezone.localdate()
    # The Raperda was advocated before the Perda GDPK passed on 12 November 2025.
    raperda = AdvocacyActivity.objects.get(topic__contains="Raperda GDPK")
    assert raperda.held_on < date(2025, 11, 12)


def test_the_pokja_page_lists_its_gdpk_and_advocacy_with_follow_up(seeded, client_for):
    client = client_for(User.objects.get(username="koord-6371"))
    page = client.get("/wilayah/63.71/pokja/").content.decode()
    assert "Pembangunan Kependudukan (GDPK) 5 Pilar Kota Banjarmasin Tahun 2022–2042" in page
    assert "Pencegahan perkawinan anak" in page
    activity = AdvocacyActivity.objects.get(topic__startswith="Pencegahan perkawinan anak")
    detail = client.get(activity.get_absolute_url()).content.decode()
    assert "KUA se-Kota Banjarmasin" in detail


def test_a_gdpk_entered_for_real_is_kept_and_not_doubled(db):
    load_regions()
    real = GdpkDocument.objects.create(
        region_id="63.11",
        title="GDPK Kabupaten Balangan (dientri petugas)",
        year_start=2022,
        year_end=2035,
        pillar_quantity=True,
        legal_form=GdpkDocument.LegalForm.NONE,
    )
    seed_demo()
    seed_demo()
    assert list(GdpkDocument.objects.filter(region_id="63.11")) == [real]
    assert GdpkDocument.objects.filter(is_demo=True).count() == 2
