"""Stunting URLs (under /stunting/), in Indonesian like the rest of the portal."""

from django.urls import path

from pokja.kernel.records import record_urls
from stunting import views, views_excel
from stunting.record_types import RECORD_TYPES

app_name = "stunting"

urlpatterns = [
    path("nasional/", views.national_dashboard, name="national"),
    path(
        "nasional/ekspor.<str:export_format>",
        views.ranking_export,
        name="national_export",
    ),
    path("provinsi/<str:code>/", views.province_dashboard, name="province"),
    path("provinsi/<str:code>/cetak/", views.province_print, name="province_print"),
    path(
        "provinsi/<str:code>/ekspor.<str:export_format>",
        views.ranking_export,
        name="province_export",
    ),
    path("provinsi/<str:code>/impor/", views_excel.import_figures, name="import"),
    path("provinsi/<str:code>/templat/", views_excel.download_template, name="template"),
    path("kabkota/<str:code>/", views.region_dashboard, name="region"),
    path(
        "kabkota/<str:code>/aksi/<int:year>/<int:action>/",
        views.action_edit,
        name="action_edit",
    ),
    path("aksi/<int:pk>/berkas/", views.action_document, name="action_document"),
    *record_urls(RECORD_TYPES),
]
