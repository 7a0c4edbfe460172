"""The class follows a verification at once: verifying (or returning) a profile reclassifies its
own Kampung KB after the commit, and only that one; the nightly run stays the full pass."""

import contextlib
import datetime
import threading

from django.db import connection
from django.utils import timezone, translation
from django.utils.formats import date_format

from kampungkb.models import MaturityClass
from kampungkb.record_types import PROFILES
from kampungkb.services import classify as classify_service
from kampungkb.services.classify import classify
from pokja.kernel import workflow
from pokja.kernel.locks import ProcessLock
from tests.kampungkb_factories import KampungKBFactory, ProfileFactory, village
from tests.test_kampungkb_classify import INPUT_PROCESS


def _this_month():
    return timezone.localdate().replace(day=1)


def test_coordinator_verifying_a_profile_moves_the_class_at_once(
    client_for, koord_6371, banjarmasin, django_capture_on_commit_callbacks
):
    kampung = KampungKBFactory(region=village(banjarmasin))
    other = KampungKBFactory(region=village(banjarmasin, 2))
    year = timezone.localdate().year
    classify(years=[year])
    before = MaturityClass.objects.get(kampung=other, year=year).computed_at
    profile = ProfileFactory(
        kampung=kampung, period=_this_month(), status="diajukan", **INPUT_PROCESS
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(koord_6371).post(
            PROFILES.url("status", profile), {"action": "verify"}
        )
    assert response.status_code == 302
    stored = MaturityClass.objects.get(kampung=kampung, year=year)
    assert stored.level == "berkembang"
    assert stored.profile_id == profile.pk
    page = client_for(koord_6371).get(kampung.get_absolute_url()).content.decode()
    with translation.override("id"):
        month = date_format(_this_month(), "YEAR_MONTH_FORMAT")
    assert f"profil terverifikasi bulan {month}" in page
    # Only that village: the other one's class was not rewritten.
    assert MaturityClass.objects.get(kampung=other, year=year).computed_at == before


def test_returning_a_verified_profile_takes_the_class_back(
    koord_6371, banjarmasin, django_capture_on_commit_callbacks
):
    kampung = KampungKBFactory(region=village(banjarmasin))
    profile = ProfileFactory(
        kampung=kampung, period=_this_month(), status="terverifikasi", **INPUT_PROCESS
    )
    year = timezone.localdate().year
    classify(years=[year])
    assert MaturityClass.objects.get(kampung=kampung, year=year).level == "berkembang"
    with django_capture_on_commit_callbacks(execute=True):
        workflow.record_return(record=profile, user=koord_6371, reason="Angka PUS salah")
    assert MaturityClass.objects.get(kampung=kampung, year=year).level == "dasar"


def test_nothing_is_computed_when_the_verification_rolls_back(
    koord_6371, banjarmasin, django_capture_on_commit_callbacks
):
    kampung = KampungKBFactory(region=village(banjarmasin))
    profile = ProfileFactory(kampung=kampung, period=_this_month(), status="diajukan")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.record_verify(record=profile, user=koord_6371)
    # The listener waits for the commit: nothing is computed inside the transaction.
    assert callbacks
    assert not MaturityClass.objects.exists()


def test_a_busy_classification_leaves_it_to_the_nightly_run(
    koord_6371, banjarmasin, django_capture_on_commit_callbacks
):
    kampung = KampungKBFactory(region=village(banjarmasin))
    profile = ProfileFactory(kampung=kampung, period=_this_month(), status="diajukan")
    with (
        _held_by_another_worker(classify_service.LOCK_NAME),
        django_capture_on_commit_callbacks(execute=True),
    ):
        workflow.record_verify(record=profile, user=koord_6371)
    profile.refresh_from_db()
    assert profile.status == "terverifikasi"  # the verification itself stands
    assert not MaturityClass.objects.exists()


def test_a_late_profile_of_last_year_reclassifies_last_year_and_this_year(
    koord_6371, banjarmasin, django_capture_on_commit_callbacks
):
    kampung = KampungKBFactory(region=village(banjarmasin))
    year = timezone.localdate().year
    profile = ProfileFactory(
        kampung=kampung,
        period=datetime.date(year - 1, 11, 1),
        status="diajukan",
        **INPUT_PROCESS,
    )
    with django_capture_on_commit_callbacks(execute=True):
        workflow.record_verify(record=profile, user=koord_6371)
    levels = dict(MaturityClass.objects.filter(kampung=kampung).values_list("year", "level"))
    assert levels == {year - 1: "berkembang", year: "berkembang"}


@contextlib.contextmanager
def _held_by_another_worker(name: str):
    """The lock held as the nightly worker holds it: from another connection. (A PostgreSQL
    advisory lock is re-entrant within one session, so taking it on the test's own connection
    would not block the code under test.)"""
    taken, done = threading.Event(), threading.Event()

    def worker():
        lock = ProcessLock(name)
        try:
            assert lock.acquire()
            taken.set()
            done.wait(timeout=60)
            lock.release()
        finally:
            connection.close()

    thread = threading.Thread(target=worker)
    thread.start()
    assert taken.wait(timeout=30)
    try:
        yield
    finally:
        done.set()
        thread.join()
