"""Workbooks out of proportion are refused before openpyxl parses them."""

import io
import zipfile

import pytest
from django.utils import translation

from pokja import excel_guard
from targets.models import ProvinceTarget
from tests.factories import IndicatorFactory, KabupatenKotaFactory, RateIndicatorFactory
from tests.test_targets_excel import COUNT, GOOD_ROWS, RATE, run_import, workbook_bytes


@pytest.fixture
def kalsel_kabkota(kalsel, banjarmasin, banjarbaru):
    return [KabupatenKotaFactory(code="63.01", parent=kalsel), banjarmasin, banjarbaru]


@pytest.fixture
def indicators(db):
    return [IndicatorFactory(code=COUNT), RateIndicatorFactory(code=RATE)]


def rebuilt(data: bytes, extra: dict[str, bytes], *, stored=False) -> bytes:
    """The workbook with some parts replaced or added."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename not in extra:
                target.writestr(item, source.read(item.filename))
        for name, body in extra.items():
            target.writestr(name, body, compress_type=method)
    return out.getvalue()


def shared_strings(count: int) -> bytes:
    items = b"".join(b"<si><t>t%d</t></si>" % n for n in range(count))
    return b'<sst xmlns="x" count="1" uniqueCount="1">' + items + b"</sst>"


def refused(result) -> str:
    assert not result.ok
    assert ProvinceTarget.objects.count() == 0
    return " ".join(error.message for error in result.errors)


def test_a_million_shared_strings_are_refused_before_parsing(
    staf_kalsel, kalsel, kalsel_kabkota, indicators, monkeypatch
):
    data = rebuilt(
        workbook_bytes(GOOD_ROWS), {"xl/sharedStrings.xml": shared_strings(120_000)}, stored=True
    )
    monkeypatch.setattr(
        "pokja.excel_guard.load_workbook", lambda *a, **k: pytest.fail("openpyxl was reached")
    )

    with translation.override("id"):
        message = refused(run_import(staf_kalsel, kalsel, data))

    assert "120000" in message
    assert "tidak dibaca" in message


def test_a_zip_bomb_is_refused(staf_kalsel, kalsel, kalsel_kabkota, indicators):
    data = rebuilt(workbook_bytes(GOOD_ROWS), {"xl/media/padding.bin": b"\0" * 30_000_000})

    refused(run_import(staf_kalsel, kalsel, data))


def test_too_many_parts_are_refused(staf_kalsel, kalsel, kalsel_kabkota, indicators):
    parts = {f"xl/extra/{n}.xml": b"<x/>" for n in range(excel_guard.MAX_PARTS + 1)}

    refused(run_import(staf_kalsel, kalsel, rebuilt(workbook_bytes(GOOD_ROWS), parts)))


def test_a_good_workbook_still_passes(staf_kalsel, kalsel, kalsel_kabkota, indicators):
    assert run_import(staf_kalsel, kalsel, workbook_bytes(GOOD_ROWS)).ok


def test_the_count_finds_a_tag_split_between_chunks():
    body = b"x" * (excel_guard.CHUNK - 2) + b"<si><t>a</t></si><si>"
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as target:
        target.writestr(excel_guard.SHARED_STRINGS_PART, body)

    assert excel_guard._count_shared_strings(zipfile.ZipFile(archive)) == 2
