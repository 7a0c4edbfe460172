"""The prevalence workbook: template download and upload, for the province's staff (and
admins) only; anyone else gets a 404."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from pokja.kernel import policy
from pokja.kernel.regions import Region
from pokja.kernel.scoping import CHANGE
from pokja.kernel.years import selected_year, year_choices
from stunting import excel

IMPORT_MAX_BYTES = min(settings.UPLOAD_MAX_BYTES, 5 * 1024 * 1024)


class FigureImportForm(forms.Form):
    berkas = forms.FileField(
        label=gettext_lazy("Filled-in template (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_berkas(self):
        upload = self.cleaned_data["berkas"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; the largest workbook accepted is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(IMPORT_MAX_BYTES)}
            )
        return upload


def _province_to_manage(request, code: str) -> Region:
    province = get_object_or_404(
        Region.objects.for_user(request.user, CHANGE).provinces(), code=code
    )
    if not policy.may_manage_province(request.user, province.code):
        raise Http404
    return province


@transaction.non_atomic_requests
@require_GET
def download_template(request, code: str):
    province = _province_to_manage(request, code)
    year = selected_year(request.GET, year_choices(back=8))
    source = (request.GET.get("sumber") or "SSGI").strip()[:100] or "SSGI"
    response = HttpResponse(
        excel.build_template(province, source, year), content_type=excel.XLSX_CONTENT_TYPE
    )
    filename = f"templat-stunting-{province.code}-{year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
def import_figures(request, code: str):
    """Upload a filled-in template: every row is checked; all rows are imported, or none."""
    province = _province_to_manage(request, code)
    result = None
    form = FigureImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        result = excel.import_figures(
            user=request.user, province=province, fileobj=form.cleaned_data["berkas"]
        )
        if result.ok:
            messages.success(
                request,
                _(
                    "%(source)s %(year)s imported: %(written)s figures saved, "
                    "%(unchanged)s unchanged."
                )
                % {
                    "source": result.source_label,
                    "year": result.year,
                    "written": result.written,
                    "unchanged": result.unchanged,
                },
            )
            url = reverse("stunting:province", args=[province.code])
            return redirect(f"{url}?sumber={_param(result)}")
    return render(
        request,
        "stunting/import.html",
        {
            "province": province,
            "form": form,
            "result": result,
            "years": year_choices(back=8),
            "year": selected_year(request.GET, year_choices(back=8)),
        },
    )


def _param(result: excel.ImportResult) -> str:
    source = result.source_label
    return {"SSGI": "ssgi", "SKI": "ski"}.get(source, f"lainnya:{source}")
