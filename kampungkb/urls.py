from django.urls import path

from kampungkb import excel_views
from kampungkb.record_types import RECORD_TYPES
from kampungkb.views import files, pages, registry
from pokja.kernel.records import record_urls

app_name = "kampungkb"

urlpatterns = [
    path("", pages.home, name="home"),
    path("nasional/", pages.national, name="national"),
    path("wilayah/<str:code>/", pages.region, name="region"),
    path("wilayah/<str:code>/hitung-kelas/", pages.recompute, name="recompute"),
    path("wilayah/<str:code>/tambah/", registry.create, name="create"),
    path("wilayah/<str:code>/excel/<str:kind>/", excel_views.excel_page, name="excel"),
    path(
        "wilayah/<str:code>/excel/<str:kind>/templat/",
        excel_views.excel_template,
        name="excel_template",
    ),
    path("<int:pk>/", pages.detail, name="detail"),
    path("<int:pk>/ubah/", registry.edit, name="edit"),
    path("<int:pk>/tutup/", registry.close, name="close"),
    path("<int:pk>/foto/", files.kampung_photo, name="photo"),
    path("profil/<int:pk>/rkm/", files.profile_rkm, name="profile_rkm"),
    *record_urls(RECORD_TYPES),
]
