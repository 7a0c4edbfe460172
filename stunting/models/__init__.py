from stunting.models.prevalence import AchievementSetting, PrevalenceFigure, Source
from stunting.models.reports import (
    AuditCycle,
    ConvergenceAction,
    FamiliesAtRisk,
    OverdueReport,
    ReportStatus,
    SemesterReport,
    semester_due_on,
)
from stunting.models.teams import TppsMember, TppsTeam

__all__ = [
    "AchievementSetting",
    "AuditCycle",
    "ConvergenceAction",
    "FamiliesAtRisk",
    "OverdueReport",
    "PrevalenceFigure",
    "ReportStatus",
    "SemesterReport",
    "Source",
    "TppsMember",
    "TppsTeam",
    "semester_due_on",
]
