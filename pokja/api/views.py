"""Read-only resources of the core app: regions, Pokja, effectiveness (per region and year, in
bulk for BI tools) and the effectiveness runs."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from pokja.api.filters import filterset_for
from pokja.api.provenance import ProvenanceLinkField
from pokja.effectiveness.selectors import runs_for_user
from pokja.kernel import policy
from pokja.kernel.years import program_years, validate_program_year
from pokja.models import Assessment, AssessmentRun, Pokja, Region

POKJA_LEVELS = (Region.Level.PROVINSI, *Region.KABUPATEN_KOTA_LEVELS)


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name", "level", "parent"]


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Regions in the user's scope (provinces, kab/kota, kecamatan, villages)."""

    serializer_class = RegionSerializer
    lookup_field = "code"
    lookup_value_regex = r"[0-9.]+"
    filterset_class = type(
        "RegionFilterSet",
        (filterset_for(Region, extra=("parent",)),),
        {},
    )
    ordering_fields = ["code", "name"]

    def get_queryset(self):
        return Region.objects.for_user(self.request.user)


class PokjaSerializer(serializers.ModelSerializer):
    class Meta:
        model = Pokja
        fields = ["id", "region", "name", "formed_on", "is_active", "notes", "version"]


class PokjaViewSet(viewsets.ReadOnlyModelViewSet):
    """The Pokja Bangga Kencana of each province and kab/kota in scope."""

    serializer_class = PokjaSerializer
    filterset_class = filterset_for(Pokja, extra=("is_active",))
    ordering_fields = ["region", "name"]

    def get_queryset(self):
        return Pokja.objects.for_user(self.request.user)


ASSESSMENT_FIELDS = [
    "sk_met",
    "plan_met",
    "indicator_met",
    "budget_met",
    "score",
    "is_effective",
    "has_pokja",
    "assessed_on",
    "computed_at",
]


class AssessmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Assessment
        fields = [
            "id",
            "region",
            "year",
            *ASSESSMENT_FIELDS,
            "reasons",
            "evidence",
            "run",
            "asal_angka",
        ]

    asal_angka = ProvenanceLinkField("efektivitas", lambda a: (a.region_id, a.year))


class AssessmentViewSet(viewsets.ReadOnlyModelViewSet):
    """Effectiveness assessments: one per region and year, as the engine last computed it."""

    serializer_class = AssessmentSerializer
    filterset_class = filterset_for(Assessment)
    ordering_fields = ["region", "year", "score"]

    def get_queryset(self):
        return Assessment.objects.for_user(self.request.user)


class AssessmentRunSerializer(serializers.ModelSerializer):
    class Meta:
        model = AssessmentRun
        fields = [
            "id",
            "trigger",
            "status",
            "scope_code",
            "years",
            "queued_at",
            "started_at",
            "finished_at",
            "region_count",
            "change_count",
            "errors",
        ]


class AssessmentRunViewSet(viewsets.ReadOnlyModelViewSet):
    """Effectiveness runs, as the run log shows them: admins all, provincial staff those that
    covered their province; nobody else."""

    serializer_class = AssessmentRunSerializer
    queryset = AssessmentRun.objects.none()  # for the schema; get_queryset decides
    ordering_fields = ["queued_at"]

    def get_queryset(self):
        user = self.request.user
        if not policy.may_read_run_log(user):
            return AssessmentRun.objects.none()
        return runs_for_user(user)


class EffectivenessRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.CharField()
    parent = serializers.CharField(allow_null=True)
    assessed = serializers.BooleanField(help_text="False: the engine has not judged it yet.")
    score = serializers.IntegerField(allow_null=True)
    is_effective = serializers.BooleanField(allow_null=True)
    sk_met = serializers.BooleanField(allow_null=True)
    plan_met = serializers.BooleanField(allow_null=True)
    indicator_met = serializers.BooleanField(allow_null=True)
    budget_met = serializers.BooleanField(allow_null=True)
    has_pokja = serializers.BooleanField(allow_null=True)
    computed_at = serializers.DateTimeField(allow_null=True)
    asal_angka = ProvenanceLinkField(
        "efektivitas", lambda row: (row["code"], row["year"]), source="*"
    )


class EffectivenessBulkView(APIView):
    """Every province and kab/kota in scope with its effectiveness for one year, unpaginated
    (one request for a BI tool). Regions never judged have `assessed: false`."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "year",
                # The program-year rule's range, which the view checks (validate_program_year).
                {"type": "integer", "minimum": program_years()[0], "maximum": program_years()[-1]},
                OpenApiParameter.PATH,
            )
        ],
        responses=EffectivenessRowSerializer(many=True),
    )
    def get(self, request, year: int):
        try:
            validate_program_year(year)
        except DjangoValidationError as exc:
            raise ValidationError({"year": exc.messages}) from exc
        regions = (
            Region.objects.for_user(request.user)
            .filter(level__in=POKJA_LEVELS)
            .values("code", "name", "level", "parent_id")
            .order_by("code")
        )
        assessments = {
            row["region_id"]: row
            for row in Assessment.objects.for_user(request.user)
            .filter(year=year)
            .values("region_id", *ASSESSMENT_FIELDS)
        }
        rows = []
        for region in regions:
            found = assessments.get(region["code"])
            row = {
                "code": region["code"],
                "name": region["name"],
                "level": region["level"],
                "parent": region["parent_id"],
                "assessed": found is not None,
                "year": year,
            }
            for name in EffectivenessRowSerializer._declared_fields:
                if name not in row:
                    row[name] = found.get(name) if found else None
            rows.append(row)
        context = {"request": request}
        return Response(EffectivenessRowSerializer(rows, many=True, context=context).data)
