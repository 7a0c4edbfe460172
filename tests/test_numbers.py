"""Numbers as Indonesians write them ("1.512", "21,5") in every form, and shown grouped."""

from __future__ import annotations

import datetime
import importlib
import pkgutil
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from pokja.kernel.formfields import (
    CoordinateField,
    GroupedIntegerField,
    YearField,
    parse_number,
    parse_whole,
)
from pokja.kernel.widgets import GroupedNumberInput
from tests.factories_stunting import SemesterReportFactory

APPS = ("pokja", "targets", "kampungkb", "stunting")
ROOT = Path(__file__).resolve().parent.parent
PLAIN_NUMBER_FIELDS = (forms.IntegerField, forms.DecimalField, forms.FloatField)


def every_form_class() -> list[type[forms.BaseForm]]:
    for app in APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" not in module.name and not module.name.endswith("tests"):
                importlib.import_module(module.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return sorted(
        {cls for cls in subclasses(forms.BaseForm) if cls.__module__.split(".")[0] in APPS},
        key=lambda cls: f"{cls.__module__}.{cls.__qualname__}",
    )


def test_no_form_of_any_app_has_a_plain_number_field():
    classes = every_form_class()
    plain = [
        f"{cls.__module__}.{cls.__name__}.{name}: {type(field).__name__}"
        for cls in classes
        for name, field in getattr(cls, "base_fields", {}).items()
        if isinstance(field, PLAIN_NUMBER_FIELDS)
        and not type(field).__module__.startswith("pokja.kernel.")
    ]
    assert len(classes) > 30  # the scan did find the forms
    assert plain == []


def test_no_number_input_of_any_form_is_type_number():
    # type=number refuses "1.512" in the browser before the server sees it.
    number_inputs = [
        f"{cls.__name__}.{name}"
        for cls in every_form_class()
        for name, field in getattr(cls, "base_fields", {}).items()
        if isinstance(field.widget, forms.NumberInput)
    ]
    assert number_inputs == []


def test_no_app_builds_a_plain_number_field_at_run_time():
    # Fields added in a form's __init__ (the split and achievements grids) are not in
    # base_fields: the source must not name Django's number fields outside the kernel.
    pattern = re.compile(r"forms\.(IntegerField|DecimalField|FloatField|NumberInput)\(")
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts and path.name != "formfields.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line) and "serializers" not in line
    ]
    assert found == []


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("1.512", 1512),
        ("1512", 1512),
        ("1.512.000", 1_512_000),
        ("1,512", 1512),
        (" 82.500 ", 82_500),
        ("1.512,00", 1512),
        ("-3", -3),
        ("1.5", None),
        ("1.51", None),
        ("15.12", None),
        ("dua", None),
    ],
)
def test_a_whole_number_is_read_with_or_without_grouping(typed, number):
    assert parse_whole(typed) == (None if number is None else Decimal(number))


@pytest.mark.parametrize(
    ("typed", "id_reads", "en_reads"),
    [
        ("21,5", "21.5", "21.5"),
        ("21.5", "21.5", "21.5"),  # a dot before one or two digits is a decimal point
        ("1.512,75", "1512.75", "1512.75"),
        ("1,512.75", "1512.75", "1512.75"),
        ("1.512", "1512", "1.512"),  # ambiguous: read as the interface's language writes it
        ("1,512", "1.512", "1512"),
        ("1.512.000", "1512000", "1512000"),
        ("-3.4567", "-3.4567", "-3.4567"),
        ("1.512.5", None, None),
        ("1,2,3", None, None),
    ],
)
def test_a_decimal_is_read_as_the_language_writes_it(typed, id_reads, en_reads):
    for language, expected in (("id", id_reads), ("en", en_reads)):
        with translation.override(language):
            assert parse_number(typed) == (None if expected is None else Decimal(expected))


def test_an_integer_field_refuses_a_fraction_in_indonesian_with_an_example():
    field = GroupedIntegerField()
    with translation.override("id"), pytest.raises(forms.ValidationError) as error:
        field.clean("1.5")
    assert error.value.messages == ["Masukkan bilangan bulat, misalnya 1.512."]


def test_years_and_coordinates_are_not_grouped():
    year, latitude = YearField(), CoordinateField(max_digits=9, decimal_places=6)
    with translation.override("id"):
        assert year.clean("2026") == 2026
        assert latitude.clean("-3,4567") == Decimal("-3.4567")
        assert latitude.clean("-3.456") == Decimal("-3.456")  # not -3456
        assert 'value="2026"' in year.widget.render("year", 2026)


def test_number_inputs_show_the_grouping_of_the_language():
    widget = GroupedNumberInput()
    with translation.override("id"):
        assert 'value="82.500"' in widget.render("v", Decimal("82500.00"))
        assert 'value="21,5"' in widget.render("v", Decimal("21.50"))
        assert 'value="1.5"' in widget.render("v", "1.5")  # what was typed comes back as typed
    with translation.override("en"):
        assert 'value="82,500"' in widget.render("v", 82500)


@pytest.fixture
def report(banjarmasin):
    year = datetime.date.today().year - 1
    return SemesterReportFactory(
        region=banjarmasin, year=year, children_measured=1481, status="draf"
    )


def test_the_tpps_report_shows_its_counts_grouped(client_for, koord_6371, report):
    client = client_for(koord_6371)
    page = client.get(report.get_absolute_url()).content.decode()
    form = client.get(reverse("stunting:semesterreport_edit", args=[report.pk])).content.decode()

    assert "1.481" in page and ">1481<" not in page
    assert 'value="1.481"' in form and 'data-number="integer"' in form
    assert f'value="{report.year}"' in form  # the year is not "2.025"


def test_the_profile_form_accepts_counts_written_with_dots():
    from kampungkb.forms import ProfileForm

    field = ProfileForm.base_fields["pus"]
    with translation.override("id"):
        assert field.clean("1.512") == 1512


def test_the_prevalence_form_reads_a_comma_decimal():
    from stunting.forms import PrevalenceFigureForm

    field = PrevalenceFigureForm.base_fields["value"]
    with translation.override("id"):
        assert field.clean("21,5") == Decimal("21.5")
        assert field.clean("21.5") == Decimal("21.5")
