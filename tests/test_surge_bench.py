"""The month-end surge of `make bench` (kampungkb/devdata/surge.py, scripts/bench_surge.py): the
state before the surge, the accounts taking part, and the count after it. If the profile form
changes so that the surge's profile is refused, these fail here, not as a wall of errors in
the bench."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from kampungkb.devdata import surge
from kampungkb.models import KampungKB, Profile
from kampungkb.record_types import PROFILES
from pokja.models import User
from tests.kampungkb_factories import KampungKBFactory, ProfileFactory, village

THIS_MONTH = surge.this_month()
LAST_MONTH = (THIS_MONTH - datetime.timedelta(days=1)).replace(day=1)


@pytest.fixture
def bench_kampung(banjarmasin):
    """Four bench Kampung KB as the generator leaves them: this month's profile submitted, last
    month's verified (demo rows, as the generator writes them)."""
    kampung = [KampungKBFactory(region=village(banjarmasin, n), is_demo=True) for n in range(4)]
    for k in kampung:
        ProfileFactory(kampung=k, period=THIS_MONTH, status=Profile.Status.DIAJUKAN, is_demo=True)
        ProfileFactory(
            kampung=k, period=LAST_MONTH, status=Profile.Status.TERVERIFIKASI, is_demo=True
        )
    return kampung


def submit(client, plan, operator):
    """The operator's month as the load profile sends it: the login form, then the profile
    form with the photo of the SK."""
    login = {"username": operator["username"], "password": plan["password"]}
    assert client.post("/masuk/", login).status_code == 302
    kampung = KampungKB.objects.get(pk=operator["kampung"])
    return client.post(
        PROFILES.create_url(kampung),
        {
            **plan["profile"],
            "period": plan["month"],
            "document": ContentFile(surge.photo(), name="sk-pokja.jpg"),
        },
    )


def test_before_the_surge_the_pool_has_no_profile_this_month_and_each_village_an_operator(
    bench_kampung,
):
    plan = surge.prepare(2)

    pool = [operator["kampung"] for operator in plan["operators"]]
    assert pool == [bench_kampung[0].pk, bench_kampung[2].pk]  # spread over the country
    this_month = Profile.objects.filter(period=THIS_MONTH)
    assert sorted(this_month.values_list("kampung_id", flat=True)) == sorted(
        [bench_kampung[1].pk, bench_kampung[3].pk]
    )
    assert Profile.objects.filter(period=LAST_MONTH).count() == 4
    for kampung in bench_kampung:
        operator = User.objects.get(region=kampung.region)
        assert operator.role == User.Role.OPERATOR_KAMPUNG_KB
    for operator in plan["operators"]:
        assert User.objects.get(username=operator["username"]).check_password(plan["password"])
    assert plan["coordinators"] == [{"username": "koordinator-63.71", "region": "63.71"}]
    assert [s["region"] for s in plan["staff"]] == [None, "63"]


def test_the_bi_tools_tokens_open_the_api(client, bench_kampung):
    plan = surge.prepare(1)

    for token in plan["bi_tokens"]:
        response = client.get("/api/v1/pokja/", HTTP_AUTHORIZATION=f"Token {token}")
        assert response.status_code == 200


def test_the_surge_profile_passes_the_real_form_and_is_counted_with_its_photo(
    client, bench_kampung
):
    plan = surge.prepare(2)
    operator = plan["operators"][0]

    response = submit(client, plan, operator)

    assert response.status_code == 302, response.content.decode()[:2000]
    saved = Profile.objects.get(kampung_id=operator["kampung"], period=THIS_MONTH)
    assert response["Location"] == f"/kampung-kb/profil/{saved.pk}/"
    assert saved.status == Profile.Status.DIAJUKAN
    assert default_storage.exists(saved.document.name)
    tally = surge.tally([o["kampung"] for o in plan["operators"]])
    assert tally == {"rows": 1, "villages": 1, "photos": 1, "pks": {saved.pk}}


def test_a_new_run_starts_from_the_same_state_its_photos_removed(
    client, bench_kampung, django_capture_on_commit_callbacks
):
    plan = surge.prepare(2)
    submit(client, plan, plan["operators"][0])
    photo = Profile.objects.get(period=THIS_MONTH, kampung_id=plan["operators"][0]["kampung"])

    with django_capture_on_commit_callbacks(execute=True):
        surge.prepare(2)

    assert not default_storage.exists(photo.document.name)
    assert surge.tally([o["kampung"] for o in plan["operators"]])["rows"] == 0


def test_a_run_with_another_pool_removes_what_earlier_runs_sent_elsewhere(
    client, bench_kampung, django_capture_on_commit_callbacks
):
    earlier = surge.prepare(2)  # the 1st and 3rd village
    submit(client, earlier, earlier["operators"][1])
    sent = Profile.objects.get(period=THIS_MONTH, kampung_id=earlier["operators"][1]["kampung"])

    with django_capture_on_commit_callbacks(execute=True):
        plan = surge.prepare(1)  # the 1st village only

    assert [o["kampung"] for o in plan["operators"]] == [bench_kampung[0].pk]
    assert not Profile.objects.filter(pk=sent.pk).exists()
    assert not default_storage.exists(sent.document.name)
    # The generator's profiles outside the pool stay as they were.
    assert sorted(
        Profile.objects.filter(period=THIS_MONTH).values_list("kampung_id", flat=True)
    ) == [
        bench_kampung[1].pk,
        bench_kampung[3].pk,
    ]


def test_never_with_production_settings(settings, bench_kampung):
    settings.SEED_DEMO_ALLOWED = False
    with pytest.raises(ImproperlyConfigured):
        surge.prepare(1)
    assert Profile.objects.filter(period=THIS_MONTH).count() == 4
