"""Targets in Excel: the template download, the upload with its per-row error report, exports.

Only the province's own staff (and admins) download and upload the template; anyone else gets a
404, so a province's pages do not confirm to outsiders that they exist. Exports are read-only and
start from the user's scope, so national users export every province and provincial staff their
own.
"""

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

from pokja.kernel import policy, years
from pokja.kernel.regions import Region
from pokja.kernel.scoping import CHANGE
from targets import excel

# A filled-in template is a few dozen kilobytes; this leaves room and refuses zip bombs early.
IMPORT_MAX_BYTES = min(settings.UPLOAD_MAX_BYTES, 5 * 1024 * 1024)
EXPORT_KINDS = {"target": "targets", "capaian": "achievements", "evaluasi": "evaluations"}


def year_choices() -> list[int]:
    """A target may be set for next year, this year or last year."""
    return years.year_choices(back=1, ahead=1)


class TargetImportForm(forms.Form):
    tahun = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int)
    berkas = forms.FileField(
        label=gettext_lazy("Filled-in template (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tahun"].choices = [(y, y) for y in year_choices()]

    def clean_berkas(self):
        upload = self.cleaned_data["berkas"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; the largest workbook accepted is %(limit)s.")
                % {
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(IMPORT_MAX_BYTES),
                }
            )
        return upload


def _province_to_manage(request, province_code: str) -> Region:
    """The province, if the user sets its targets; a 404 for everyone else."""
    province = get_object_or_404(
        Region.objects.for_user(request.user, CHANGE).provinces(), code=province_code
    )
    if not policy.may_manage_province(request.user, province.code):
        raise Http404
    return province


@transaction.non_atomic_requests
@require_GET
def template_download(request, province_code: str):
    province = _province_to_manage(request, province_code)
    year = years.selected_year(request.GET, year_choices())
    response = HttpResponse(
        excel.build_template(province, year), content_type=excel.XLSX_CONTENT_TYPE
    )
    filename = f"templat-target-{province.code}-{year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
def import_targets(request, province_code: str):
    """Upload a filled-in template: every row is checked; all rows are imported, or none."""
    province = _province_to_manage(request, province_code)
    result = None
    if request.method == "POST":
        form = TargetImportForm(request.POST, request.FILES)
        if form.is_valid():
            year = form.cleaned_data["tahun"]
            result = excel.import_targets(
                user=request.user,
                province=province,
                year=year,
                fileobj=form.cleaned_data["berkas"],
            )
            if result.ok:
                messages.success(
                    request,
                    _(
                        "Targets %(year)s imported: %(written)s indicators set and split, "
                        "%(unchanged)s unchanged."
                    )
                    % {"year": year, "written": result.written, "unchanged": result.unchanged},
                )
                return redirect(f"{reverse('targets:import', args=[province.code])}?tahun={year}")
    else:
        form = TargetImportForm(initial={"tahun": years.selected_year(request.GET, year_choices())})
    year = (
        form.cleaned_data["tahun"]
        if form.is_bound and form.is_valid()
        else years.selected_year(request.GET, year_choices())
    )
    return render(
        request,
        "targets/excel/import.html",
        {
            "province": province,
            "year": year,
            "years": year_choices(),
            "form": form,
            "result": result,
            "export_kinds": EXPORT_KINDS,
            "export_formats": excel.EXPORT_FORMATS,
        },
    )


@transaction.non_atomic_requests
@require_GET
def export(request, kind: str, export_format: str):
    """Targets, achievements or evaluations as CSV or XLSX: `?tahun=` and optional `?provinsi=`.

    Evaluations are per province, so they need `provinsi`.
    """
    if kind not in EXPORT_KINDS or export_format not in excel.EXPORT_FORMATS:
        raise Http404
    year = _export_year(request.GET)
    province = None
    if request.GET.get("provinsi"):
        province = get_object_or_404(
            Region.objects.for_user(request.user).provinces(), code=request.GET["provinsi"]
        )
    elif kind == "evaluasi":
        raise Http404
    body = excel.export_rows(
        kind=EXPORT_KINDS[kind],
        export_format=export_format,
        user=request.user,
        year=year,
        province=province,
    )
    response = HttpResponse(body, content_type=excel.EXPORT_FORMATS[export_format])
    scope = province.code if province else "semua"
    filename = f"{kind}-{scope}-{year}.{export_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _export_year(data) -> int:
    """Exports reach back further than the years targets are set for: any program year."""
    return years.selected_year(data)
