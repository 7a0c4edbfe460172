"""The targets app's API resources (registered in apps.py): province targets with their kab/kota
shares, and achievements. Reads start from `for_user`; writes go through targets.services."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from pokja.api.filters import filterset_for
from pokja.api.provenance import ProvenanceLinkField
from pokja.api.records import TransitionsMixin
from pokja.api.serializers import status_label_field
from pokja.kernel import policy
from pokja.kernel.regions import Region
from pokja.kernel.scoping import CHANGE
from pokja.kernel.years import program_years
from targets import policy as targets_policy
from targets.models import Achievement, Indicator, ProvinceTarget, RegionTarget
from targets.services import achievements as achievement_services
from targets.services import targets as target_services


class RegionTargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = RegionTarget
        fields = ["id", "region", "value", "base_value"]


class ProvinceTargetSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    shares = serializers.SerializerMethodField()

    class Meta:
        model = ProvinceTarget
        fields = ["id", "region", "indicator", "year", "value", "status", "method", "shares"]

    @extend_schema_field(RegionTargetSerializer(many=True))
    def get_shares(self, target) -> list:
        # Only the shares the reader may see (a coordinator: its own kab/kota's).
        user = self.context["request"].user
        shares = [
            s for s in target.shares.all() if s.region_id in self.context["share_scope"](user)
        ]
        return RegionTargetSerializer(shares, many=True).data


def program_year_field() -> serializers.IntegerField:
    """A year the portal plans and reports for (pokja.kernel.years), its range in the schema."""
    years = program_years()
    return serializers.IntegerField(min_value=years[0], max_value=years[-1])


TargetSetSerializer = inline_serializer(
    "TargetSetRequest",
    {
        "region": serializers.CharField(help_text="The province's code."),
        "indicator": serializers.CharField(help_text="The indicator's code."),
        "year": program_year_field(),
        "value": serializers.DecimalField(max_digits=14, decimal_places=2),
    },
)


def _validated(documented, data) -> dict:
    """The body, validated by the serializer that documents it (an inline serializer is an
    instance: a fresh one of its class), so a missing field is a 400 naming it, before any
    lookup could answer 404."""
    serializer = type(documented)(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class ProvinceTargetViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Province targets, with the kab/kota shares the reader may see. Setting a target
    (POST, by the province's staff) creates or changes it; finalise/reopen are actions."""

    serializer_class = ProvinceTargetSerializer
    filterset_class = filterset_for(ProvinceTarget, extra=("indicator__code",))
    ordering_fields = ["year", "region"]

    def get_queryset(self):
        user = self.request.user
        queryset = ProvinceTarget.objects.select_related("indicator").prefetch_related("shares")
        province = targets_policy.achievement_province_code(user)
        if province:
            # A coordinator reads its province's targets (targets/policy.py) with its own share.
            return queryset.filter(region_id=province)
        return queryset.for_user(user)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        codes_cache = {}

        def share_scope(user):
            if "codes" not in codes_cache:
                codes_cache["codes"] = set(
                    RegionTarget.objects.for_user(user).values_list("region_id", flat=True)
                )
            return codes_cache["codes"]

        context["share_scope"] = share_scope
        return context

    @extend_schema(request=TargetSetSerializer, responses=ProvinceTargetSerializer)
    def create(self, request):
        data = _validated(TargetSetSerializer, request.data)
        province = get_object_or_404(
            Region.objects.for_user(request.user, CHANGE).filter(level=Region.Level.PROVINSI),
            code=data["region"],
        )
        indicator = get_object_or_404(Indicator, code=data["indicator"], is_active=True)
        target = target_services.target_set(
            province=province,
            indicator=indicator,
            year=data["year"],
            value=data["value"],
            user=request.user,
        )
        return Response(self.get_serializer(target).data, status=status.HTTP_201_CREATED)

    def _province_action(self, service):
        target = self.get_object()
        if not policy.may_manage_province(self.request.user, target.region_id):
            raise PermissionDenied
        return Response(self.get_serializer(service(target=target, user=self.request.user)).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def finalise(self, request, pk=None):
        return self._province_action(target_services.target_finalise)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._province_action(target_services.target_reopen)


class AchievementSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    status_label = status_label_field()

    class Meta:
        model = Achievement
        fields = [
            "id",
            "region",
            "indicator",
            "year",
            "period",
            "value",
            "status",
            "status_label",
            "rejection_reason",
            "verified_at",
            "version",
            "asal_angka",
        ]

    asal_angka = ProvenanceLinkField("capaian", lambda a: (a.region_id, a.indicator.code, a.year))


AchievementSaveSerializer = inline_serializer(
    "AchievementSaveRequest",
    {
        "region": serializers.CharField(),
        "indicator": serializers.CharField(),
        "year": program_year_field(),
        "period": serializers.IntegerField(
            required=False,
            default=0,
            help_text="0 the year (the default), 1-12 a month, 101-104 a quarter: one the "
            "indicator is reported for (its frequency).",
        ),
        "value": serializers.DecimalField(max_digits=14, decimal_places=2),
        "submit": serializers.BooleanField(required=False),
    },
)


class AchievementViewSet(
    TransitionsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Achievements (capaian). POST enters or corrects one (as the grid does: staff's entries
    are verified, a coordinator's are drafts or submissions); transitions as for every record."""

    serializer_class = AchievementSerializer
    filterset_class = filterset_for(Achievement, extra=("indicator__code",))
    ordering_fields = ["year", "period", "region"]

    def get_queryset(self):
        return Achievement.objects.for_user(self.request.user).select_related("indicator")

    @extend_schema(
        request=AchievementSaveSerializer,
        responses=AchievementSerializer,
        description="Enters or corrects the achievement of an indicator, region and period.\n\n"
        "Besides each field's own type, it must meet these rules (else 400):\n"
        "- `period` is one the indicator is reported for: 1-12 for a monthly indicator, "
        "101-104 for a quarterly one, 0 for a yearly one.\n"
        "- The indicator is entered, not computed by the portal.\n"
        "- `region` is a province or kab/kota the user may change (else 403).",
    )
    def create(self, request):
        data = _validated(AchievementSaveSerializer, request.data)
        region = get_object_or_404(Region.objects.for_user(request.user), code=data["region"])
        indicator = get_object_or_404(Indicator, code=data["indicator"], is_active=True)
        saved = achievement_services.achievement_save(
            region=region,
            indicator=indicator,
            year=data["year"],
            period=data["period"],
            value=data["value"],
            user=request.user,
            submit=data.get("submit", False),
        )
        return Response(self.get_serializer(saved).data, status=status.HTTP_201_CREATED)
