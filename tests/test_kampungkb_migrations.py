"""Kampung KB's data migrations: reversible, and a large table rewritten in chunks."""

import importlib

from django.apps import apps

from kampungkb.models import MaturityClass
from tests.kampungkb_factories import KampungKBFactory, MaturityClassFactory, village

compact_reasons = importlib.import_module("kampungkb.migrations.0003_compact_class_reasons")

SPELLED_OUT = {
    "scores": {code: 1 + n % 4 for n, code in enumerate(compact_reasons.ORDER)},
    "values": {"pokja": "ya", "kb_participation": "61%"},
}
COMPACT = {
    "scores": "123412341234",
    "values": ["ya", "", "", "", "", "", "", "", "", "61%", "", ""],
}


def test_class_reasons_are_compacted_in_chunks_and_spelled_out_again(banjarmasin, monkeypatch):
    monkeypatch.setattr(compact_reasons, "CHUNK", 2)  # five rows: three chunks
    for n in range(5):
        kampung = KampungKBFactory(region=village(banjarmasin, n + 1))
        MaturityClassFactory(kampung=kampung, reasons=SPELLED_OUT)

    compact_reasons.compact(apps, None)
    assert [c.reasons for c in MaturityClass.objects.all()] == [COMPACT] * 5

    compact_reasons.spell_out(apps, None)
    assert [c.reasons for c in MaturityClass.objects.all()] == [SPELLED_OUT] * 5


def test_rows_already_in_the_target_form_are_left_alone(banjarmasin):
    kampung = KampungKBFactory(region=village(banjarmasin, 1))
    row = MaturityClassFactory(kampung=kampung, reasons=COMPACT)

    compact_reasons.compact(apps, None)
    row.refresh_from_db()
    assert row.reasons == COMPACT
