"""A REST resource for every record type, built from its RecordType declaration.

- reads: `record_type.queryset(user)`, i.e. `for_user`; outside the scope is 404;
- writes: the record type's form validates (same rules and messages as the web), the kernel's
  workflow saves (scope re-checked, history kept, version checked); a record the user sees but
  may not change is 403, a stale version 409 with both versions;
- status transitions: POST .../{id}/submit/, verify/, reject/, return/ (the last two with a
  reason), each optionally naming the status it expects (`expected_status`).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from pokja.api import forms as api_forms
from pokja.api.errors import Conflict
from pokja.api.filters import ORDERING_FIELDS, filterset_for, present
from pokja.api.schema import file_responses
from pokja.api.serializers import children_name, file_action, file_fields, record_serializer
from pokja.kernel import policy, workflow
from pokja.kernel.records import RecordType
from pokja.kernel.scoping import CHANGE
from pokja.kernel.uploads import evidence_response
from pokja.kernel.verification import Status

REQUIRED = _lazy("This field is required.")


class TextField(serializers.CharField):
    """A JSON string: DRF's CharField would also take a number and make it one."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


def expected_status_field() -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=Status.choices,
        required=False,
        allow_blank=True,
        help_text="The status you saw; 409 if it moved meanwhile. Empty or absent: no check.",
    )


# The transitions' bodies: these serializers document them and validate them (one place).
# Documented as JSON (a transition carries no file); a form-encoded body is still read, for the
# scripts written before the schema said so.
ReasonSerializer = inline_serializer(
    "Reason",
    {
        "reason": TextField(max_length=2000, help_text="Why; the record's owner reads it."),
        "expected_status": expected_status_field(),
    },
)
ExpectedStatusSerializer = inline_serializer(
    "ExpectedStatus", {"expected_status": expected_status_field()}
)


class RecordViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    record_type: RecordType
    # PATCH only: a change names the version it starts from and the fields it changes.
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        queryset = self.record_type.queryset(self.request.user)
        if self.record_type.formset_class is not None:
            name = children_name(self.record_type)
            queryset = queryset.prefetch_related(Prefetch(name))
        return queryset

    # --- writes ----------------------------------------------------------------------------

    def _parent_for_create(self):
        user = self.request.user
        if not user.can_change_data:
            raise PermissionDenied(policy.edit_refusal(user, None))
        parent = self.record_type.parent
        value = self.request.data.get(parent.field)
        if value in (None, ""):
            raise ValidationError(self._missing_documented_fields() | {parent.field: [REQUIRED]})
        queryset = parent.model.objects.for_user(user, CHANGE)
        if parent.limit_to is not None:
            queryset = queryset.filter(parent.limit_to)
        try:
            return get_object_or_404(queryset, pk=value)
        except (ValueError, TypeError, DjangoValidationError) as exc:
            raise Http404 from exc

    def _missing_documented_fields(self) -> dict:
        """Every field the schema marks required and the body lacks: without a parent there is
        no form to ask, and the answer still names them all (the form names them otherwise)."""
        data = self.request.data
        return {
            name: [REQUIRED]
            for name, field in self.get_serializer().fields.items()
            if field.required and not field.read_only and name not in data
        }

    def _save(self, record, parent, *, expected_version=None):
        payload = self.request.data
        form = api_forms.record_form(
            self.record_type,
            user=self.request.user,
            parent=parent,
            instance=record,
            payload=payload,
            files=self.request.FILES,
        )
        formset_class = self.record_type.formset_class
        name = children_name(self.record_type) if formset_class is not None else None
        rows = payload.get(name) if name else None
        # Wrong shapes first (a list where one value goes): the forms would fail on them.
        shape = api_forms.shape_errors(form.fields, payload)
        if rows is not None and (bad_rows := api_forms.rows_errors(formset_class, rows)):
            shape[name] = bad_rows
        if shape:
            raise ValidationError(shape)
        errors = {} if form.is_valid() else api_forms.form_errors(form)
        children = []
        if formset_class is not None and (rows is not None or not record.pk):
            formset = api_forms.children_formset(self.record_type, instance=record, rows=rows or [])
            if not formset.is_valid():
                errors[name] = api_forms.formset_errors(formset)
            children.append(formset)
        if errors:
            raise ValidationError(errors)
        try:
            saved = workflow.record_save(
                record=form.save(commit=False),
                user=self.request.user,
                expected_version=expected_version,
                children=children,
            )
        except workflow.StaleRecord as stale:
            raise self._conflict(stale, expected_version) from stale
        return saved

    def _conflict(self, stale: workflow.StaleRecord, yours) -> Conflict:
        current = self.get_serializer(stale.current).data
        return Conflict(
            {
                "detail": "Nothing was saved: someone changed this record meanwhile.",
                "your_version": yours,
                "current_version": getattr(stale.current, "version", None),
                "current": current,
            }
        )

    def create(self, request, *args, **kwargs):
        parent = self._parent_for_create()
        record = self.record_type.model(**{self.record_type.parent.field: parent})
        saved = self._save(record, parent)
        return Response(self.get_serializer(saved).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        record = self.get_object()
        policy.require_edit(request.user, record)
        try:
            version = int(request.data["version"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ValidationError(
                {"version": ["Give the version you read: it guards against lost updates."]}
            ) from exc
        saved = self._save(record, self.record_type.parent_of(record), expected_version=version)
        return Response(self.get_serializer(saved).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("version", int, description="The version you read (409 if stale).")
        ]
    )
    def destroy(self, request, *args, **kwargs):
        record = self.get_object()
        policy.require_edit(request.user, record)
        version = request.query_params.get("version")
        try:
            version = int(version) if version else None
        except ValueError as exc:
            raise ValidationError({"version": [_("Enter a whole number.")]}) from exc
        try:
            workflow.record_delete(record=record, user=request.user, expected_version=version)
        except workflow.StaleRecord as stale:
            raise self._conflict(stale, version) from stale
        return Response(status=status.HTTP_204_NO_CONTENT)


class TransitionsMixin:
    """Status transitions of a verifiable record, through the kernel's workflow."""

    def _body(self, documented) -> dict:
        """The body, validated by the serializer that documents it (an inline serializer is an
        instance: a fresh one of its class)."""
        serializer = type(documented)(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _transition(self, service, documented=ExpectedStatusSerializer, **kwargs):
        record = self.get_object()  # outside the scope: 404 before anything else
        body = self._body(documented)
        expected = body.get("expected_status") or None
        if "reason" in body:
            reason = body["reason"].strip()
            if not reason:
                raise ValidationError({"reason": [_("Say why the record is rejected.")]})
            kwargs["reason"] = reason
        try:
            saved = service(
                record=record, user=self.request.user, expected_status=expected, **kwargs
            )
        except workflow.StaleRecord as stale:
            current = self.get_serializer(stale.current).data
            raise Conflict(
                {
                    "detail": "Nothing was changed: the status changed meanwhile.",
                    "expected_status": expected,
                    "current_status": stale.current.status,
                    "current": current,
                }
            ) from stale
        return Response(self.get_serializer(saved).data)

    @extend_schema(request={"application/json": ExpectedStatusSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._transition(workflow.record_submit)

    @extend_schema(request={"application/json": ExpectedStatusSerializer})
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        return self._transition(workflow.record_verify)

    @extend_schema(request={"application/json": ReasonSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._transition(workflow.record_reject, ReasonSerializer)

    @extend_schema(request={"application/json": ReasonSerializer}, operation_id=None)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        return self._transition(workflow.record_return, ReasonSerializer)


class DocumentMixin:
    @extend_schema(
        responses=file_responses(
            "The evidence file as its detected type (PDF, JPEG or PNG); any other content as "
            "an opaque octet-stream. 404 when the record has no file."
        )
    )
    @action(detail=True, methods=["get"])
    def document(self, request, pk=None):
        """The evidence file, served after the same scope check as the record."""
        record = self.get_object()
        if not record.document:
            raise Http404
        slug = self.record_type.slug
        return evidence_response(record.document, record.document_name, f"{slug}-{record.pk}")


def file_download_action(record_type: RecordType, name: str):
    """GET .../{id}/<name with dashes>/: the record's file `name` (e.g. a profile's RKM), served
    as the document is, after the same scope check; 404 when the record has none."""
    label = record_type.model._meta.get_field(name).verbose_name

    def download(self, request, pk=None):
        record = self.get_object()
        stored = getattr(record, name)
        if not stored:
            raise Http404
        original = getattr(record, f"{name}_name", "")
        return evidence_response(stored, original, f"{file_action(name)}-{record.pk}")

    # Named before decorating: @action maps GET to the function's name, the viewset's attribute.
    download.__name__ = download.__qualname__ = name
    routed = action(
        detail=True, methods=["get"], url_path=file_action(name), url_name=file_action(name)
    )(download)
    # After @action: drf-spectacular keeps an action's schema in the kwargs @action set.
    return extend_schema(
        description=f"The file '{label}' (field `{name}`), served after the scope check.",
        responses=file_responses(
            "The file as its detected type (PDF, JPEG or PNG); any other content as an opaque "
            "octet-stream. 404 when the record has no such file."
        ),
    )(routed)


def record_viewset(record_type: RecordType, basename: str) -> type[RecordViewSet]:
    """The viewset of one record type: CRUD, plus transitions and document when verifiable, and
    one download action per other file field."""
    model = record_type.model
    bases = (
        (TransitionsMixin, DocumentMixin, RecordViewSet)
        if record_type.verifiable
        else (RecordViewSet,)
    )
    attrs = {
        "record_type": record_type,
        "queryset": model.objects.none(),  # for the schema; get_queryset scopes
        "serializer_class": record_serializer(record_type, basename),
        "filterset_class": filterset_for(model),
        "ordering_fields": present(model, ORDERING_FIELDS),
        "__doc__": f"{model._meta.verbose_name_plural} (record type `{record_type.slug}`).",
    }
    for name in file_fields(model):
        attrs[name] = file_download_action(record_type, name)
    viewset = type(f"{model.__name__}ViewSet", bases, attrs)
    if record_type.rules:
        viewset = extend_schema_view(create=extend_schema(description=rules_text(record_type)))(
            viewset
        )
    return viewset


def rules_text(record_type: RecordType) -> str:
    """The create's description: what the record is, then the rules beyond each field's own type
    (a request meeting the schema but not these is a 400 naming the rule)."""
    rules = "\n".join(f"- {rule}" for rule in record_type.rules)
    return f"{record_type.model._meta.verbose_name} (record type `{record_type.slug}`).\n\n" + (
        f"Besides each field's own type, a record must meet these rules (else 400):\n{rules}"
    )
