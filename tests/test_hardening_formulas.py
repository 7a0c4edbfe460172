"""No generated workbook or CSV hands a spreadsheet a live formula typed by a user (issue #23).

Every user-entered text field of every record type holds a formula, then every export and
template the portal offers is downloaded and every cell of it is checked. A scan of the sources
keeps the next exporter from writing a file without pokja.kernel.spreadsheets.
"""

from __future__ import annotations

import ast
import io
import re
from io import BytesIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import models
from django.db.models import Value
from django.db.models.functions import Cast, Concat
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from pokja.kernel import spreadsheets
from pokja.models import ExportJob, User
from pokja.services import exports
from pokja.tasks import export_list
from tests.helpers import csv_formula_cells, csv_rows, shared_then_rolled_back, xlsx_formula_cells
from tests.kampungkb_factories import KampungKBFactory, village
from tests.list_pages import LIST_PAGES

FORMULA = '=HYPERLINK("http://evil.example/","klik")'
PAYLOADS = [FORMULA, "+cmd|' /C calc'!A0", "-1+1", "@SUM(A1)"]
ROOT = Path(__file__).resolve().parent.parent
APPS = ("pokja", "targets", "kampungkb", "stunting")


def test_registry_template_holds_a_formula_named_kampung_as_text(
    client_for, koord_6371, banjarmasin
):
    KampungKBFactory(region=village(banjarmasin, 1), name=FORMULA, description="-1+1")

    response = client_for(koord_6371).get("/kampung-kb/wilayah/63.71/excel/registri/templat/")

    assert xlsx_formula_cells(response.content) == []
    sheet = load_workbook(BytesIO(response.content)).active
    # Text, exactly as typed: the template goes back up unchanged (no apostrophe added).
    assert (sheet["B2"].value, sheet["B2"].data_type) == (FORMULA, "s")
    assert sheet["F2"].value == "-1+1"


# --- the helper itself -----------------------------------------------------------------------


def test_the_writer_keeps_numbers_dates_and_its_own_formulas():
    import datetime

    workbook = spreadsheets.new_workbook()
    sheet = workbook.active
    spreadsheets.append(sheet, [-5, 1.5, datetime.date(2026, 1, 2), "#N/A", "=1+1"])
    spreadsheets.append(sheet, [spreadsheets.Formula("=SUM(A1:B1)")])
    sheet = load_workbook(BytesIO(spreadsheets.save(workbook))).active

    assert [c.data_type for c in sheet[1]] == ["n", "n", "d", "s", "s"]
    assert sheet["A1"].value == -5 and sheet["E1"].value == "=1+1"
    assert (sheet["A2"].data_type, sheet["A2"].value) == ("f", "=SUM(A1:B1)")
    text = io.StringIO()
    spreadsheets.csv_writer(text).writerow([-5, "-5", "=1+1", spreadsheets.Formula("=A1")])
    assert text.getvalue() == "-5,'-5,'=1+1,=A1\r\n"


def test_a_sheet_title_from_user_text_is_one_excel_accepts():
    assert spreadsheets.sheet_title("'a/b:c*d?[e]" + "x" * 40) == "a-b-c-d--e-" + "x" * 19
    assert spreadsheets.sheet_title("'") == "Sheet"


# --- every export and template, with a formula in every text field --------------------------

# Keys and machine fields, not text a person types into a record.
NOT_USER_TEXT = {
    "pokja.User": {"password", "username"},
    "pokja.Region": {"code"},
    "pokja.Assessment": {"inputs"},
    "pokja.AssessmentRun": {"scope_code"},
    "stunting.AchievementSetting": {"indicator_code"},
}
# KeptUpload and SubmissionKey are transient (a refused form's file, a replayed key).
SYSTEM_MODELS = {
    "ExportJob",
    "WorkerHeartbeat",
    "DueItem",
    "DigestLog",
    "KeptUpload",
    "SubmissionKey",
}


def _text_fields(model) -> list[models.Field]:
    skip = NOT_USER_TEXT.get(model._meta.label, set())
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
        and not f.choices
        and f.name not in skip
    ]


def _record_models() -> list:
    found = []
    for label in (*APPS, "reminders"):
        for model in apps.get_app_config(label).get_models():
            name = model.__name__
            if name.startswith("Historical") or name in SYSTEM_MODELS:
                continue
            if _text_fields(model):
                found.append(model)
    return found


def _plant_formulas() -> dict[str, int]:
    """Every user-entered text field of every row holds a formula, followed by the row's id
    (unique fields stay unique); returns the rows per model."""
    planted = {}
    for model in _record_models():
        values = {}
        for index, field in enumerate(_text_fields(model)):
            payload = PAYLOADS[index % len(PAYLOADS)]
            if field.max_length:
                payload = payload[: field.max_length - 10]
            values[field.name] = Concat(Value(f"{payload} #"), Cast("pk", models.CharField()))
        planted[model._meta.label] = model._base_manager.update(**values)
    return planted


def _seed_and_plant() -> dict[str, int]:
    call_command("seed_demo", stdout=io.StringIO())
    return _plant_formulas()


@pytest.fixture(scope="module")
def planted(django_db_setup, django_db_blocker):
    yield from shared_then_rolled_back(django_db_blocker, _seed_and_plant)


def test_the_demo_gives_every_record_type_rows_to_plant_in(db, planted):
    empty = sorted(label for label, rows in planted.items() if not rows)
    assert empty == []


def _user(username: str) -> User:
    return User.objects.get(username=username)


# (URL name, kwargs, query, who downloads it): every generated file the portal offers.
DOWNLOADS = [
    *(
        (f"pokja:{name}", {}, {"_export": fmt}, "admin")
        for name in LIST_PAGES
        for fmt in ("csv", "xlsx")
    ),
    *(("pokja:national", {}, {"ekspor": fmt}, "pusat") for fmt in ("csv", "xlsx")),
    *(
        ("pokja:ranking_export", {"code": "63", "export_format": fmt}, {}, "staf-kalsel")
        for fmt in ("csv", "xlsx")
    ),
    *(
        ("kampungkb:region", {"code": code}, {"ekspor": fmt}, "staf-kalsel")
        for code in ("63", "63.71")
        for fmt in ("csv", "xlsx")
    ),
    *(("kampungkb:national", {}, {"ekspor": fmt}, "pusat") for fmt in ("csv", "xlsx")),
    *(
        ("kampungkb:excel_template", {"code": "63.71", "kind": kind}, {}, "koord-6371")
        for kind in ("registri", "profil")
    ),
    ("targets:template_download", {"province_code": "63"}, {}, "staf-kalsel"),
    *(
        ("targets:export", {"kind": kind, "export_format": fmt}, {"provinsi": "63"}, "staf-kalsel")
        for kind in ("target", "capaian", "evaluasi")
        for fmt in ("csv", "xlsx")
    ),
    *(("stunting:national_export", {"export_format": f}, {}, "pusat") for f in ("csv", "xlsx")),
    *(
        ("stunting:province_export", {"code": "63", "export_format": fmt}, {}, "staf-kalsel")
        for fmt in ("csv", "xlsx")
    ),
    ("stunting:template", {"code": "63"}, {"sumber": FORMULA}, "staf-kalsel"),
]


# Files with no text a person typed (codes and months only): checked, but nothing to find.
NO_USER_TEXT = {"kampungkb:excel_template-63.71-profil"}


def _content(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def assert_no_formula(content: bytes, what: str) -> list[str]:
    """Checks the file; returns the text of its cells (a CSV's without the added apostrophe)."""
    if content.startswith(b"PK"):
        assert xlsx_formula_cells(content) == [], what
        book = load_workbook(BytesIO(content))
        return [
            str(cell.value)
            for sheet in book.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None
        ]
    rows = csv_rows(content)
    assert len(rows) > 1, f"{what}: no rows"
    assert csv_formula_cells(rows) == [], what
    return [cell.removeprefix("'") for row in rows for cell in row]


def planted_in(texts: list[str]) -> bool:
    return any(text.startswith(payload[:4]) for text in texts for payload in PAYLOADS)


def _label(download) -> str:
    name, kwargs, query, _who = download
    return "-".join([name, *kwargs.values(), *query.values()])[:60]


@pytest.mark.parametrize("download", DOWNLOADS, ids=_label)
def test_no_download_holds_a_formula(db, client_for, planted, settings, download):
    settings.EXPORT_INLINE_MAX_ROWS = 10**6  # the file itself, not a job (tested below)
    name, kwargs, query, username = download

    response = client_for(_user(username)).get(reverse(name, kwargs=kwargs), query)

    assert response.status_code == 200, name
    texts = assert_no_formula(_content(response), name)
    if _label(download) not in NO_USER_TEXT:
        assert planted_in(texts), f"{name}: no planted text in the file, so nothing was checked"


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_an_export_job_file_holds_no_formula(
    db,
    client_for,
    planted,
    settings,
    monkeypatch,
    django_capture_on_commit_callbacks,
    export_format,
):
    settings.EXPORT_INLINE_MAX_ROWS = 0
    monkeypatch.setattr(exports, "broker_reachable", lambda: True)
    monkeypatch.setattr(export_list, "delay", lambda job_id: export_list.apply(args=[job_id]))
    client = client_for(_user("admin"))
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("pokja:decree_list"), {"_export": export_format})
    job = ExportJob.objects.get(owner__username="admin")

    response = client.get(reverse("pokja:export_job_download", args=[job.pk]))

    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    assert planted_in(assert_no_formula(_content(response), "export job"))


def _routes(resolver=None, prefix="", namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _routes(pattern, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", prefix + str(pattern.pattern)


GENERATED_FILE_ROUTE = re.compile(r"ekspor|templat|peringkat\.|unduhan/.*/berkas")


def test_every_route_that_generates_a_file_is_downloaded_above():
    covered = {name for name, *_rest in DOWNLOADS} | {"pokja:export_job_download"}
    generating = {name for name, route in _routes() if GENERATED_FILE_ROUTE.search(route)}
    assert generating - covered == set()


def test_every_page_with_an_export_parameter_is_downloaded_above():
    """A page answering ?ekspor= is not visible in its route; its module is named here."""
    modules = {
        str(path.relative_to(ROOT))
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if 'GET.get("ekspor")' in path.read_text()
    }
    assert modules == {"pokja/views/core.py", "kampungkb/views/pages.py"}


# --- nothing writes a file without the helper ------------------------------------------------

HELPER = "pokja/kernel/spreadsheets.py"
# What writes a spreadsheet or CSV file: only the helper may use them. (pokja/exports.py may
# subclass django-tables2's TableExport because it hands the writing to the helper.)
FORBIDDEN_NAMES = {
    "csv": {"writer", "DictWriter"},
    "openpyxl": {"Workbook"},
    "openpyxl.workbook": {"Workbook"},
    "openpyxl.cell": {"WriteOnlyCell"},
}
FORBIDDEN_MODULES = ("tablib", "import_export", "django_tables2.export")
ALLOWED = {
    "pokja/exports.py": {"django_tables2.export"},
    "pokja/views/lists.py": {"django_tables2.export.views"},  # the ?_export= trigger, not a writer
}


def _writers_in(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith(FORBIDDEN_MODULES)}
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith(FORBIDDEN_MODULES):
                found.add(node.module)
            names = FORBIDDEN_NAMES.get(node.module, set())
            found |= {f"{node.module}.{a.name}" for a in node.names if a.name in names}
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.attr in FORBIDDEN_NAMES.get(node.value.id, set())
        ):
            found.add(f"{node.value.id}.{node.attr}")
    return found


def test_no_module_but_the_helper_writes_csv_or_xlsx_itself():
    offenders = {}
    for app in (*APPS, "config"):
        for path in (ROOT / app).rglob("*.py"):
            name = str(path.relative_to(ROOT))
            if name == HELPER:
                continue
            found = _writers_in(path) - ALLOWED.get(name, set())
            if found:
                offenders[name] = sorted(found)
    assert offenders == {}


def test_the_scan_would_catch_a_new_exporter(tmp_path):
    module = tmp_path / "exporter.py"
    module.write_text("import csv\nimport openpyxl\ncsv.writer(f)\nopenpyxl.Workbook()\n")
    assert _writers_in(module) == {"csv.writer", "openpyxl.Workbook"}


def test_the_table_library_export_goes_through_the_helper():
    from django_tables2.export import TableExport

    from pokja.exports import SafeTableExport

    assert SafeTableExport.export is not TableExport.export
    assert "import_export" not in settings.INSTALLED_APPS  # its admin export is not offered
