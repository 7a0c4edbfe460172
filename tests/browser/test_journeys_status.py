"""After "Hitung ulang sekarang" the run's status changes on the page without a reload (#10)."""

from django.utils import timezone
from playwright.sync_api import expect

from pokja.effectiveness import engine
from pokja.models import AssessmentRun
from tests.browser.helpers import log_in

YEAR = timezone.localdate().year


def test_staff_see_the_run_finish_without_reloading(page, staf_kalsel, banjarmasin):
    run = AssessmentRun.objects.create(
        trigger=AssessmentRun.Trigger.BUTTON,
        scope_code="63",
        years=[YEAR],
        requested_by=staf_kalsel,
    )
    log_in(page, "staf-kalsel")
    page.goto(f"/wilayah/63/?tahun={YEAR}")
    status = page.locator("#run-status .run-status")
    expect(status).to_have_text("Dalam antrean")
    page.evaluate("window.stillTheSamePage = true")

    engine.recompute(years=[YEAR], scope_code="63", run=run)

    expect(status).to_have_text("Selesai", timeout=10_000)
    expect(page.get_by_role("link", name="Muat ulang halaman")).to_be_visible()
    assert page.evaluate("window.stillTheSamePage") is True
