"""The verification queue is paged by the database: a page of 25 from a long queue, grouped by
kind and kab/kota or oldest first across every kind, without reading the other rows (issues #11
and #24)."""

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


def test_first_page_holds_the_oldest_group_oldest_first(client_for, staf_kalsel, long_queue):
    response, urls = queue_page(client_for(staf_kalsel))

    # The SKs of 63.71 waited longest (the first came a minute before the first budget).
    assert urls == [r.get_absolute_url() for r in long_queue[0:50:2]]
    assert response.context["table"].paginator.count == 60


def test_sorted_by_time_the_kinds_interleave(client_for, staf_kalsel, long_queue):
    _, oldest = queue_page(client_for(staf_kalsel), sort="updated_at")

    assert oldest == [r.get_absolute_url() for r in long_queue[:25]]


def test_last_page_and_newest_first(client_for, staf_kalsel, long_queue):
    client = client_for(staf_kalsel)

    _, last = queue_page(client, page=3)
    _, newest = queue_page(client, sort="-updated_at")

    assert last == [r.get_absolute_url() for r in long_queue[41::2]]  # the last ten budgets
    assert newest == [r.get_absolute_url() for r in reversed(long_queue[35:])]


@pytest.mark.parametrize(
    ("params", "reads"),
    [
        # Each kind: once in the summary, once in the page's UNION, once for its records.
        ({"sort": "updated_at"}, {Decree: 3, BudgetAllocation: 3}),
        # Grouped, the first page holds SKs only: the budgets' records are not read.
        ({}, {Decree: 3, BudgetAllocation: 2}),
    ],
)
def test_a_page_reads_only_its_own_records(client_for, staf_kalsel, long_queue, params, reads):
    client = client_for(staf_kalsel)

    with CaptureQueriesContext(connection) as captured:
        queue_page(client, **params)

    sqls = {
        model: [
            q["sql"]
            for q in captured.captured_queries
            if f'FROM "{model._meta.db_table}"' in q["sql"]
        ]
        for model in reads
    }
    assert {model: len(found) for model, found in sqls.items()} == reads
    assert all(any("LIMIT 25" in sql for sql in found) for found in sqls.values())


def test_sulsel_staff_see_an_empty_queue(client_for, staf_sulsel, long_queue):
    response, urls = queue_page(client_for(staf_sulsel))

    assert urls == []
    assert response.context["table"].paginator.count == 0
