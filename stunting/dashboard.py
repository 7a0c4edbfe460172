"""The reads of a kab/kota's stunting page, in a fixed number of queries whatever the number of
figures, actions or teams. The view parses the region and year, calls `region_dashboard` and
renders what it returns."""

from __future__ import annotations

from dataclasses import dataclass

from pokja.kernel.accounts import User
from pokja.kernel.regions import Region
from pokja.selectors import WorkingGroupTeam, working_group_team
from stunting import selectors
from stunting.bands import band, distance
from stunting.models import (
    AuditCycle,
    ConvergenceAction,
    FamiliesAtRisk,
    OverdueReport,
    PrevalenceFigure,
    SemesterReport,
    TppsTeam,
)
from stunting.selectors import TPPS_WORKING_GROUP, PathPoint, Series, Target


@dataclass(frozen=True)
class RegionDashboard:
    """What a kab/kota's stunting page shows; the TPPS working group is None without one."""

    series: list[Series]
    chart: dict
    path: dict[int, PathPoint]
    target: Target | None
    latest: list[dict]
    checklist: list[tuple[int, str, ConvergenceAction | None]]
    actions_done: int
    reports: list[SemesterReport]
    overdue: list[OverdueReport]
    krs: list[FamiliesAtRisk]
    audits: list[AuditCycle]
    tpps: WorkingGroupTeam | None
    teams: list[TppsTeam]
    pending: list[PrevalenceFigure]

    def as_context(self) -> dict:
        """The template's names (the TPPS working group as `group`, `decree`, `member_count`)."""
        context = {name: getattr(self, name) for name in self.__dataclass_fields__}
        context.update(
            group=self.tpps.group if self.tpps else None,
            decree=self.tpps.decree if self.tpps else None,
            member_count=len(self.tpps.members) if self.tpps else 0,
        )
        return context


def _latest(series: list[Series], region: Region, path: dict[int, PathPoint]) -> list[dict]:
    """Each series' latest figure (`series`, `figure`, `band`, `target`, `distance`,
    `not_judged`), judged only against the target of its own year and only when that target is
    measured by its source (never e-PPGBM against a survey target)."""
    figure_years = sorted({s.latest.year for s in series})
    own_targets = selectors.targets_for([region.code], figure_years, path)
    latest = []
    for s in series:
        target = own_targets.get((region.code, s.latest.year))
        judged = target is not None and target.judges(s.latest)
        latest.append(
            {
                "series": s,
                "figure": s.latest,
                "band": band(s.latest.value),
                "target": target if judged else None,
                "distance": distance(s.latest.value, target.value) if judged else None,
                "not_judged": target.why_not(s.latest) if target and not judged else "",
            }
        )
    return latest


def region_dashboard(user: User, region: Region, year: int) -> RegionDashboard:
    """Everything a kab/kota's stunting page shows for `year`, read in the user's scope."""
    series = selectors.region_series(user, region)
    path = selectors.target_path()
    actions = {
        a.action: a
        for a in ConvergenceAction.objects.for_user(user).filter(region=region, year=year)
    }
    return RegionDashboard(
        series=series,
        chart=selectors.chart_data(series, path),
        path=path,
        target=selectors.target_for([region.code], year, path).get(region.code),
        latest=_latest(series, region, path),
        checklist=[
            (value, label, actions.get(value)) for value, label in ConvergenceAction.Action.choices
        ],
        actions_done=sum(
            1 for a in actions.values() if a.progress == ConvergenceAction.Progress.DONE
        ),
        reports=list(selectors.reports_of(user, region, year)),
        overdue=list(OverdueReport.objects.for_user(user).filter(region=region)),
        krs=list(FamiliesAtRisk.objects.for_user(user).filter(region=region)),
        audits=list(AuditCycle.objects.for_user(user).filter(region=region, year=year)),
        tpps=working_group_team(user, region, TPPS_WORKING_GROUP),
        teams=list(
            TppsTeam.objects.for_user(user)
            .filter(region__code__startswith=f"{region.code}.")
            .select_related("region")
        ),
        pending=list(
            PrevalenceFigure.objects.for_user(user)
            .filter(region=region)
            .exclude(status=PrevalenceFigure.Status.TERVERIFIKASI)
            .select_related("region")
        ),
    )
