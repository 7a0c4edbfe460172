from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pokja.kernel.admin import WorkflowAdminMixin
from targets.models import Achievement, Indicator, NationalTarget, ProvinceTarget, RegionTarget


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = [
        "code",
        "name",
        "unit",
        "direction",
        "kind",
        "lowest_level",
        "frequency",
        "is_active",
    ]
    list_filter = ["kind", "direction", "lowest_level", "frequency", "is_active"]
    search_fields = ["code", "name"]
    list_editable = ["is_active"]


@admin.register(NationalTarget)
class NationalTargetAdmin(admin.ModelAdmin):
    """The national paths (stunting's year by year): admins replace an interpolated year with
    the published value and mark it published."""

    list_display = ["indicator", "year", "value", "basis", "measured_by", "source"]
    list_filter = ["indicator", "basis", "year"]


class RegionTargetInline(admin.TabularInline):
    model = RegionTarget
    extra = 0
    autocomplete_fields = ["region"]


@admin.register(ProvinceTarget)
class ProvinceTargetAdmin(SimpleHistoryAdmin):
    list_display = ["region", "indicator", "year", "value", "measured_by", "status", "method"]
    list_filter = ["year", "status", "indicator"]
    list_select_related = ["region", "indicator"]
    autocomplete_fields = ["region"]
    inlines = [RegionTargetInline]


@admin.register(Achievement)
class AchievementAdmin(WorkflowAdminMixin, SimpleHistoryAdmin):
    list_display = ["region", "indicator", "year", "period", "value", "source", "status"]
    list_filter = ["year", "status", "indicator"]
    list_select_related = ["region", "indicator"]
    autocomplete_fields = ["region"]
