"""Serializers generated from a RecordType: the fields its form edits, its parent, its region's
code, and what the workflow keeps (status, version, verifier, dates). They describe input and
output for the schema; input is validated by the record type's form (see forms.py), so what a
create requires is what the form requires (`_form_required`), not what the model defaults.
A file is never given as its storage path: each is a link to the API action that serves it after
the scope check (`document/`, `rkm-document/` ...), or null."""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.db.models import FileField
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from pokja.api.provenance import ProvenanceLinkField
from pokja.kernel.records import RecordType
from pokja.kernel.years import program_years, validate_program_year

WORKFLOW_FIELDS = ("status", "rejection_reason", "verified_by", "verified_at", "created_at")
READ_ONLY_WORKFLOW = ("rejection_reason", "verified_by", "verified_at", "created_at")


def status_label_field() -> serializers.CharField:
    """The state's word (Terverifikasi, Ditolak ...), as the pages, exports and e-mails say it;
    `status` keeps the machine value."""
    return serializers.CharField(
        source="get_status_display",
        read_only=True,
        help_text="The state's word in the reader's language, as the portal shows it.",
    )


def _model_fields(model, names) -> list[str]:
    present = {f.name for f in model._meta.get_fields()}
    return [n for n in names if n in present]


def _form_fields(form_class) -> list[str]:
    return [n for n in form_class._meta.fields if n != "document"]


def _form_required(form_class, names) -> dict[str, dict]:
    """`required` as the form has it: a field with a model default (a status, a month) is
    optional for DRF, but the form (web and API alike) refuses a create without it."""
    fields = form_class.base_fields
    return {n: {"required": fields[n].required} for n in names if n in fields}


def _year_bounds(model, names) -> dict[str, dict]:
    """A year checked by `validate_program_year` (a function the schema cannot read) gets its
    range as minimum and maximum; the range moves at New Year, with the next start."""
    years = program_years()
    bounds = {}
    for name in names:
        try:
            validators = model._meta.get_field(name).validators
        except FieldDoesNotExist:
            continue
        if validate_program_year in validators:
            bounds[name] = {"min_value": years[0], "max_value": years[-1]}
    return bounds


def _field_kwargs(record_type: RecordType, names) -> dict[str, dict]:
    kwargs = _form_required(record_type.form_class, names)
    for name, extra in _year_bounds(record_type.model, names).items():
        kwargs.setdefault(name, {}).update(extra)
    return kwargs


def file_fields(model) -> list[str]:
    """The model's files besides its evidence document (e.g. a profile's `rkm_document`)."""
    return [
        f.name
        for f in model._meta.get_fields()
        if isinstance(f, FileField) and f.name != "document"
    ]


def file_action(name: str) -> str:
    """The URL segment and route name suffix of the action serving file field `name`."""
    return name.replace("_", "-")


@extend_schema_field(OpenApiTypes.URI)
class DocumentUrlField(serializers.Field):
    """Where the API serves the evidence file (after the same scope check), or null."""

    def __init__(self, url_name: str, **kwargs):
        self.url_name = url_name
        super().__init__(source="*", read_only=True, allow_null=True, **kwargs)

    def to_representation(self, record):
        if not getattr(record, "document", None):
            return None
        url = reverse(self.url_name, kwargs={"pk": record.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class FileLinkField(serializers.FileField):
    """A file besides the document: uploaded as a file (multipart), read back as the link of
    the API action that serves it after the scope check, or null. Never the storage path,
    which is no URL anyone can open."""

    def __init__(self, url_name: str, **kwargs):
        self.url_name = url_name
        super().__init__(required=False, allow_null=True, **kwargs)

    def get_attribute(self, instance):
        return instance  # the record: its pk makes the link

    def to_representation(self, record):
        if not getattr(record, self.field_name, None):
            return None
        url = reverse(self.url_name, kwargs={"pk": record.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


def child_serializer(record_type: RecordType) -> type[serializers.ModelSerializer]:
    formset_class = record_type.formset_class
    model = formset_class.model
    meta = type("Meta", (), {"model": model, "fields": ["id", *_form_fields(formset_class.form)]})
    attrs = {"Meta": meta, "id": serializers.IntegerField(required=False)}
    return type(f"{model.__name__}Serializer", (serializers.ModelSerializer,), attrs)


def children_name(record_type: RecordType) -> str:
    return record_type.formset_class.fk.remote_field.get_accessor_name()


def record_serializer(record_type: RecordType, basename: str) -> type[serializers.ModelSerializer]:
    model = record_type.model
    parent = record_type.parent.field
    editable = _form_fields(record_type.form_class)
    workflow = _model_fields(model, WORKFLOW_FIELDS) if record_type.verifiable else []
    fields = ["id", parent, "region", *editable, *workflow]
    if "status" in workflow:
        fields.insert(fields.index("status") + 1, "status_label")
    if "version" in {f.name for f in model._meta.get_fields()}:
        fields.append("version")
    # The region's code; written only when the region is the parent (e.g. a prevalence figure:
    # POST names it, a PATCH cannot move the record).
    region_is_parent = parent == "region"
    attrs = {
        "region": serializers.CharField(
            source=f"{record_type.region_path.replace('__', '.')}_id",
            read_only=not region_is_parent,
            help_text="Kemendagri code of the record's region"
            + (
                " (required on create; a change cannot move the record)."
                if region_is_parent
                else "."
            ),
        ),
        "version": serializers.IntegerField(
            required=False,
            help_text="The version you read; required when changing a record. A stale one is "
            "refused with 409.",
        ),
    }
    for name in file_fields(model):
        if name in fields:
            label = model._meta.get_field(name).verbose_name
            attrs[name] = FileLinkField(f"api:{basename}-{file_action(name)}", label=label)
    if any(isinstance(f, FileField) and f.name == "document" for f in model._meta.get_fields()):
        fields.append("document")
        attrs["document"] = DocumentUrlField(f"api:{basename}-document")
    if record_type.formset_class is not None:
        name = children_name(record_type)
        fields.append(name)
        attrs[name] = child_serializer(record_type)(many=True, required=False)
    if "status_label" in fields:
        attrs["status_label"] = status_label_field()
    if record_type.provenance is not None:
        fields.append("asal_angka")
        attrs["asal_angka"] = ProvenanceLinkField(*record_type.provenance)
    read_only = [f for f in (*READ_ONLY_WORKFLOW, "id") if f in fields]
    meta = type(
        "Meta",
        (),
        {
            "model": model,
            "fields": fields,
            "read_only_fields": read_only,
            "extra_kwargs": _field_kwargs(record_type, editable + workflow),
            "ref_name": model.__name__,
        },
    )
    attrs["Meta"] = meta
    return type(f"{model.__name__}Serializer", (serializers.ModelSerializer,), attrs)
