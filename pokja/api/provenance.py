"""'Asal angka' in the API: /api/v1/asal-angka/<kind>/<ref>/ gives what any figure is computed
from (pokja/kernel/provenance.py), and `ProvenanceLinkField` puts that address beside a figure in
the endpoints that return one."""

from __future__ import annotations

from collections.abc import Callable

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from pokja.kernel import provenance as kernel


class SourceRecordSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="What kind of record (SK, achievement ...).")
    label = serializers.CharField()
    url = serializers.CharField(help_text="The record's page.")
    status = serializers.CharField(help_text="Workflow status code, e.g. terverifikasi.")
    status_label = serializers.CharField()
    value = serializers.CharField(help_text="The figure the record carries, if any.")
    entered_by = serializers.CharField()
    entered_at = serializers.DateTimeField(allow_null=True)
    verified_by = serializers.CharField()
    verified_at = serializers.DateTimeField(allow_null=True)
    counts = serializers.BooleanField(help_text="Whether the figure uses this record.")
    note = serializers.CharField(help_text="Why it counts or not.")


class TableSerializer(serializers.Serializer):
    headers = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))


class LinkSerializer(serializers.Serializer):
    label = serializers.CharField()
    url = serializers.CharField()


class SectionSerializer(serializers.Serializer):
    title = serializers.CharField()
    result = serializers.CharField()
    rule = serializers.CharField()
    records = SourceRecordSerializer(many=True)
    table = TableSerializer(allow_null=True)
    link = LinkSerializer(allow_null=True, help_text="Another figure this part rests on.")


class PublicationSerializer(serializers.Serializer):
    title = serializers.CharField()
    source = serializers.CharField()
    published_on = serializers.DateField(allow_null=True)
    url = serializers.CharField()


class ProvenanceSerializer(serializers.Serializer):
    kind = serializers.CharField()
    ref = serializers.CharField()
    url = serializers.CharField(help_text="The provenance page for people.")
    title = serializers.CharField()
    figure = serializers.CharField(help_text="The figure as the pages show it.")
    rule = serializers.CharField(help_text="The rule applied.")
    region = serializers.CharField(allow_null=True)
    year = serializers.IntegerField(allow_null=True)
    computed_at = serializers.DateTimeField(allow_null=True)
    publication = PublicationSerializer(allow_null=True, help_text="For a survey figure.")
    sections = SectionSerializer(many=True)
    notes = serializers.ListField(child=serializers.CharField())


class ProvenanceView(APIView):
    """Where a figure comes from: the rule applied, the records it is computed from (status,
    entered by/at, verified by/at, counted or not), raw figures and, for a survey figure, its
    publication. Kinds: efektivitas (ref code/year), efektif-jumlah (province code/year),
    capaian (code/indicator/year), kampung-kb (kampung id/year), kampung-kb-wilayah (province
    or kab/kota code/year: its Kampung KB count and classes), stunting (code/year), prevalensi
    (figure id; with the target it is judged against). Outside the caller's scope: 404."""

    @extend_schema(
        parameters=[
            OpenApiParameter("kind", str, OpenApiParameter.PATH),
            OpenApiParameter("ref", str, OpenApiParameter.PATH),
        ],
        responses=ProvenanceSerializer,
    )
    def get(self, request, kind: str, ref: str):
        found = kernel.resolve(request.user, kind, ref)
        return Response(ProvenanceSerializer(found.as_dict()).data)


@extend_schema_field(OpenApiTypes.URI)
class ProvenanceLinkField(serializers.Field):
    """The API address of a figure's provenance: `parts(obj)` gives its ref's parts."""

    def __init__(self, kind: str, parts: Callable, **kwargs):
        self.kind, self.parts = kind, parts
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("help_text", "Where this figure comes from (asal angka).")
        super().__init__(**kwargs)

    def to_representation(self, value):
        ref = "/".join(str(part) for part in self.parts(value))
        return reverse("api:provenance", args=[self.kind, ref], request=self.context.get("request"))
