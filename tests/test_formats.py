from datetime import date

from django.template import Context, Template
from django.utils import translation


def render(source, **context):
    return Template("{% load portal %}" + source).render(Context(context))


def test_rupiah_in_indonesian_uses_dots_for_thousands():
    with translation.override("id"):
        assert render("{{ amount|rupiah }}", amount=12500000) == "Rp 12.500.000"


def test_rupiah_shows_a_dash_when_nothing_is_budgeted():
    assert render("{{ amount|rupiah }}", amount=None) == "–"


def test_dates_render_in_indonesian():
    with translation.override("id"):
        assert render("{{ d|date }}", d=date(2026, 8, 17)) == "17/08/2026"
