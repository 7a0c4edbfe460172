"""Persona fixtures: the people every view is tried by."""

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.utils import translation

from config.celery_app import app
from pokja.models import User
from tests.factories import KabupatenKotaFactory, ProvinceFactory, UserFactory
from tests.kampungkb_factories import KampungKBFactory, village

PASSWORD = "rahasia-uji-123"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Django asks SQLite once per connection whether it has JSON (three statements, at the
    first JSON expression): asked here, so no test's query count includes it."""
    with django_db_blocker.unblock():
        for connection in connections.all():
            assert connection.features.supports_json_field


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached values (the navbar's reminder count, API throttles) must not leak between tests,
    which reuse user ids."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def language_of_the_settings():
    """Every test starts in the portal's default language (Indonesian): a test that switched
    to English must not leave the next test on its xdist worker reading English."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def kalsel(db):
    return ProvinceFactory(code="63", name="Kalimantan Selatan")


@pytest.fixture
def sulsel(db):
    return ProvinceFactory(code="73", name="Sulawesi Selatan")


@pytest.fixture
def banjarmasin(kalsel):
    return KabupatenKotaFactory(code="63.71", name="Kota Banjarmasin", parent=kalsel)


@pytest.fixture
def banjarbaru(kalsel):
    return KabupatenKotaFactory(code="63.72", name="Kota Banjarbaru", parent=kalsel)


@pytest.fixture
def makassar(sulsel):
    return KabupatenKotaFactory(code="73.71", name="Kota Makassar", parent=sulsel)


@pytest.fixture
def admin(db):
    return UserFactory(username="admin", role=User.Role.ADMIN)


@pytest.fixture
def staf_kalsel(kalsel):
    return UserFactory(username="staf-kalsel", role=User.Role.STAF_PROVINSI, region=kalsel)


@pytest.fixture
def staf_sulsel(sulsel):
    return UserFactory(username="staf-sulsel", role=User.Role.STAF_PROVINSI, region=sulsel)


@pytest.fixture
def koord_6371(banjarmasin):
    return UserFactory(username="koord-6371", role=User.Role.KOORDINATOR, region=banjarmasin)


@pytest.fixture
def koord_6372(banjarbaru):
    return UserFactory(username="koord-6372", role=User.Role.KOORDINATOR, region=banjarbaru)


@pytest.fixture
def pusat(db):
    return UserFactory(username="pusat", role=User.Role.PUSAT)


@pytest.fixture
def two_villages(banjarmasin):
    """A Kampung KB in each of two villages of Kota Banjarmasin."""
    return (
        KampungKBFactory(region=village(banjarmasin, 1)),
        KampungKBFactory(region=village(banjarmasin, 2)),
    )


@pytest.fixture
def operator(two_villages):
    """The Operator Kampung KB of the first village."""
    return UserFactory(
        username="operator-1", role=User.Role.OPERATOR_KAMPUNG_KB, region=two_villages[0].region
    )


@pytest.fixture
def other_operator(two_villages):
    """The Operator Kampung KB of the second village."""
    return UserFactory(
        username="operator-2", role=User.Role.OPERATOR_KAMPUNG_KB, region=two_villages[1].region
    )


@pytest.fixture
def client_for(client):
    """`client_for(user)`: the test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login


def close_worker_db_connection(**kwargs):
    connections.close_all()


@pytest.fixture
def celery_worker(transactional_db):
    # The in-process worker runs tasks in its own thread with its own database connection;
    # closing it after each task lets the test database be dropped at the end of the run.
    task_postrun.connect(close_worker_db_connection)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker
    task_postrun.disconnect(close_worker_db_connection)
