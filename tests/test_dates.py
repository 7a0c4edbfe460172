"""One style for dates across the portal: 17/08/2026, 17/08/2026 14:05 and "Agustus 2026"."""

from __future__ import annotations

import datetime
import re
from html import unescape

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from kampungkb.services.classify import classify
from tests.factories import DecreeFactory, PokjaFactory
from tests.factories_stunting import SemesterReportFactory
from tests.kampungkb_factories import ActivityFactory, KampungKBFactory, ProfileFactory, village

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
NUMERIC_MONTH = re.compile(r"(?<![\d/.])\d{1,2}/\d{4}\b")  # "11/2026", not "17/11/2026"


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", html))


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


@pytest.mark.parametrize("language", ["id", "en"])
def test_dates_moments_and_months_have_one_style_in_both_languages(language):
    day = datetime.date(2026, 8, 17)
    moment = datetime.datetime(2026, 8, 17, 14, 5, tzinfo=datetime.UTC)
    with translation.override(language):
        assert render("{{ d|date }}", d=day) == "17/08/2026"
        assert render('{{ d|date:"SHORT_DATE_FORMAT" }}', d=day) == "17/08/2026"
        assert render('{{ m|date:"DATETIME_FORMAT" }}', m=moment).startswith("17/08/2026 ")
        month = render('{{ d|date:"YEAR_MONTH_FORMAT" }}', d=day)
    assert month == {"id": "Agustus 2026", "en": "August 2026"}[language]


def test_a_date_is_typed_day_first_in_english_too(settings):
    from django import forms

    with translation.override("en"):
        assert forms.DateField().clean("03/04/2025") == datetime.date(2025, 4, 3)
        assert forms.DateField().clean("2025-04-03") == datetime.date(2025, 4, 3)


@pytest.fixture
def kampung(banjarmasin):
    today = datetime.date.today()
    kampung = KampungKBFactory(region=village(banjarmasin), launched_on=datetime.date(2024, 3, 5))
    ProfileFactory(kampung=kampung, period=today.replace(day=1), status="terverifikasi")
    ActivityFactory(kampung=kampung, held_on=today, status="terverifikasi")
    classify(years=[today.year])
    return kampung


def key_pages(kampung, banjarmasin) -> list[str]:
    pokja = PokjaFactory(region=banjarmasin, formed_on=datetime.date(2024, 1, 2))
    decree = DecreeFactory(pokja=pokja)
    year = datetime.date.today().year - 1
    report = SemesterReportFactory(region=banjarmasin, year=year)
    profile = kampung.profiles.get()
    profile.status = "diajukan"  # waiting in the coordinator's queue
    profile.save()
    return [
        reverse("pokja:verification_queue"),
        kampung.get_absolute_url(),
        profile.get_absolute_url(),
        reverse("kampungkb:region", args=[banjarmasin.code]),
        pokja.get_absolute_url(),
        decree.get_absolute_url(),
        report.get_absolute_url(),
        reverse("stunting:region", args=[banjarmasin.code]),
        reverse("pokja:home"),
    ]


def test_key_pages_show_no_iso_date_and_no_numeric_month(
    client_for, koord_6371, kampung, banjarmasin
):
    client = client_for(koord_6371)
    found = {}
    for url in key_pages(kampung, banjarmasin):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        bad = ISO_DATE.findall(text) + NUMERIC_MONTH.findall(text)
        if bad:
            found[url] = bad
    assert found == {}


def test_the_kampung_page_names_the_month_of_its_profile(client_for, koord_6371, kampung):
    page = visible_text(client_for(koord_6371).get(kampung.get_absolute_url()).content.decode())
    month = kampung.profiles.get().period
    with translation.override("id"):
        assert render('{{ d|date:"YEAR_MONTH_FORMAT" }}', d=month) in page
    assert "05/03/2024" in page  # launched on
