"""The stunting records on the kernel's record machinery: each declares its model, form, parent
and the fields its page shows, and gets its pages, URLs and place in the verification queue."""

from __future__ import annotations

from django.db.models import Q

from pokja.kernel.records import Parent, RecordType
from pokja.kernel.regions import Region
from stunting import forms
from stunting.models import PrevalenceFigure, SemesterReport, TppsTeam
from stunting.models.reports import REPORTING_LEVELS
from stunting.models.teams import TEAM_LEVELS

# A figure hangs under its region: /stunting/wilayah/63.03/prevalensi/tambah/. Kecamatan and
# desa only for e-PPGBM (the model checks the source against the level).
FIGURE_REGION = Parent(Region, field="region", url="wilayah/<str:code>/", lookup="code")
PREVALENCE = RecordType(
    "prevalensi",
    PrevalenceFigure,
    forms.PrevalenceFigureForm,
    FIGURE_REGION,
    detail_fields=(
        "source",
        "survey_name",
        "year",
        "month",
        "value",
        "sample_size",
        "publication_title",
        "publication_date",
        "publication_url",
    ),
    provenance=("prevalensi", lambda figure: (figure.pk,)),
    rules=(
        "A survey figure (`source` other than `eppgbm`) names its publication "
        "(`publication_title`).",
        "Surveys are published for provinces and kab/kota; only e-PPGBM reaches a kecamatan "
        "or desa (`region`).",
        "Only e-PPGBM figures are monthly (`month` 1-12); a survey's `month` is 0.",
        "One figure per region, source, year and month.",
    ),
)

REPORTING_REGION = Parent(
    Region,
    field="region",
    url="wilayah/<str:code>/",
    lookup="code",
    limit_to=Q(level__in=REPORTING_LEVELS),
)
REPORTS = RecordType(
    "laporan-semester",
    SemesterReport,
    forms.SemesterReportForm,
    REPORTING_REGION,
    detail_fields=(
        "year",
        "semester",
        "children_measured",
        "children_stunted",
        "families_accompanied",
        "summary",
    ),
    rules=(
        "One report per region, year and semester.",
        "`children_stunted` does not exceed `children_measured`.",
    ),
)

TEAM_REGION = Parent(
    Region,
    field="region",
    url="wilayah/<str:code>/",
    lookup="code",
    limit_to=Q(level__in=TEAM_LEVELS),
)
TEAMS = RecordType(
    "tpps",
    TppsTeam,
    forms.TppsTeamForm,
    TEAM_REGION,
    detail_fields=("sk_number", "sk_date", "signer", "chair_name", "chair_agency"),
    formset_class=forms.TppsMemberFormSet,
)

RECORD_TYPES = [PREVALENCE, REPORTS, TEAMS]
