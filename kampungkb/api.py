"""The Kampung KB app's API resource (registered in registrations.py): the maturity class of each
Kampung KB and year, as the nightly classification stored it, read-only, with where it comes
from (`asal_angka`: the twelve indicators and the profile used)."""

from __future__ import annotations

from rest_framework import serializers, viewsets

from kampungkb.models import MaturityClass
from pokja.api.filters import filterset_for
from pokja.api.provenance import ProvenanceLinkField


class MaturityClassSerializer(serializers.ModelSerializer):
    kampung_name = serializers.CharField(source="kampung.name", read_only=True)
    region = serializers.CharField(
        source="kampung.region_id", read_only=True, help_text="Kemendagri code of the village."
    )
    level_label = serializers.CharField(source="get_level_display", read_only=True)
    asal_angka = ProvenanceLinkField("kampung-kb", lambda c: (c.kampung_id, c.year))

    class Meta:
        model = MaturityClass
        fields = [
            "id",
            "kampung",
            "kampung_name",
            "region",
            "year",
            "level",
            "level_label",
            "computed_at",
            "asal_angka",
        ]


class MaturityClassViewSet(viewsets.ReadOnlyModelViewSet):
    """Kampung KB maturity classes (kelas Kampung KB) within the caller's scope; filter by
    `region` (takes in every village below it), `kampung`, `year` and `level`."""

    serializer_class = MaturityClassSerializer
    filterset_class = filterset_for(MaturityClass, extra=("kampung",))
    ordering_fields = ["year", "kampung"]

    def get_queryset(self):
        return MaturityClass.objects.for_user(self.request.user).select_related("kampung")
