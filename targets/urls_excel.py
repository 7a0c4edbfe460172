"""URL patterns of the Excel template, import and exports.

A plain list (no `app_name`): targets/urls.py adds these to its own patterns, under the
`targets` namespace: `targets:template_download`, `targets:import`, `targets:export`.
"""

from django.urls import path

from targets import views_excel

urlpatterns = [
    path("<str:province_code>/templat/", views_excel.template_download, name="template_download"),
    path("<str:province_code>/unggah/", views_excel.import_targets, name="import"),
    path(
        "ekspor/<str:kind>.<str:export_format>",
        views_excel.export,
        name="export",
    ),
]
