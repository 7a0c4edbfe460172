"""The verification queue is paged by the database: a page of 25 from a long queue, oldest
first across every kind, without reading the other rows (issue #11)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pokja.models import BudgetAllocation, Decree, VerifiableRecord
from tests.factories import BudgetAllocationFactory, DecreeFactory, PokjaFactory

Status = VerifiableRecord.Status


@pytest.fixture
def long_queue(kalsel, banjarmasin):
    """30 SKs and 30 budgets waiting in 63.71, changed one minute apart, kinds interleaved."""
    pokja = PokjaFactory(region=banjarmasin)
    start = timezone.now() - timedelta(days=1)
    records = []
    for _ in range(30):
        records.append(DecreeFactory(pokja=pokja, status=Status.DIAJUKAN))
        records.append(BudgetAllocationFactory(pokja=pokja, status=Status.DIAJUKAN))
    for n, record in enumerate(records):
        type(record).objects.filter(pk=record.pk).update(updated_at=start + timedelta(minutes=n))
    return records


def queue_page(client, **params):
    response = client.get(reverse("pokja:verification_queue"), params)
    assert response.status_code == 200
    return response, [row.record["url"] for row in response.context["table"].paginated_rows]


def test_first_page_holds_the_25_oldest_of_every_kind(client_for, staf_kalsel, long_queue):
    response, urls = queue_page(client_for(staf_kalsel))

    assert urls == [r.get_absolute_url() for r in long_queue[:25]]
    assert response.context["table"].paginator.count == 60


def test_last_page_and_newest_first(client_for, staf_kalsel, long_queue):
    client = client_for(staf_kalsel)

    _, last = queue_page(client, page=3)
    _, newest = queue_page(client, sort="-updated_at")

    assert last == [r.get_absolute_url() for r in long_queue[50:]]
    assert newest == [r.get_absolute_url() for r in reversed(long_queue[35:])]


def test_a_page_reads_only_its_own_records(client_for, staf_kalsel, long_queue):
    client = client_for(staf_kalsel)

    with CaptureQueriesContext(connection) as captured:
        queue_page(client)

    reads = {
        model: [q["sql"] for q in captured.captured_queries if f'FROM "{model}"' in q["sql"]]
        for model in (Decree._meta.db_table, BudgetAllocation._meta.db_table)
    }
    # Each kind: once in the count, once in the page's UNION, once for the page's records.
    assert all(len(sqls) == 3 for sqls in reads.values())
    assert all(any("LIMIT 25" in sql for sql in sqls) for sqls in reads.values())


def test_sulsel_staff_see_an_empty_queue(client_for, staf_sulsel, long_queue):
    response, urls = queue_page(client_for(staf_sulsel))

    assert urls == []
    assert response.context["table"].paginator.count == 0
