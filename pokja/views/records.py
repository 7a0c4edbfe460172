"""Generic views shared by every kind of Pokja record (see pokja/record_types.py).

Reads start from `Model.objects.for_user(user)`, writes from `for_user(user, CHANGE)`: what lies
outside the user's scope is a 404, for pages, files and form posts alike.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pokja import selectors
from pokja.forms import RejectForm
from pokja.models import Pokja
from pokja.record_types import RecordType
from pokja.scoping import CHANGE, VIEW
from pokja.services import records as record_services
from pokja.uploads import evidence_response


def _get_record(request, record_type: RecordType, pk: int, action: str = VIEW):
    queryset = record_type.model.objects.for_user(request.user, action).select_related(
        "pokja__region"
    )
    return get_object_or_404(queryset, pk=pk)


def _document_url(record_type: RecordType, record) -> str:
    if record_type.verifiable and record.pk and record.document:
        return reverse(f"pokja:{record_type.name}_document", kwargs={"pk": record.pk})
    return ""


def _section_url(record) -> str:
    return record.pokja.get_absolute_url()


def _edit_page(request, record_type: RecordType, pokja: Pokja, record):
    """The create/edit form with its inline rows; saves all or nothing."""
    data = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = record_type.form_class(*data, instance=record, user=request.user, pokja=pokja)
    formset = (
        record_type.formset_class(*data, instance=record) if record_type.formset_class else None
    )
    if request.method == "POST" and form.is_valid() and (formset is None or formset.is_valid()):
        try:
            with transaction.atomic():
                saved = record_services.record_save(
                    record=form.save(commit=False), user=request.user
                )
                if formset is not None:
                    formset.instance = saved
                    formset.save()
        except PermissionDenied as exc:
            raise Http404 from exc
        messages.success(request, _("%(record)s has been saved.") % {"record": saved})
        target = saved.get_absolute_url() if record_type.verifiable else _section_url(saved)
        return redirect(target)
    if request.method == "POST":
        messages.error(request, _("Nothing was saved: correct the fields marked below."))
    context = {
        "form": form,
        "formset": formset,
        "record_type": record_type,
        "pokja": pokja,
        "region": pokja.region,
        "record": record if record.pk else None,
        "verbose_name": record_type.model._meta.verbose_name,
        "formset_title": formset.model._meta.verbose_name_plural if formset else "",
        "document_url": _document_url(record_type, record),
    }
    return render(request, "pokja/record_form.html", context)


@require_http_methods(["GET", "POST"])
def record_create(request, code: str, record_type: RecordType):
    pokja = get_object_or_404(
        Pokja.objects.for_user(request.user, CHANGE).select_related("region"), region_id=code
    )
    return _edit_page(request, record_type, pokja, record_type.model(pokja=pokja))


@require_http_methods(["GET", "POST"])
def record_edit(request, pk: int, record_type: RecordType):
    record = _get_record(request, record_type, pk, CHANGE)
    if not record_services.may_edit(request.user, record):
        messages.error(request, _("A verified record can no longer be changed by a coordinator."))
        return redirect(record.get_absolute_url())
    return _edit_page(request, record_type, record.pokja, record)


@require_GET
def record_detail(request, pk: int, record_type: RecordType):
    record = _get_record(request, record_type, pk)
    children = None
    if record_type.formset_class is not None:
        children = record_type.formset_class.fk.remote_field.get_accessor_name()
        children = list(getattr(record, children).all())
    may_change = record_type.model.objects.for_user(request.user, CHANGE).filter(pk=pk).exists()
    return render(
        request,
        "pokja/record_detail.html",
        {
            "record": record,
            "record_type": record_type,
            "region": record.pokja.region,
            "rows": selectors.field_rows(record, record_type.detail_fields),
            "children": children,
            "history": selectors.history_rows(record),
            "may_edit": may_change and record_services.may_edit(request.user, record),
            "may_verify": may_change and record_services.may_verify(request.user),
            "reject_form": RejectForm(),
            "document_url": _document_url(record_type, record),
            "edit_url": reverse(f"pokja:{record_type.name}_edit", kwargs={"pk": pk}),
            "delete_url": reverse(f"pokja:{record_type.name}_delete", kwargs={"pk": pk}),
            "status_url": reverse(f"pokja:{record_type.name}_status", kwargs={"pk": pk}),
        },
    )


@require_http_methods(["GET", "POST"])
def record_delete(request, pk: int, record_type: RecordType):
    record = _get_record(request, record_type, pk, CHANGE)
    if not record_services.may_edit(request.user, record):
        messages.error(request, _("A verified record can no longer be changed by a coordinator."))
        return redirect(record.get_absolute_url())
    if request.method == "POST":
        target = _section_url(record)
        try:
            record_services.record_delete(record=record, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(target)
        messages.success(request, _("%(record)s has been deleted.") % {"record": record})
        return redirect(target)
    return render(
        request,
        "pokja/record_confirm_delete.html",
        {"record": record, "record_type": record_type, "region": record.pokja.region},
    )


@require_GET
def record_document(request, pk: int, record_type: RecordType):
    """Evidence files are private: served only here, after the scope check."""
    record = _get_record(request, record_type, pk)
    if not record.document:
        raise Http404
    return evidence_response(
        record.document, record.document_name, f"{record_type.slug}-{record.pk}"
    )


@require_POST
def record_status(request, pk: int, record_type: RecordType):
    """Submit, verify or reject a record."""
    record = _get_record(request, record_type, pk, CHANGE)
    action = request.POST.get("action")
    try:
        if action == "submit":
            record_services.record_submit(record=record, user=request.user)
            messages.success(request, _("Submitted for verification."))
        elif action == "verify":
            record_services.record_verify(record=record, user=request.user)
            messages.success(request, _("Verified."))
        elif action == "reject":
            form = RejectForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form.errors["reason"])
            record_services.record_reject(
                record=record, user=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Rejected; the coordinator sees your reason."))
        else:
            raise Http404
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(record.get_absolute_url())
