"""The Excel pages of a kab/kota: template download and upload with the per-row report."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from kampungkb import excel
from kampungkb.views.registry import _kabkota_for_change
from pokja.kernel.verification import Status

IMPORT_MAX_BYTES = min(settings.UPLOAD_MAX_BYTES, 5 * 1024 * 1024)
TITLES = {
    excel.REGISTRY: gettext_lazy("Kampung KB registry"),
    excel.PROFILES: gettext_lazy("Monthly profile figures"),
}


class UploadForm(forms.Form):
    berkas = forms.FileField(
        label=gettext_lazy("Filled-in template (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    status = forms.ChoiceField(label=gettext_lazy("Save the profiles as"), required=False)

    def __init__(self, *args, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, Status(s).label) for s in statuses]
        self.fields["status"].initial = statuses[-1] if statuses else None

    def clean_berkas(self):
        upload = self.cleaned_data["berkas"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; the largest workbook accepted is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(IMPORT_MAX_BYTES)}
            )
        return upload


@require_http_methods(["GET", "POST"])
def excel_page(request, code: str, kind: str):
    if kind not in excel.KINDS:
        raise Http404
    kabkota = _kabkota_for_change(request.user, code)
    statuses = excel.statuses_user_may_import(request.user, kabkota)
    form = UploadForm(request.POST or None, request.FILES or None, statuses=statuses)
    result = None
    if request.method == "POST" and form.is_valid():
        status = form.cleaned_data.get("status") or Status.DRAF
        result = excel.import_workbook(
            kind=kind,
            user=request.user,
            kabkota=kabkota,
            fileobj=form.cleaned_data["berkas"],
            status=status,
        )
        if result.ok:
            messages.success(
                request,
                _("Saved: %(created)s new, %(updated)s updated.")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect(reverse("kampungkb:region", args=[kabkota.code]))
        messages.error(request, _("Nothing was saved: correct the rows listed below."))
    return render(
        request,
        "kampungkb/excel.html",
        {
            "kabkota": kabkota,
            "kind": kind,
            "title": TITLES[kind],
            "form": form,
            "result": result,
            "show_status": kind == excel.PROFILES,
        },
    )


@require_GET
def excel_template(request, code: str, kind: str):
    if kind not in excel.KINDS:
        raise Http404
    kabkota = _kabkota_for_change(request.user, code)
    response = HttpResponse(
        excel.build_template(kind, kabkota), content_type=excel.XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = (
        f'attachment; filename="templat-kampung-kb-{kind}-{kabkota.code}.xlsx"'
    )
    return response
