"""Which provinces and kab/kota in scope have a GDPK in force in a year (verified, the year within
its period), and which have none."""

from __future__ import annotations

import django_filters
import django_tables2 as tables
from django.db.models import OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_filters.views import FilterView

from pokja.filtersets import POKJA_LEVELS, LevelFilter, RegionScopeFilter, YearFilter
from pokja.kernel.years import current_year
from pokja.models import GdpkDocument, Region
from pokja.tables import TABLE_ATTRS
from pokja.views.lists import ListPageMixin

IN_FORCE, NONE = "ada", "tidak"


def with_gdpk_in_force(regions: QuerySet[Region], year: int) -> QuerySet[Region]:
    """Each region with the newest GDPK in force that year (one subquery per column)."""
    in_force = (
        GdpkDocument.objects.in_force(year).filter(region=OuterRef("pk")).order_by("-year_start")
    )
    return regions.annotate(
        gdpk_id=Subquery(in_force.values("pk")[:1]),
        gdpk_title=Subquery(in_force.values("title")[:1]),
        gdpk_start=Subquery(in_force.values("year_start")[:1]),
        gdpk_end=Subquery(in_force.values("year_end")[:1]),
        gdpk_legal_form=Subquery(in_force.values("legal_form")[:1]),
    )


class GdpkFilterSet(django_filters.FilterSet):
    tahun = YearFilter(method="filter_nothing")
    region = RegionScopeFilter(field_name="code")
    level = LevelFilter(field_name="level")
    situation = django_filters.ChoiceFilter(
        method="filter_situation",
        label=_("Situation"),
        choices=[(IN_FORCE, _("GDPK in force")), (NONE, _("No GDPK in force"))],
    )

    class Meta:
        model = Region
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("tahun", str(current_year()))
        super().__init__(data, *args, **kwargs)

    @property
    def year(self) -> int:
        if self.is_valid() and self.form.cleaned_data.get("tahun"):
            return int(self.form.cleaned_data["tahun"])
        return current_year()

    def filter_queryset(self, queryset):
        return super().filter_queryset(with_gdpk_in_force(queryset, self.year))

    def filter_nothing(self, queryset, name, value):
        return queryset  # the year is applied in filter_queryset

    def filter_situation(self, queryset, name, value):
        if value == IN_FORCE:
            return queryset.filter(gdpk_id__isnull=False)
        if value == NONE:
            return queryset.filter(gdpk_id__isnull=True)
        return queryset


class GdpkTable(tables.Table):
    code = tables.Column(verbose_name=_("Code"))
    name = tables.Column(verbose_name=_("Region"))
    province = tables.Column(
        accessor="parent__name", verbose_name=_("Province"), default="", orderable=False
    )
    gdpk_title = tables.Column(verbose_name=_("GDPK in force"), default=_("None"))
    period = tables.Column(verbose_name=_("Period"), accessor="gdpk_start", default="–")
    gdpk_legal_form = tables.Column(verbose_name=_("Legal form"), default="–")

    class Meta:
        model = Region
        fields = ()
        sequence = ("code", "name", "province", "gdpk_title", "period", "gdpk_legal_form")
        attrs = TABLE_ATTRS
        empty_text = _("No region matches these filters.")
        template_name = "django_tables2/bootstrap5-responsive.html"

    def render_gdpk_title(self, value, record):
        url = reverse("pokja:gdpkdocument_detail", args=[record.gdpk_id])
        return format_html('<a href="{}">{}</a>', url, value)

    def render_period(self, value, record):
        return f"{record.gdpk_start}–{record.gdpk_end}"

    def value_period(self, value, record):
        return self.render_period(value, record) if record.gdpk_id else ""

    def render_gdpk_legal_form(self, value):
        return GdpkDocument.LegalForm(value).label


class GdpkListView(ListPageMixin, FilterView):
    filterset_class = GdpkFilterSet
    table_class = GdpkTable
    export_name = "gdpk"
    intro = _(
        "Provinces and kab/kota with a verified GDPK whose period covers the year, "
        "and those without one."
    )

    def get_queryset(self):
        return (
            Region.objects.for_user(self.request.user)
            .filter(level__in=POKJA_LEVELS)
            .select_related("parent")
            .order_by("code")
        )

    def get_title(self) -> str:
        return _("GDPK in force in %(year)s") % {"year": self.filterset.year}

    def get_export_filename(self, export_format: str) -> str:
        return f"{self.export_name}-{self.filterset.year}.{export_format}"


gdpk_list = GdpkListView.as_view()
