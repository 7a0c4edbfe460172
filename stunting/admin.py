"""Admin: the achievement setting, KRS and audit cycles (entered by admins for now), and the
records, edited through the kernel's workflow."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pokja.kernel.admin import WorkflowAdminMixin
from stunting.models import (
    AchievementSetting,
    AuditCycle,
    ConvergenceAction,
    FamiliesAtRisk,
    OverdueReport,
    PrevalenceFigure,
    SemesterReport,
    TppsTeam,
)


@admin.register(AchievementSetting)
class AchievementSettingAdmin(SimpleHistoryAdmin):
    list_display = ["indicator_code", "counting"]


@admin.register(PrevalenceFigure)
class PrevalenceFigureAdmin(WorkflowAdminMixin, SimpleHistoryAdmin):
    list_display = ["region", "source", "survey_name", "year", "month", "value", "status"]
    list_filter = ["source", "year", "status"]
    list_select_related = ["region"]
    search_fields = ["region__code", "region__name"]
    raw_id_fields = ["region"]


@admin.register(SemesterReport)
class SemesterReportAdmin(WorkflowAdminMixin, SimpleHistoryAdmin):
    list_display = ["region", "year", "semester", "status"]
    list_filter = ["year", "semester", "status"]
    list_select_related = ["region"]
    raw_id_fields = ["region"]


@admin.register(TppsTeam)
class TppsTeamAdmin(WorkflowAdminMixin, SimpleHistoryAdmin):
    list_display = ["region", "sk_number", "chair_name", "status"]
    list_select_related = ["region"]
    raw_id_fields = ["region"]


@admin.register(ConvergenceAction)
class ConvergenceActionAdmin(SimpleHistoryAdmin):
    list_display = ["region", "year", "action", "progress", "score"]
    list_filter = ["year", "action", "progress"]
    list_select_related = ["region"]
    raw_id_fields = ["region"]


@admin.register(FamiliesAtRisk)
class FamiliesAtRiskAdmin(SimpleHistoryAdmin):
    list_display = ["region", "year", "semester", "families_at_risk", "tpk_count"]
    list_filter = ["year", "semester"]
    raw_id_fields = ["region"]


@admin.register(AuditCycle)
class AuditCycleAdmin(SimpleHistoryAdmin):
    list_display = ["region", "year", "cycle", "stage"]
    list_filter = ["year", "stage"]
    raw_id_fields = ["region"]


@admin.register(OverdueReport)
class OverdueReportAdmin(admin.ModelAdmin):
    list_display = ["region", "year", "semester", "due_on", "computed_on"]
    list_filter = ["year", "semester"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
