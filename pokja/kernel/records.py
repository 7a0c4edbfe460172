"""Record types: a kind of record declares its model, form, parent and fields, and gets its
pages (create, detail, edit, delete, document, status) and URLs from here.

A record's parent can be any scoped model: a Pokja, a working group, a region, a village. Reads
start from `Model.objects.for_user(user)`, writes from `for_user(user, CHANGE)`: what lies outside
the user's scope is a 404, for pages, files and form posts alike. Every write goes through
`workflow`; the role rules come from `policy`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import reduce

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pokja.kernel import policy, replay, submissions, workflow
from pokja.kernel.history import field_rows, history_rows
from pokja.kernel.scoping import VIEW
from pokja.kernel.uploads import evidence_response
from pokja.kernel.verification import Verifiable


@dataclass(frozen=True)
class Parent:
    """What a kind of record hangs under, and how its create URL names it.

    `url` is the URL prefix that names one parent (e.g. "wilayah/<str:code>/pokja/"), `lookup`
    the parent's field that the URL's `kwarg` matches (e.g. "region_id").
    """

    model: type[models.Model]
    field: str
    url: str
    lookup: str
    kwarg: str = "code"
    section: str = ""  # anchor of the record's section on the parent's page
    limit_to: Q | None = None  # which parents may have such records (e.g. one kind of group)

    def get_for_change(self, user, value) -> models.Model:
        """The parent a new record goes under: outside the scope 404, seen but not the user's
        to change 403 (`policy.require_change_region`)."""
        queryset = self.model.objects.for_user(user)
        if self.limit_to is not None:
            queryset = queryset.filter(self.limit_to)
        parent = get_object_or_404(queryset, **{self.lookup: value})
        policy.require_change_region(user, policy.region_code_of(parent))
        return parent


@dataclass(frozen=True)
class RecordType:
    slug: str  # URL segment, in Indonesian like the rest of the URLs
    model: type[models.Model]
    form_class: type[forms.ModelForm]
    parent: Parent
    detail_fields: tuple[str, ...] = ()
    formset_class: type | None = None
    section: str = ""  # anchor on the parent's page; the parent's default when empty
    select_related: tuple[str, ...] = field(default=())
    # The figure a record carries, for "Asal angka": (figure kind, fn(record) -> ref parts);
    # the API then gives each record's provenance address as `asal_angka`.
    provenance: tuple[str, Callable] | None = None
    # Before the create form opens (GET): fn(request, parent) -> a response sending the person
    # to the record that already exists (a month already entered), or None to open the form.
    before_create: Callable | None = None
    # Files of the record besides its document, listed with it on its page:
    # (field name, URL name of the scoped download view taking the record's pk).
    extra_files: tuple[tuple[str, str], ...] = ()
    # The form field saying which month or day a record describes. Set, the form may also be
    # filled without a connection: the device keeps it in its queue ("Antrean kirim") and
    # sends it later (static/js/offline.js), the queue listing it by that field.
    offline_when_field: str = ""
    # Rules a create must meet beyond each field's own type (between fields, or against other
    # records), in words for API clients: the schema lists them in the create's description,
    # so a request refused for one of them is refused for a documented reason.
    rules: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.model._meta.model_name

    @property
    def app_label(self) -> str:
        return self.model._meta.app_label

    @property
    def verifiable(self) -> bool:
        return issubclass(self.model, Verifiable)

    @property
    def region_path(self) -> str:
        """The path from the record to its Region, e.g. "pokja__region"."""
        return self.model.objects.all().region_code_field.removesuffix("__code")

    def url_name(self, action: str) -> str:
        return f"{self.app_label}:{self.name}_{action}"

    def url(self, action: str, record: models.Model) -> str:
        return reverse(self.url_name(action), kwargs={"pk": record.pk})

    def create_url(self, parent: models.Model) -> str:
        value = reduce(getattr, self.parent.lookup.split("__"), parent)
        return reverse(self.url_name("create"), kwargs={self.parent.kwarg: value})

    def parent_of(self, record: models.Model) -> models.Model:
        return getattr(record, self.parent.field)

    def region_of(self, record: models.Model):
        return reduce(getattr, self.region_path.split("__"), record)

    def return_url(self, record: models.Model) -> str:
        """Where to go after a save or delete: the record's page, or its section on the parent's."""
        if self.verifiable and record.pk:
            return record.get_absolute_url()
        anchor = self.section or self.parent.section
        parent_url = self.parent_of(record).get_absolute_url()
        return f"{parent_url}#{anchor}" if anchor else parent_url

    def queryset(self, user, action: str = VIEW):
        related = (self.parent.field, self.region_path, *self.select_related)
        return self.model.objects.for_user(user, action).select_related(*related)


# --- Views ---------------------------------------------------------------------------------


def _get_record(request, record_type: RecordType, pk: int, action: str = VIEW):
    return get_object_or_404(record_type.queryset(request.user, action), pk=pk)


def _document_url(record_type: RecordType, record) -> str:
    if record_type.verifiable and record.pk and record.document:
        return record_type.url("document", record)
    return ""


def record_files(record_type: RecordType, record) -> list[dict]:
    """Every file of the record (its document, then the ones its type lists), each with the
    name it was uploaded under and its scoped download link; never a storage path."""
    model = record_type.model
    files = []
    if _document_url(record_type, record):
        files.append(
            {
                "label": getattr(
                    model, "document_label", model._meta.get_field("document").verbose_name
                ),
                "name": record.document_name,
                "url": _document_url(record_type, record),
            }
        )
    for name, url_name in record_type.extra_files:
        if record.pk and getattr(record, name):
            files.append(
                {
                    "label": model._meta.get_field(name).verbose_name,
                    "name": getattr(record, f"{name}_name", ""),
                    "url": reverse(url_name, args=[record.pk]),
                }
            )
    return files


def _page_context(record_type: RecordType, parent, record) -> dict:
    return {
        "record_type": record_type,
        "record": record if record.pk else None,
        "parent": parent,
        "parent_url": parent.get_absolute_url(),
        "region": record_type.region_of(record),
        "verbose_name": record_type.model._meta.verbose_name,
    }


def conflict_page(request, *, record, current, return_url: str, fields: list[str]):
    """Refuse a stale save: show what the user sent beside what is stored now."""
    rows = [
        {"label": mine[0], "mine": mine[1], "stored": stored[1]}
        for mine, stored in zip(
            field_rows(record, fields), field_rows(current, fields), strict=True
        )
    ]
    messages.error(request, _("Nothing was saved: someone changed this record meanwhile."))
    return render(
        request,
        "partials/conflict.html",
        {"record": current, "rows": rows, "return_url": return_url},
        status=409,
    )


def _form_fields(form) -> list[str]:
    model_fields = {f.name for f in form._meta.model._meta.get_fields()}
    return [name for name in form.fields if name in model_fields and name != "document"]


def _edit_page(request, record_type: RecordType, parent, record):
    """The create/edit form with its inline rows; saves all or nothing.

    A form replayed from the device's queue carries a submission key (saved once, whatever
    the number of replays) and asks for a JSON answer (`pokja/kernel/replay.py`)."""
    key = submissions.posted_key(request) if request.method == "POST" else None
    if seen := submissions.already_saved(request.user, key):
        return replay.already_received(request, seen)
    as_json = request.method == "POST" and replay.wants_json(request)
    data = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = record_type.form_class(*data, instance=record, user=request.user, parent=parent)
    formset = (
        record_type.formset_class(*data, instance=record) if record_type.formset_class else None
    )
    if request.method == "POST" and form.is_valid() and (formset is None or formset.is_valid()):
        try:
            saved = _save(request, record_type, form, formset, key)
        except workflow.StaleRecord as stale:
            if as_json:
                return replay.conflict(
                    mine=form.instance,
                    current=stale.current,
                    record_url=stale.current.get_absolute_url(),
                    fields=_form_fields(form),
                )
            return conflict_page(
                request,
                record=form.instance,
                current=stale.current,
                return_url=record_type.url("edit", stale.current),
                fields=_form_fields(form),
            )
        except ValidationError as refused:
            # What the form let through and the save refused (someone saved the same month a
            # moment earlier): shown on the form like any other error; its files are kept.
            form.refused(refused)
        except IntegrityError as clash:
            # The same key replayed twice at once: the other request saved it.
            if seen := submissions.already_saved(request.user, key):
                return replay.already_received(request, seen)
            form.refused(_constraint_error(form.instance, clash))
        else:
            if as_json:
                return replay.saved(saved, record_type.return_url(saved))
            messages.success(request, _("%(record)s has been saved.") % {"record": saved})
            return redirect(record_type.return_url(saved))
    if as_json:
        return replay.invalid(form, formset)
    if request.method == "POST":
        messages.error(request, _("Nothing was saved: correct the fields marked below."))
    context = _page_context(record_type, parent, record)
    context.update(
        form=form,
        formset=formset,
        formset_title=formset.model._meta.verbose_name_plural if formset else "",
        document_url=_document_url(record_type, record),
        cancel_url=record_type.return_url(record) if record.pk else parent.get_absolute_url(),
        offline_when_label=(
            form.fields[record_type.offline_when_field].label
            if record_type.offline_when_field
            else ""
        ),
    )
    return render(request, "pokja/record_form.html", context)


def _constraint_error(record, clash: IntegrityError) -> ValidationError:
    """The constraint a failed insert broke, in its own words (re-checked now that the other
    row is committed); the database's error again when no constraint explains it."""
    try:
        record.validate_constraints()
    except ValidationError as error:
        return error
    raise clash


@transaction.atomic
def _save(request, record_type: RecordType, form, formset, key):
    """The record and its submission key, both or neither."""
    saved = workflow.record_save(
        record=form.save(commit=False),
        user=request.user,
        expected_version=form.cleaned_data.get("expected_version"),
        children=[formset] if formset is not None else [],
    )
    submissions.remember(request.user, key, record_type.return_url(saved))
    return saved


@require_http_methods(["GET", "POST"])
def record_create(request, record_type: RecordType, **kwargs):
    parent = record_type.parent.get_for_change(request.user, kwargs[record_type.parent.kwarg])
    if request.method == "GET" and record_type.before_create is not None:
        elsewhere = record_type.before_create(request, parent)
        if elsewhere is not None:
            return elsewhere
    record = record_type.model(**{record_type.parent.field: parent})
    return _edit_page(request, record_type, parent, record)


def _get_for_change(request, record_type: RecordType, pk: int):
    """A record the user may change: outside the scope 404; seen but refused by role or state
    (a national reader; a coordinator and a verified record) 403 with the reason, on a direct
    POST as on a GET (the policy's one rule, see `policy.require_edit`)."""
    record = _get_record(request, record_type, pk)
    policy.require_edit(request.user, record)
    return record


@require_http_methods(["GET", "POST"])
def record_edit(request, pk: int, record_type: RecordType):
    record = _get_for_change(request, record_type, pk)
    return _edit_page(request, record_type, record_type.parent_of(record), record)


def action_labels(model) -> dict:
    """The status buttons' words: the kernel's, or the ones the kind of record chose."""
    labels = {
        "submit": _("Submit for verification"),
        "verify": _("Verify"),
        "reject": _("Reject"),
        "return": _("Return for correction"),
    }
    return {**labels, **getattr(model, "action_labels", {})}


@require_GET
def record_detail(request, pk: int, record_type: RecordType):
    record = _get_record(request, record_type, pk)
    children = None
    if record_type.formset_class is not None:
        accessor = record_type.formset_class.fk.remote_field.get_accessor_name()
        children = list(getattr(record, accessor).all())
    context = _page_context(record_type, record_type.parent_of(record), record)
    context.update(
        rows=field_rows(record, record_type.detail_fields),
        children=children,
        history=history_rows(record),
        may_edit=policy.may_edit(request.user, record),
        may_verify=policy.may_verify(request.user, record),
        document_url=_document_url(record_type, record),
        files=record_files(record_type, record),
        action_labels=action_labels(record_type.model),
        edit_url=record_type.url("edit", record),
        delete_url=record_type.url("delete", record),
        status_url=record_type.url("status", record),
    )
    return render(request, "pokja/record_detail.html", context)


@require_http_methods(["GET", "POST"])
def record_delete(request, pk: int, record_type: RecordType):
    record = _get_for_change(request, record_type, pk)
    parent = record_type.parent_of(record)
    if request.method == "POST":
        target = record_type.return_url(record_type.model(**{record_type.parent.field: parent}))
        try:
            workflow.record_delete(
                record=record,
                user=request.user,
                expected_version=_posted_int(request, "expected_version"),
            )
        except workflow.StaleRecord:
            messages.error(
                request, _("Nothing was deleted: someone changed this record meanwhile.")
            )
            return redirect(record_type.return_url(record))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect(record_type.return_url(record))
        messages.success(request, _("%(record)s has been deleted.") % {"record": record})
        return redirect(target)
    context = _page_context(record_type, parent, record)
    context["cancel_url"] = record_type.return_url(record)
    return render(request, "pokja/record_confirm_delete.html", context)


def _posted_int(request, name: str) -> int | None:
    try:
        return int(request.POST[name])
    except (KeyError, ValueError):
        return None


@require_GET
def record_document(request, pk: int, record_type: RecordType):
    """Evidence files are private: served only here, after the scope check."""
    record = _get_record(request, record_type, pk)
    if not record.document:
        raise Http404
    return evidence_response(record.document, record.document_name, f"{record_type.slug}-{pk}")


class ReasonForm(forms.Form):
    """The reason a verifier gives when rejecting or returning a record."""

    reason = forms.CharField(
        label=gettext_lazy("Reason for rejection"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": gettext_lazy("Say why the record is rejected.")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why the record is rejected."))
        return reason


@require_POST
def record_status(request, pk: int, record_type: RecordType):
    """Submit, verify, reject or return a record; the form names the status it was shown."""
    record = _get_record(request, record_type, pk)
    action = request.POST.get("action")
    expected = request.POST.get("expected_status") or None
    try:
        if action == "submit":
            workflow.record_submit(record=record, user=request.user, expected_status=expected)
            messages.success(request, _("Submitted for verification."))
        elif action == "verify":
            workflow.record_verify(record=record, user=request.user, expected_status=expected)
            messages.success(request, _("Verified."))
        elif action in ("reject", "return"):
            form = ReasonForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form.errors["reason"])
            service = workflow.record_reject if action == "reject" else workflow.record_return
            service(
                record=record,
                user=request.user,
                reason=form.cleaned_data["reason"],
                expected_status=expected,
            )
            messages.success(request, _("Sent back; the owner sees your reason."))
        else:
            raise Http404
    except workflow.StaleRecord:
        messages.error(
            request, _("Nothing was changed: the status changed meanwhile. Check it again.")
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(record.get_absolute_url())


def record_urls(record_types: list[RecordType]) -> list:
    """The URLs of every record type, e.g. /sk/12/ubah/ named "<app>:decree_edit"."""
    urlpatterns = []
    for rt in record_types:
        kwargs = {"record_type": rt}
        urlpatterns += [
            path(
                f"{rt.parent.url}{rt.slug}/tambah/", record_create, kwargs, name=f"{rt.name}_create"
            ),
            path(f"{rt.slug}/<int:pk>/ubah/", record_edit, kwargs, name=f"{rt.name}_edit"),
            path(f"{rt.slug}/<int:pk>/hapus/", record_delete, kwargs, name=f"{rt.name}_delete"),
        ]
        if rt.verifiable:
            urlpatterns += [
                path(f"{rt.slug}/<int:pk>/", record_detail, kwargs, name=f"{rt.name}_detail"),
                path(
                    f"{rt.slug}/<int:pk>/berkas/",
                    record_document,
                    kwargs,
                    name=f"{rt.name}_document",
                ),
                path(
                    f"{rt.slug}/<int:pk>/status/", record_status, kwargs, name=f"{rt.name}_status"
                ),
            ]
    return urlpatterns
